"""System checks on the configuration: a site must not start half-configured.

Always: the front-end libraries the pages load are there (`wijkgericht.E001`). With `check --deploy` (run it before
every start in production, docs/deploy-config.md): an explicit data folder outside the virtualenv and the package
(E002), a secret key that does not come from a default folder (E003), and trusted origins for form posts behind
HTTPS (E004, E005). Registered by the web app (web/apps.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

from wijkgericht.conf import assets

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@register(Tags.staticfiles)
def front_end_libraries(app_configs, **kwargs):
    missing = assets.missing([entry for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple)])
    if not missing:
        return []
    return [Error(
        f"Front-end files the pages load are missing: {', '.join(missing)}. Without them the map and the styling "
        "silently disappear.",
        hint="In a source checkout run `npm ci` (or `make install`); WIJKGERICHT_NODE_MODULES names another "
             "node_modules. An installed package carries them in wijkgericht/static-vendor/: rebuild the wheel from "
             "a checkout where `npm ci` ran.",
        id="wijkgericht.E001")]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@register(Tags.security, deploy=True)
def data_folder(app_configs, **kwargs):
    data_dir = Path(settings.DATA_DIR).resolve()
    if not settings.WIJKGERICHT_DATA_DIR_GIVEN:
        return [Error(
            f"WIJKGERICHT_DATA_DIR is not set: the data folder (uploads, embedded database, secret key) defaults to "
            f"{data_dir}, which is lost when the virtualenv or checkout is replaced.",
            hint="Set WIJKGERICHT_DATA_DIR to a folder of its own (e.g. /var/lib/wijkgericht) and run "
                 "`wijkgericht init` once.",
            id="wijkgericht.E002")]
    in_venv = sys.prefix != sys.base_prefix and _inside(data_dir, Path(sys.prefix).resolve())
    if in_venv or _inside(data_dir, PACKAGE_DIR):
        return [Error(
            f"WIJKGERICHT_DATA_DIR={data_dir} lies inside the {'virtualenv' if in_venv else 'installed package'}, "
            "which is replaced on every upgrade.",
            hint="Give it a folder of its own outside the virtualenv (e.g. /var/lib/wijkgericht).",
            id="wijkgericht.E002")]
    return []


@register(Tags.security, deploy=True)
def secret_key(app_configs, **kwargs):
    if settings.WIJKGERICHT_SECRET_KEY_GIVEN:
        return []
    return [Error(
        "No secret key was given: neither DJANGO_SECRET_KEY nor an explicit WIJKGERICHT_DATA_DIR holding the key "
        "file. The key in the default data folder is lost when the virtualenv or checkout is replaced, and with it "
        "every session and sign-in link.",
        hint="Set DJANGO_SECRET_KEY, or set WIJKGERICHT_DATA_DIR and run `wijkgericht init` once to write its key.",
        id="wijkgericht.E003")]


@register(Tags.security, deploy=True)
def trusted_origins(app_configs, **kwargs):
    if not settings.SECURE:
        return []
    if not settings.CSRF_TRUSTED_ORIGINS:
        return [Error(
            "DJANGO_SECURE is on but DJANGO_CSRF_TRUSTED_ORIGINS is empty: behind a proxy that does not pass the "
            "original Host and scheme, every form post fails the CSRF origin check.",
            hint="Set DJANGO_CSRF_TRUSTED_ORIGINS to the site's public origin, e.g. https://wijk.example.nl.",
            id="wijkgericht.E004")]
    plain = [origin for origin in settings.CSRF_TRUSTED_ORIGINS if not origin.startswith("https://")]
    if plain:
        return [Error(
            f"DJANGO_CSRF_TRUSTED_ORIGINS trusts origins without HTTPS while DJANGO_SECURE is on: {', '.join(plain)}.",
            hint="List only https:// origins.", id="wijkgericht.E005")]
    return []
