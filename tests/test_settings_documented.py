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
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert listed == set(env.VARIABLES)


def test_env_example_is_made_from_env_py():
    """Regenerate with `python -m wijkgericht.conf.env > .env.example`."""
    assert (ROOT / ".env.example").read_text() == env.example_file()


def test_a_shell_sourcing_env_example_gets_every_default():
    script = 'set -a; . ./.env.example; set +a; env -0'
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env={"PATH": os.environ["PATH"]}, capture_output=True,
                            check=True)
    assert result.stderr == b""
    sourced = dict(entry.split("=", 1) for entry in result.stdout.decode().split("\0") if "=" in entry)
    assert {name: sourced[name] for name in env.VARIABLES} == {name: var.example_value
                                                               for name, var in env.VARIABLES.items()}


def test_systemd_reading_env_example_as_environment_file_gets_every_default():
    parsed = systemd_environment_file((ROOT / ".env.example").read_text())
    assert parsed == {name: var.example_value for name, var in env.VARIABLES.items()}


def systemd_environment_file(text: str) -> dict[str, str]:
    """How systemd reads an EnvironmentFile (systemd.exec(5), EnvironmentFile=; src/basic/env-file.c): lines
    `KEY=VALUE`; lines starting with # or ; are comments, lines without "=" are ignored; around the key and an
    unquoted value whitespace is dropped; in an unquoted value a backslash keeps the next character (a
    backslash-newline joins lines) and a quote after the first character is kept; '...' is literal; in "..." a
    backslash escapes only " \\ ` $ (and a newline), before any other character it stays."""
    result: dict[str, str] = {}
    state, key, value, last_kept = "pre_key", "", "", 0
    for char in text + "\n":
        if state == "pre_key":
            if char in "#;":
                state = "comment"
            elif not char.isspace():
                state, key = "key", char
        elif state == "key":
            if char == "\n":
                state, key = "pre_key", ""  # a line without "=" is ignored
            elif char == "=":
                state, value, last_kept = "pre_value", "", 0
                key = key.strip()
            else:
                key += char
        elif state in ("pre_value", "value"):
            if char == "\n":
                result[key] = value[:last_kept] if state == "value" else value
                state, key = "pre_key", ""
            elif char == "'" and state == "pre_value":
                state = "single"
            elif char == '"' and state == "pre_value":
                state = "double"
            elif char == "\\":
                state = "value_escape"
            elif state == "pre_value" and char.isspace():
                pass
            else:
                state, value = "value", value + char
                last_kept = len(value) if not char.isspace() else last_kept
        elif state == "value_escape":
            state = "value"
            if char != "\n":
                value += char
                last_kept = len(value)
        elif state == "single":
            if char == "'":
                state, last_kept = "pre_value", len(value)
            else:
                value += char
        elif state == "double":
            if char == '"':
                state, last_kept = "pre_value", len(value)
            elif char == "\\":
                state = "double_escape"
            else:
                value += char
        elif state == "double_escape":
            state = "double"
            if char in '"\\`$':
                value += char
            elif char != "\n":
                value += "\\" + char
        elif state == "comment":
            if char == "\n":
                state = "pre_key"
    return result


def test_the_systemd_reader_follows_systemd_where_it_differs_from_a_shell():
    text = ("# comment\n; also a comment\nSPACED = around  \nPLAIN=a\\ b\\x\nSINGLE='a\\b $HOME'\n"
            "DOUBLE=\"q\\\"\\$x\\n\"\nQUOTE=it's\nEMPTY=\nNOEQUALS\n")
    assert systemd_environment_file(text) == {"SPACED": "around", "PLAIN": "a bx", "SINGLE": "a\\b $HOME",
                                              "DOUBLE": 'q"$x\\n', "QUOTE": "it's", "EMPTY": ""}


def test_settings_read_no_undeclared_variables():
    source = "".join(p.read_text() for p in (ROOT / "src" / "wijkgericht" / "conf").glob("*.py"))
    # env.get and env.is_set, which only take declared names (VARIABLES[name])
    allowed = ("os.environ.get(name, VARIABLES[name].default)", 'VARIABLES[name] and os.environ.get(name, "")')
    for read in allowed:
        source = source.replace(read, "")
    assert "os.environ" not in source


def test_deploy_check_is_clean_with_production_settings(tmp_path):

    environment = {"DJANGO_SECURE": "true", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "wijk.example.nl",
                   "DJANGO_CSRF_TRUSTED_ORIGINS": "https://wijk.example.nl", "WIJKGERICHT_DATA_DIR": str(tmp_path),
                   "DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "wijkgericht.conf.base"}
    result = subprocess.run([sys.executable, "-m", "wijkgericht.manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **environment}, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr



# Variables Django itself reads: the settings module, and `createsuperuser --noinput`'s account (docs/operations.md).
DJANGOS_OWN = {"DJANGO_SETTINGS_MODULE", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD"}


def test_the_documents_name_each_variable_by_its_one_name(settings):
    """The client-IP setting once had two names in two documents. Every WIJKGERICHT_/DJANGO_ name in the README and
    docs/ is a variable env.py declares (a name ending in _ stands for several), or a Django setting."""
    documents = [ROOT / "README.md", ROOT / "SECURITY.md", *sorted((ROOT / "docs").glob("*.md"))]
    unknown = set()
    for document in documents:
        for name in re.findall(r"\b((?:WIJKGERICHT|DJANGO)_[A-Z0-9_]+)", document.read_text()):
            declared = (any(v.startswith(name) for v in env.VARIABLES) if name.endswith("_")
                        else name in env.VARIABLES)
            if not (declared or hasattr(settings, name) or name in DJANGOS_OWN):
                unknown.add(f"{document.name}: {name}")
    assert not unknown
