"""wijkgericht.geo must stay pure: importing it may not pull in Django or other Wijkgericht apps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]


def test_importing_geo_does_not_import_django_or_other_apps() -> None:
    code = (
        "import sys, wijkgericht.geo; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.') "
        "or (m.startswith('wijkgericht.') and not m.startswith('wijkgericht.geo'))); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
