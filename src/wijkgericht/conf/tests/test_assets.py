"""The front-end libraries travel with the package: the wheel carries them, and an installed wheel serves them."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from wijkgericht.conf import assets, env

REPO_ROOT = Path(__file__).resolve().parents[4]
NODE_MODULES = Path(env.get_path("WIJKGERICHT_NODE_MODULES"))


def required_files() -> list[str]:
    return [f"{library.packaged_name}/{name}" for library in assets.LIBRARIES for name in library.files]


def need_node_modules() -> None:
    if assets.missing(assets.sources(NODE_MODULES, packaged=Path("/nonexistent"))):
        message = f"the front-end libraries are not in {NODE_MODULES} (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_copy_takes_each_required_file_and_licence_and_drops_what_is_no_longer_listed(tmp_path):
    need_node_modules()
    packaged = tmp_path / "static-vendor"
    (packaged / "leaflet").mkdir(parents=True)
    (packaged / "leaflet" / "old-version.js").write_text("stale")
    assets.copy(NODE_MODULES, packaged)
    for name in required_files():
        assert (packaged / name).read_bytes() == (NODE_MODULES / _npm_path(name)).read_bytes()
    assert (packaged / "leaflet" / "LICENSE").is_file() and (packaged / "utrecht" / "LICENSE.md").is_file()
    assert not (packaged / "leaflet" / "old-version.js").exists()
    assert not (packaged / "leaflet" / "leaflet-src.js").exists()  # only what the pages load


def _npm_path(packaged_name: str) -> str:
    folder, _, name = packaged_name.partition("/")
    [library] = [library for library in assets.LIBRARIES if library.packaged_name == folder]
    return f"{library.npm_dist}/{name}"


def test_copy_without_node_modules_keeps_a_complete_copy_and_otherwise_says_what_to_do(tmp_path):
    need_node_modules()
    packaged = tmp_path / "static-vendor"
    assets.copy(NODE_MODULES, packaged)
    assert assets.copy(tmp_path / "no-node-modules", packaged) == []  # a wheel built from an sdist
    shutil.rmtree(packaged / "utrecht")
    with pytest.raises(SystemExit, match="npm ci"):
        assets.copy(tmp_path / "no-node-modules", packaged)


def _source_tree(target: Path) -> Path:
    """What a checkout holds for packaging (not its data, virtualenv, node_modules or an earlier copy)."""
    target.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO_ROOT / name, target / name)
    shutil.copytree(REPO_ROOT / "src", target / "src", ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info", "static-vendor"))
    return target


@pytest.mark.slow
def test_the_wheel_carries_the_front_end_and_collectstatic_from_an_install_serves_it(tmp_path):
    """Built the way a municipality's IT team gets it (pip wheel, from the lockfile's node_modules), installed into a
    fresh virtualenv without Node.js or a checkout, `collectstatic` delivers every file the pages load, and
    `check --deploy` is clean."""
    need_node_modules()
    source = _source_tree(tmp_path / "source")
    built = tmp_path / "wheels"
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("DJANGO_", "WIJKGERICHT_")) and k != "PYTHONPATH"}  # nothing of a checkout
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(built), str(source)],
                   env={**environment, "WIJKGERICHT_NODE_MODULES": str(NODE_MODULES)}, check=True, cwd=tmp_path,
                   capture_output=True)
    [wheel] = built.glob("wijkgericht-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"wijkgericht/static-vendor/{name}" for name in required_files()} <= names
    assert "wijkgericht/static-vendor/leaflet/LICENSE" in names
    assert not any("node_modules" in name or "leaflet-src" in name for name in names)

    # A fresh virtualenv that sees this one's dependencies (Django and the rest) but not its wijkgericht.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], env=environment, check=True, capture_output=True)

    data = tmp_path / "data"
    production = {**environment, "WIJKGERICHT_DATA_DIR": str(data), "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                  "DJANGO_ALLOWED_HOSTS": "wijk.example.nl", "DJANGO_SECURE": "true",
                  "DJANGO_CSRF_TRUSTED_ORIGINS": "https://wijk.example.nl"}
    where = subprocess.run([python, "-c", "import wijkgericht; print(wijkgericht.__file__)"], env=production,
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(venv))
    script = venv / "bin" / "wijkgericht"
    subprocess.run([script, "init", "--quiet"], env=production, cwd=tmp_path, check=True)
    collected = subprocess.run([script, "collectstatic", "--noinput"], env=production, cwd=tmp_path,
                               capture_output=True, text=True)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    for name in required_files():
        assert (data / "staticfiles" / "vendor" / name).is_file(), name
    assert (data / "staticfiles" / "vendor" / "leaflet" / "leaflet.js.gz").is_file()  # whitenoise compressed it
    checked = subprocess.run([script, "check", "--deploy", "--fail-level", "WARNING"], env=production, cwd=tmp_path,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
