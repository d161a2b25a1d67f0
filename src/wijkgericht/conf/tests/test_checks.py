"""The configuration checks: a site refuses to start half-configured (`check --deploy`), and says what is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.checks import registry, run_checks

from wijkgericht.conf import assets, checks


def ids(deploy: bool = True) -> list[str]:
    return [message.id for message in run_checks(include_deployment_checks=deploy)
            if message.id and message.id.startswith("wijkgericht.E0")]


@pytest.fixture
def production(settings, tmp_path):
    """What docs/deploy-config.md asks for: an explicit data folder and key, trusted origins behind HTTPS."""
    settings.DATA_DIR = tmp_path / "data"
    settings.WIJKGERICHT_DATA_DIR_GIVEN = True
    settings.WIJKGERICHT_SECRET_KEY_GIVEN = True
    settings.SECURE = True
    settings.CSRF_TRUSTED_ORIGINS = ["https://wijk.example.nl"]
    return settings


def test_a_complete_production_configuration_has_no_errors(production):
    assert ids() == []


def test_the_front_end_check_passes_on_this_checkout_and_runs_without_deploy():
    assert "wijkgericht.E001" not in ids(deploy=False)
    assert checks.front_end_libraries in registry.registry.get_checks()  # registered (web/apps.py), not deploy-only


def test_missing_front_end_files_are_an_error_naming_each_file(settings, tmp_path):
    partial = tmp_path / "leaflet"
    partial.mkdir()
    (partial / "leaflet.js").write_text("// only the script")
    settings.STATICFILES_DIRS = [("vendor/leaflet", partial)]
    [error] = checks.front_end_libraries(None)
    assert error.id == "wijkgericht.E001"
    assert "vendor/leaflet/leaflet.css" in error.msg and "vendor/utrecht/index.css" in error.msg
    assert "vendor/leaflet/leaflet.js," not in error.msg  # present, so not named
    assert "npm ci" in error.hint
    assert "wijkgericht.E001" in ids(deploy=False)


def test_a_data_folder_left_to_its_default_is_refused(production):
    production.WIJKGERICHT_DATA_DIR_GIVEN = False
    assert ids() == ["wijkgericht.E002"]


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs in a virtualenv")
def test_a_data_folder_inside_the_virtualenv_or_the_package_is_refused(production):
    production.DATA_DIR = Path(sys.prefix) / "data"
    assert ids() == ["wijkgericht.E002"]
    production.DATA_DIR = checks.PACKAGE_DIR / "data"
    [error] = checks.data_folder(None)
    assert "installed package" in error.msg


def test_a_secret_key_from_the_default_folder_is_refused(production):
    production.WIJKGERICHT_SECRET_KEY_GIVEN = False
    assert ids() == ["wijkgericht.E003"]


def test_behind_https_trusted_origins_are_required_and_must_be_https(production):
    production.CSRF_TRUSTED_ORIGINS = []
    assert ids() == ["wijkgericht.E004"]
    production.CSRF_TRUSTED_ORIGINS = ["https://wijk.example.nl", "http://wijk.example.nl"]
    assert ids() == ["wijkgericht.E005"]
    production.SECURE = False
    production.CSRF_TRUSTED_ORIGINS = []
    assert ids() == []


def test_what_the_settings_mark_as_given_follows_the_environment(monkeypatch):
    from wijkgericht.conf import env

    monkeypatch.setenv("WIJKGERICHT_DATA_DIR", "")  # as .env.example leaves it
    assert not env.is_set("WIJKGERICHT_DATA_DIR")
    assert env.get_path("WIJKGERICHT_DATA_DIR") == env.VARIABLES["WIJKGERICHT_DATA_DIR"].default
    monkeypatch.setenv("WIJKGERICHT_DATA_DIR", "/var/lib/wijkgericht")
    assert env.is_set("WIJKGERICHT_DATA_DIR") and env.get_path("WIJKGERICHT_DATA_DIR") == "/var/lib/wijkgericht"


def test_the_settings_serve_node_modules_else_the_packaged_copy(tmp_path):
    packaged = tmp_path / "static-vendor"
    for library in assets.LIBRARIES:
        for name in library.files:
            (packaged / library.packaged_name / name).parent.mkdir(parents=True, exist_ok=True)
            (packaged / library.packaged_name / name).write_text("x")
    node_modules = tmp_path / "node_modules"
    (node_modules / "leaflet/dist").mkdir(parents=True)
    found = dict(assets.sources(node_modules, packaged))
    assert found["vendor/leaflet"] == node_modules / "leaflet/dist"
    assert found["vendor/utrecht"] == packaged / "utrecht"
    assert assets.missing(list(assets.sources(tmp_path / "none", packaged))) == []
    assert assets.missing(list(found.items()))[0] == "vendor/leaflet/leaflet.js"
