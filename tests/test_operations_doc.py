"""docs/operations.md holds: every `wijkgericht` command it names exists and takes the options it is given, and
scripts/ops_walkthrough.sh follows it on a fresh PostgreSQL database (no demo) to a resident's published idea.

Where the two must agree: the script runs the document's sections in order (each step is headed with the section's
number); a command changed in one must change in the other. The script runs once per `make test`, in the
PostgreSQL run (DATABASE_URL=postgres://…): it makes its own database beside the test database and drops it. The
SQLite run skips it; under CI=true an unreachable PostgreSQL is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "operations.md"
SCRIPT = REPO / "scripts" / "ops_walkthrough.sh"
# `wijkgericht <command> <arguments>` at a line's start, in inline code or after a path (…/bin/wijkgericht).
COMMAND = re.compile(r"(?:^|[`/])wijkgericht ([a-z][a-z_]*)([^`\n#]*)", re.M)
NOT_MANAGEMENT = {"init"}  # handled by the console script before Django starts (wijkgericht.manage)


def _named_commands() -> list[tuple[str, list[str]]]:
    found = [(name, shlex.split(args)) for name, args in COMMAND.findall(DOC.read_text(encoding="utf-8"))]
    assert len(found) > 20, found
    return found


def test_every_command_the_document_names_exists_with_its_options():
    commands = get_commands()
    problems = []
    for name, args in _named_commands():
        if name in NOT_MANAGEMENT:
            if set(args) - {"--quiet"}:
                problems.append(f"wijkgericht {name} {args}")
            continue
        if name not in commands:
            problems.append(f"wijkgericht {name}: no such command")
            continue
        parser = load_command_class(commands[name], name).create_parser("wijkgericht", name)
        try:
            parser.parse_args(args)
        except CommandError as exc:
            problems.append(f"wijkgericht {name} {' '.join(args)}: {exc}")
    assert not problems, problems


def test_the_sample_files_the_document_names_exist():
    named = {path for path in re.findall(r"docs/ops/[\w.-]+", DOC.read_text(encoding="utf-8"))
             if not path.endswith("-")}  # not the glob docs/ops/wijkgericht-*.service
    assert named >= {"docs/ops/wijkgericht-web.service", "docs/ops/wijkgericht-worker.service",
                     "docs/ops/wijkgericht-beat.service", "docs/ops/nginx.conf", "docs/ops/wijkgericht.sh"}
    assert all((REPO / path).is_file() for path in named), named


def _postgres_server() -> str:
    """The PostgreSQL server of this run (its address without the database), or skip outside the PostgreSQL run."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        pytest.skip("runs once per `make test`: in the PostgreSQL run (DATABASE_URL=postgres://…)")
    parts = urllib.parse.urlsplit(configured)
    server = urllib.parse.urlunsplit(parts._replace(path="", query="", fragment=""))
    reachable = subprocess.run(["psql", "-Atqc", "select 1", f"{server}/postgres"], capture_output=True, text=True)
    if reachable.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {server} is not reachable under CI=true: {reachable.stderr}")
        pytest.skip(f"PostgreSQL at {server} is not reachable")
    return server


@pytest.mark.slow
def test_the_walkthrough_follows_the_document_to_a_published_idea(tmp_path):
    server = _postgres_server()
    result = subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, timeout=1200,
                            env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # the browser tests' setting
                                 "OPS_PG_URL": server, "TMPDIR": str(tmp_path)})
    print(result.stdout[-3000:])
    assert result.returncode == 0, f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    assert re.search(r"^ops walkthrough: passed in \d+ s$", result.stdout, re.M)
    steps = re.findall(r"^== (\d)\.", result.stdout, re.M)
    assert {"1", "2", "3", "5", "6", "7", "8"} <= set(steps), steps
