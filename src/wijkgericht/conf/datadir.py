"""The data folder of the embedded default: made once by `wijkgericht init`, only read by the settings.

Pure Python (no Django): `wijkgericht init` runs before the settings load, since without a secret key they refuse
to. The key file is created with O_CREAT | O_EXCL, so two processes starting on a fresh folder (parallel test
workers, a demo and an install) cannot both write it: one creates it, the other reads what the first wrote.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

INIT_COMMAND = "wijkgericht init"


def secret_key_path(data_dir: Path) -> Path:
    return Path(data_dir) / "secret_key"


def read_secret_key(data_dir: Path) -> str | None:
    """The key kept in the data folder, or None where there is none (yet)."""
    try:
        key = secret_key_path(data_dir).read_text().strip()
    except FileNotFoundError:
        return None
    return key or None


def init(data_dir: Path) -> list[str]:
    """Create the data folder and its secret key unless they exist; idempotent. Returns what it did, one line each."""
    data_dir = Path(data_dir)
    done = []
    if not data_dir.is_dir():
        data_dir.mkdir(parents=True, exist_ok=True)
        done.append(f"created {data_dir}")
    # collectstatic fills staticfiles/ (STATIC_ROOT); whitenoise reads it when a server starts and warns where it is
    # absent, so the folder is there from the start, empty until collectstatic runs. Media is made on first upload.
    (data_dir / "staticfiles").mkdir(exist_ok=True)
    path = secret_key_path(data_dir)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        _wait_for_key(path)  # another process may be writing it this very moment
        return done
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(50) + "\n")
        out.flush()
        os.fsync(out.fileno())
    done.append(f"wrote a new secret key to {path}")
    return done


def _wait_for_key(path: Path, timeout: float = 5.0) -> None:
    """The file exists; wait until its creator has written the key (an empty file only lasts for a moment)."""
    deadline = time.monotonic() + timeout
    while not path.read_text().strip():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} is empty: remove it and run `{INIT_COMMAND}` again")
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    """`wijkgericht init [--quiet]`: the data folder (WIJKGERICHT_DATA_DIR) with its secret key."""
    from wijkgericht.conf import env

    if any(arg in ("-h", "--help") for arg in argv):
        print(f"usage: {INIT_COMMAND} [--quiet]\n\n"
              "Create the data folder (WIJKGERICHT_DATA_DIR) and the secret key the embedded default uses when "
              "DJANGO_SECRET_KEY is empty. Idempotent: an existing key is kept.")
        return 0
    unknown = [arg for arg in argv if arg != "--quiet"]
    if unknown:
        print(f"{INIT_COMMAND}: unknown argument {unknown[0]!r}")
        return 2
    data_dir = Path(env.get_path("WIJKGERICHT_DATA_DIR"))
    done = init(data_dir)
    if "--quiet" not in argv:
        print("\n".join(done) if done else f"{data_dir} is ready (secret key kept)")
    return 0
