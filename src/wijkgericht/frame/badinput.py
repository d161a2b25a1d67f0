"""One guard for the whole site: a NUL byte in the path, the query string or a form field gets a 400 before any
view runs.

PostgreSQL text cannot hold a NUL byte: a query that carries one fails with DataError (a 500), wherever the value
came from (`/gemeenten/%00/`, `?municipality=%00`, Open311 `service_code=%00`). SQLite stores it silently. No
legitimate address, search or form ever contains one, so the request is refused as a whole: a Dutch 400 page for
the site, `{"detail": …}` for the JSON API, the GeoReport error list for Open311. A session cookie with a NUL byte
is dropped instead (the visitor simply has no session), so a bad cookie cannot lock anyone out of the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from wijkgericht.frame.context import bare_context

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


_ID = re.compile(r"[0-9]{1,18}")


def form_id(raw: object) -> int:
    """A row id from a form field or query parameter: ASCII digits that fit a bigint, else 0, which no row has (so
    get_object_or_404 answers 404). int() refuses '²' although str.isdigit() accepts it, and 5,000 digits."""
    text = raw.strip() if isinstance(raw, str) else ""
    return int(text) if _ID.fullmatch(text) else 0


def _has_nul(pairs: Iterable[tuple[str, list[str]]]) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


def has_nul_byte(request: HttpRequest) -> bool:
    """Whether the path, the query string or (for a form POST) a form field holds a NUL byte."""
    if NUL in request.path_info or _has_nul(request.GET.lists()):
        return True
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        try:
            return _has_nul(request.POST.lists())
        except OSError:  # the client went away while sending; the view (or CSRF check) deals with that
            return False
    return False


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 in the form the address's clients read: JSON for the API, what an interface with its own error format
    names in settings.WIJKGERICHT_BAD_REQUEST_VIEWS (Open311's GeoReport error list), else the site's 400 page."""
    path = request.path_info
    if path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    for prefix, view in settings.WIJKGERICHT_BAD_REQUEST_VIEWS.items():
        if path.startswith(prefix):
            response: HttpResponse = import_string(view)(request, message)
            return response
    return render(request, "400.html", {**bare_context(), "message": message}, status=400)


class BadInputMiddleware:
    """Before the session middleware: a NUL byte never reaches a view, a query or the session table."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""):
            del request.COOKIES[settings.SESSION_COOKIE_NAME]
        if has_nul_byte(request):
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            with translation.override(language):
                return bad_request(request, _("Het verzoek bevat een ongeldig teken (een NUL-byte) en is "
                                              "daarom niet verwerkt."))
        return self.get_response(request)
