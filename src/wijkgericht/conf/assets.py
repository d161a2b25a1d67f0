"""The front-end libraries the site serves (Leaflet, NL Design System Utrecht CSS and tokens): where they come from.

npm installs them from package-lock.json into node_modules. A source checkout serves them from there; a wheel
carries a copy in the package (`wijkgericht/static-vendor/`, git-ignored), made when the package is built
(setup.py's build_py runs `copy`), so `pip install` + `collectstatic` gives a complete site without Node.js.
The settings serve the first source that exists; a system check (`conf/checks.py`) names any required file that is
missing from it.

Pure Python, no Django: setup.py loads this file by its path, before the package is installed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

PACKAGED = Path(__file__).resolve().parents[1] / "static-vendor"


@dataclass(frozen=True)
class Library:
    prefix: str          # under STATIC_URL: {% static 'vendor/leaflet/leaflet.js' %}
    npm_dist: str        # the folder served, inside node_modules
    npm_license: str     # its licence, inside node_modules, shipped beside the copy
    files: tuple[str, ...]  # what the site uses: copied into the wheel, required by the system check

    @property
    def packaged_name(self) -> str:
        return self.prefix.removeprefix("vendor/")


LIBRARIES = (
    Library("vendor/leaflet", "leaflet/dist", "leaflet/LICENSE",
            ("leaflet.js", "leaflet.js.map", "leaflet.css", "images/layers.png", "images/layers-2x.png",
             "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")),
    Library("vendor/utrecht", "@utrecht/component-library-css/dist", "@utrecht/component-library-css/LICENSE.md",
            ("index.css",)),
    Library("vendor/utrecht-tokens", "@utrecht/design-tokens/dist", "@utrecht/design-tokens/LICENSE.md",
            ("index.css",)),
)


def sources(node_modules: Path, packaged: Path = PACKAGED) -> list[tuple[str, Path]]:
    """STATICFILES_DIRS entries: each library's npm folder where npm installed it (a source checkout), else the copy
    inside the package (an installed wheel). A library found in neither is left out; `missing` names it."""
    found = []
    for library in LIBRARIES:
        for folder in (Path(node_modules) / library.npm_dist, Path(packaged) / library.packaged_name):
            if folder.is_dir():
                found.append((library.prefix, folder))
                break
    return found


def missing(static_dirs: list[tuple[str, Path]]) -> list[str]:
    """The required files (as `{% static %}` paths) that the given STATICFILES_DIRS entries do not hold."""
    served = {prefix: Path(folder) for prefix, folder in static_dirs}
    return [f"{library.prefix}/{name}" for library in LIBRARIES for name in library.files
            if library.prefix not in served or not (served[library.prefix] / name).is_file()]


def copy(node_modules: Path, packaged: Path = PACKAGED) -> list[str]:
    """Copy the required files (and each library's licence) from node_modules into the package; returns what was
    copied. Where node_modules lacks them but a complete copy is already there (a wheel built from an sdist), that
    copy stays. Raises SystemExit with what to do where neither holds them."""
    node_modules, packaged = Path(node_modules), Path(packaged)
    absent = [f"{library.npm_dist}/{name}" for library in LIBRARIES for name in library.files
              if not (node_modules / library.npm_dist / name).is_file()]
    if absent:
        if not missing([(library.prefix, packaged / library.packaged_name) for library in LIBRARIES]):
            return []
        raise SystemExit(f"The front-end libraries are not in {node_modules} (missing: {', '.join(absent)}). "
                         "Run `npm ci` in the source folder first (or set WIJKGERICHT_NODE_MODULES).")
    copied = []
    for library in LIBRARIES:
        target = packaged / library.packaged_name
        if target.exists():
            shutil.rmtree(target)  # a file dropped from the list must not linger in the next wheel
        for name in (*library.files, None):
            source = node_modules / (library.npm_license if name is None else f"{library.npm_dist}/{name}")
            destination = target / (Path(library.npm_license).name if name is None else name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            copied.append(str(destination.relative_to(packaged)))
    return copied
