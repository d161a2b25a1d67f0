"""The JSON API keeps the promises of its OpenAPI document: Schemathesis (`st run … --checks all`) against a live
server with the Barendrecht demo, on whichever database the suite runs (SQLite or PostgreSQL).

Every check is on: no 5xx, only documented statuses, content types and response schemas, schema-violating requests
refused, schema-valid ones accepted (for /lookup see tests/schemathesis.toml). The number of examples per operation
is bounded and the seed fixed, so the run takes well under a minute and a failure can be replayed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = 25
SEED = "20261204"


def _st() -> str:
    beside_python = Path(sys.executable).with_name("st")
    found = str(beside_python) if beside_python.exists() else shutil.which("st")
    if found is None:
        pytest.fail("schemathesis is not installed: pip install -e '.[dev]'")
    return found


@pytest.mark.slow
def test_the_api_conforms_to_its_openapi_document(live_server, transactional_db, settings):
    from wijkgericht.demo.services import barendrecht_demo_load

    barendrecht_demo_load()
    settings.ALLOWED_HOSTS = ["*"]
    command = [_st(), "--no-color", "--config-file", str(CONFIG), "run",
               f"{live_server.url}/api/v1/openapi.json", "--checks", "all", "--workers", "1",
               "--max-examples", str(MAX_EXAMPLES), "--seed", SEED, "--request-timeout", "30"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    print(report.split("SUMMARY")[-1])  # shown with pytest -rP: operations, phases, test cases, seed
    assert result.returncode == 0, report
    assert " passed" in report and "failures" not in report.split("SUMMARY")[-1], report
