"""A request id in every log line (docs/operations.md, "Logging").

`RequestIdMiddleware` (first in MIDDLEWARE) takes the id the reverse proxy sends in `X-Request-ID` (nginx:
`proxy_set_header X-Request-ID $request_id;`) when it looks like one, else makes one, keeps it for the request's
log records and sends it back in the response's `X-Request-ID`. `RequestIdFilter` (on the log handler) puts it on
each record as `request_id`; records outside a request (Celery, commands) carry "-".

Imported by the logging configuration before the apps load: no models here.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NONE = "-"
# What a proxy's id looks like (nginx: 32 hex digits; others a UUID): short, and nothing that could forge a log line.
SANE = re.compile(r"[A-Za-z0-9._:-]{8,64}", re.ASCII)

current: ContextVar[str] = ContextVar("request_id", default=NONE)


def request_id_from(value: str | None) -> str:
    """The proxy's id if it is sane, else a new one."""
    if value and SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _request_finished(**kwargs: object) -> None:
    current.set(NONE)


class RequestIdMiddleware:
    """The id holds until the response is closed (`request_finished`), not only inside the middleware: Django logs
    a 4xx or 5xx answer ("Not Found: /…", django.request) after the last middleware has returned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        request_finished.connect(_request_finished, dispatch_uid="wijkgericht.conf.requestid")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (never filters one out)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True
