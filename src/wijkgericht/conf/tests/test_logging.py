"""Structured logs (WIJKGERICHT_LOG_FORMAT=json) and the access line per request (conf/accesslog.py)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from wijkgericht.conf.requestid import RequestIdFilter


def _json_formatter() -> logging.Formatter:
    """The formatter the settings configure for json, made as logging.config makes it."""
    config = dict(settings.LOGGING["formatters"]["json"])
    return import_string(config.pop("()"))(**config)


@pytest.fixture
def access_lines():
    """The access logger's records, written as WIJKGERICHT_LOG_FORMAT=json writes them, parsed back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(_json_formatter())
    logger = logging.getLogger("wijkgericht.access")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_one_json_line_per_request_with_its_id_and_no_query_string(client, access_lines):
    response = client.get("/health/live?postcode=3011AB&q=Jansen", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert response.status_code == 200
    [line] = access_lines()
    assert line["request_id"] == "proxy-id-12345678" == response["X-Request-ID"]
    assert (line["level"], line["logger"], line["method"], line["path"], line["status"]) == (
        "INFO", "wijkgericht.access", "GET", "/health/live", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["message"] == f"GET /health/live 200 {line['duration_ms']} ms"
    assert line["time"].startswith("20") and "T" in line["time"]
    assert "3011AB" not in json.dumps(line) and "Jansen" not in json.dumps(line)


@pytest.mark.django_db
def test_a_secret_in_the_path_is_not_written(client, access_lines):
    client.get("/account/inloglink/Zx9-geheim-token-abc/")
    [line] = access_lines()
    assert line["path"] == "/account/inloglink/*/" and "geheim" not in json.dumps(line)


def _log_in_a_fresh_process(tmp_path, log_format: str) -> subprocess.CompletedProcess:
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('wijkgericht.test').warning('hallo %s', 'wereld')")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkgericht.conf.test",
                   "WIJKGERICHT_LOG_FORMAT": log_format, "WIJKGERICHT_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)


def test_the_setting_switches_the_whole_site_to_json_lines(tmp_path):
    result = _log_in_a_fresh_process(tmp_path, "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert {key: record[key] for key in ("level", "logger", "message", "request_id")} == {
        "level": "WARNING", "logger": "wijkgericht.test", "message": "hallo wereld", "request_id": "-"}


def test_the_default_stays_the_readable_line(tmp_path):
    result = _log_in_a_fresh_process(tmp_path, "line")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(" WARNING [-] wijkgericht.test: hallo wereld")


def test_an_unknown_format_stops_the_start(tmp_path):
    result = _log_in_a_fresh_process(tmp_path, "xml")
    assert result.returncode != 0 and "WIJKGERICHT_LOG_FORMAT='xml'" in result.stderr


def test_a_cache_call_redis_does_not_answer_is_one_warning_line_not_a_traceback(caplog):
    """django-redis logs an ignored connection error with logger.exception; conf/redislog.py makes it one line."""
    from django_redis.cache import RedisCache

    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1}})
    with caplog.at_level(logging.WARNING, logger="django_redis.cache"):
        assert down.get("page") is None  # served without the cache, not raised
    [record] = [r for r in caplog.records if r.name == "django_redis.cache"]
    line = logging.Formatter("%(levelname)s %(name)s: %(message)s").format(record)
    assert record.levelname == "WARNING" and record.exc_info is None
    assert line.startswith("WARNING django_redis.cache: Redis did not answer; served without the cache: ConnectionError")
    assert "\n" not in line and "Traceback" not in line
