"""One access line per request from the site itself (logger `wijkgericht.access`), with the request id.

Method, path without its query string, status and duration in milliseconds: the query string can hold a postcode,
a search or a sign-in token, so it is never written; neither are addresses or user names, and a path argument that
is a secret (a sign-in link's or password reset's token) is written as `*`. With
WIJKGERICHT_LOG_FORMAT=json the four values are fields of their own (method, path, status, duration_ms) beside
request_id, so a log store can count and filter without parsing the message. After RequestIdMiddleware, so the
line carries the id; before the rest, so the duration is the whole of the site's work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("wijkgericht.access")

SECRET_ARGUMENTS = ("token", "uidb64")  # names of URL arguments, or parts of them (`<str:token>`)


def loggable_path(request: HttpRequest) -> str:
    path = request.path
    match = request.resolver_match
    for name, value in (match.kwargs.items() if match is not None else ()):
        if any(secret in name for secret in SECRET_ARGUMENTS) and isinstance(value, str) and value:
            path = path.replace(value, "*")
    return path


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        fields = {"method": request.method, "path": loggable_path(request), "status": response.status_code,
                  "duration_ms": duration_ms}
        logger.info("%(method)s %(path)s %(status)s %(duration_ms)s ms", fields, extra=fields)
        return response
