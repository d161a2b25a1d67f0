import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]


def test_importing_voting_does_not_import_django() -> None:
    code = (
        "import sys, wijkgericht.voting, wijkgericht.voting.cli, wijkgericht.voting.completion; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.') or m.startswith('pabutools')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        check=False,
    )
    assert result.returncode == 0, f"voting imported {result.stdout.strip()} {result.stderr}"
