"""Links that leave the site (e-mail, calendar feeds): a path made absolute with the site's public address.

That address is WIJKGERICHT_SITE_URL when it is set (production must set it: `check --deploy`). When it is not set
(a demo, a trial on a laptop or a test server) the address the site is being served on is used instead, so a link in
a mail or an .ics file leads back to where the resident was: the request's own address (scheme and host, which
Django checks against ALLOWED_HOSTS) while a request is handled, and for work outside a request (a mail task, the
daily digest) the address the site was last served on, kept in the shared cache by `ServingAddressMiddleware`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

#: The cache key of the address the site was last served on (for tasks that run outside a request).
SERVED_ON_KEY = "wijkgericht:served-on"

_serving: ContextVar[str] = ContextVar("wijkgericht_serving_address", default="")


def site_address() -> str:
    """The site's public address without a trailing slash: WIJKGERICHT_SITE_URL when set; else the address of the
    request being handled; else the one the site was last served on; else the variable's default."""
    if getattr(settings, "SITE_URL_SET", True):
        return settings.SITE_URL.rstrip("/")
    served = _serving.get() or cache.get(SERVED_ON_KEY)
    return (served or settings.SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` on the site's public address (`site_address()`), with exactly one slash between the two whatever
    either ends or starts with; an address that already is absolute (http or https) is kept as it is."""
    if path.lower().startswith(("https://", "http://")):
        return path
    return f"{site_address()}/{path.lstrip('/')}"


class ServingAddressMiddleware:
    """Without WIJKGERICHT_SITE_URL: remembers the address each request came in on (for `site_address`), and
    keeps the latest in the shared cache when it changes (one write per process and address, not per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.last_stored = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "SITE_URL_SET", True):
            return self.get_response(request)
        try:
            address = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:  # CommonMiddleware answers 400; no address of an unknown host is ever used
            return self.get_response(request)
        if address != self.last_stored:
            cache.set(SERVED_ON_KEY, address, None)
            self.last_stored = address
        token = _serving.set(address)
        try:
            return self.get_response(request)
        finally:
            _serving.reset(token)
