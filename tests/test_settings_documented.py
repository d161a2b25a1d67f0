"""Every environment variable the settings read is listed in .env.example, and production defaults are safe."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from wijkgericht.conf import env

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_lists_every_variable():
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert listed == set(env.VARIABLES)


def test_settings_read_no_undeclared_variables():
    source = "".join(p.read_text() for p in (ROOT / "src" / "wijkgericht" / "conf").glob("*.py"))
    assert "os.environ" not in source.replace("os.environ.get(name, VARIABLES[name].default)", "")


def test_deploy_check_is_clean_with_production_settings():

    environment = {"DJANGO_SECURE": "true", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "wijk.example.nl",
                   "DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "wijkgericht.conf.base"}
    result = subprocess.run([sys.executable, "-m", "wijkgericht.manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **environment}, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

