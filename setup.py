"""The package is declared in pyproject.toml; this file adds one build step to it.

Before the package's files are gathered (build_py: wheels and editable installs; sdist), the front-end libraries the
site serves are copied from node_modules (`npm ci`, versions from package-lock.json) into
src/wijkgericht/static-vendor/ (git-ignored), so the wheel carries them: `pip install` + `collectstatic` gives a
complete site. What is copied is listed in src/wijkgericht/conf/assets.py, which the settings and the system check
read too. WIJKGERICHT_NODE_MODULES points elsewhere than ./node_modules.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent


def copy_front_end_libraries() -> None:
    spec = importlib.util.spec_from_file_location("_wijkgericht_assets", HERE / "src/wijkgericht/conf/assets.py")
    assets = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = assets  # dataclasses look their module up
    spec.loader.exec_module(assets)
    assets.copy(Path(os.environ.get("WIJKGERICHT_NODE_MODULES") or HERE / "node_modules"))


class BuildPy(build_py):
    def run(self) -> None:
        copy_front_end_libraries()
        self.__dict__.pop("data_files", None)  # gathered (by egg_info) before the copy: gather again
        super().run()


class Sdist(sdist):
    def run(self) -> None:
        copy_front_end_libraries()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
