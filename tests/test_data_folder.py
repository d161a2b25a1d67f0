"""The settings create nothing at import; `wijkgericht init` makes the data folder and its secret key once,
race-free (O_EXCL), and `wijkgericht demo` runs it first."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from wijkgericht.conf import datadir


def _run(args: list[str], data_dir: Path, **extra: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    environment.update({"WIJKGERICHT_DATA_DIR": str(data_dir), "DATABASE_URL": "", **extra})
    return subprocess.run([sys.executable, *args], env=environment, capture_output=True, text=True, timeout=120)


def test_settings_import_creates_nothing_and_names_the_command_when_there_is_no_key(tmp_path):
    data_dir = tmp_path / "fresh"
    result = _run(["-c", "import wijkgericht.conf.base"], data_dir)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "wijkgericht init" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr
    assert not data_dir.exists()


def test_settings_with_a_key_in_the_environment_create_nothing(tmp_path):
    data_dir = tmp_path / "fresh"
    result = _run(["-c", "import wijkgericht.conf.base"], data_dir, DJANGO_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()


def test_init_makes_the_folder_and_a_private_key_once(tmp_path):
    data_dir = tmp_path / "a" / "b"
    first = _run(["-m", "wijkgericht.manage", "init"], data_dir)
    assert first.returncode == 0, first.stderr
    key = datadir.read_secret_key(data_dir)
    assert key and len(key) >= 50
    assert stat.S_IMODE(datadir.secret_key_path(data_dir).stat().st_mode) == 0o600
    again = _run(["-m", "wijkgericht.manage", "init"], data_dir)
    assert again.returncode == 0 and "kept" in again.stdout
    assert datadir.read_secret_key(data_dir) == key
    settings = _run(["-c", "from wijkgericht.conf import base; print(base.SECRET_KEY)"], data_dir)
    assert settings.stdout.strip() == key


def test_processes_starting_together_on_a_fresh_folder_share_one_key(tmp_path):
    data_dir = tmp_path / "fresh"
    code = ("from pathlib import Path; from wijkgericht.conf import datadir; "
            f"datadir.init(Path({str(data_dir)!r})); print(datadir.read_secret_key(Path({str(data_dir)!r})))")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: _run(["-c", code], data_dir), range(8)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert len({r.stdout.strip() for r in results}) == 1
    assert results[0].stdout.strip() == datadir.read_secret_key(data_dir)
