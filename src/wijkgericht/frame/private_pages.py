"""Pages that may show someone's own data are never kept by a browser or a proxy (issue #10, point 7).

One rule, in a middleware so a new page cannot forget it: every response to a request that carries a session or
a pending message (a signed-in user, staff, the admin, someone with a "thank you" or a revealed e-mail address in
a message), and every response that starts such a session, gets `Cache-Control: no-store, private` (Django's
never-cache headers). That covers the resident's pages (/mijn-inbreng/, /berichten/), the account and its export,
every staff page (/werkplek/…, the agenda's staff pages, partners' revealed contact persons) and the admin, and the
public pages as a signed-in visitor sees them (supported? following? the comment form).

A response that says itself it is public (`Cache-Control: public`, e.g. a photo of a published item or a calendar
feed) keeps that; so does one that already forbids storing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def _personal_cookies() -> tuple[str, str]:
    return settings.SESSION_COOKIE_NAME, settings.MESSAGE_COOKIE_NAME


def personal_request(request: HttpRequest) -> bool:
    """A request that may see something of its own: a session (signed in, or flash messages kept there) or a
    messages cookie. The page cache renders these fresh and never stores them (frame/pagecache.py)."""
    return any(name in request.COOKIES for name in _personal_cookies())


def _public(response: HttpResponse) -> bool:
    directives = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives or "no-store" in directives


class PrivatePagesMiddleware:
    """Before SessionMiddleware and MessageMiddleware in MIDDLEWARE, so it also sees the cookies they set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        personal = personal_request(request) or any(name in response.cookies for name in _personal_cookies())
        if personal and not _public(response):
            add_never_cache_headers(response)
        return response
