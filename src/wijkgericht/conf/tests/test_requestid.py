"""Every log line of a request carries its id: the proxy's X-Request-ID when it is sane, else a new one; the response
says which (docs/operations.md, "Logging")."""

from __future__ import annotations

import logging
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from wijkgericht.conf.requestid import RequestIdFilter, RequestIdMiddleware

pytestmark = pytest.mark.django_db  # a closed response ends the request (request_finished), which tidies connections


def _format(record: logging.LogRecord) -> str:
    """The record as the configured console handler writes it (filter, then format)."""
    config = settings.LOGGING
    assert "request_id" in config["handlers"]["console"]["filters"]
    RequestIdFilter().filter(record)
    return logging.Formatter(config["formatters"][config["handlers"]["console"]["formatter"]]["format"]).format(record)


def _run(header: str | None) -> tuple[HttpResponse, str]:
    lines = []

    def view(request):
        lines.append(_format(logging.LogRecord("wijkgericht.test", logging.WARNING, __file__, 1, "in de view", (),
                                               None)))
        return HttpResponse("ok")

    extra = {"HTTP_X_REQUEST_ID": header} if header is not None else {}
    response = RequestIdMiddleware(view)(RequestFactory().get("/", **extra))
    response.close()  # what the server does once it has sent the response (request_finished)
    return response, lines[0]


def test_the_proxys_id_is_kept_and_in_the_log_line():
    response, line = _run("4f1c2b9e0a7d4c3e8b6a5f4e3d2c1b0a")
    assert response["X-Request-ID"] == "4f1c2b9e0a7d4c3e8b6a5f4e3d2c1b0a"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING \[4f1c2b9e0a7d4c3e8b6a5f4e3d2c1b0a\] "
                        r"wijkgericht\.test: in de view", line), line


@pytest.mark.parametrize("header", [None, "", "kort", "x" * 65, "abc def ghi", "abcdefgh\n2026 ERROR nep",
                                    "<script>alert(1)</script>"])
def test_a_missing_or_odd_id_is_replaced_by_a_new_one(header):
    response, line = _run(header)
    new = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", new) and new != header
    assert f"[{new}]" in line


def test_each_request_gets_its_own_id_and_none_outside_a_request():
    first, _line = _run(None)
    second, _line = _run(None)
    assert first["X-Request-ID"] != second["X-Request-ID"]
    outside = _format(logging.LogRecord("celery", logging.INFO, __file__, 1, "taak", (), None))
    assert "INFO [-] celery: taak" in outside


def test_every_page_answers_with_its_id_and_djangos_own_log_line_has_it(client, db):
    """"Not Found: …" is logged after the middleware returned; the id holds until the response is closed."""
    records = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/bestaat-niet/", HTTP_X_REQUEST_ID="proxy-id-12345678")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404 and response["X-Request-ID"] == "proxy-id-12345678"
    assert [(r.getMessage(), r.request_id) for r in records] == [("Not Found: /bestaat-niet/", "proxy-id-12345678")]
    after = logging.LogRecord("x", logging.INFO, __file__, 1, "daarna", (), None)
    RequestIdFilter().filter(after)
    assert after.request_id == "-"
