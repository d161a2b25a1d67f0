"""Whole-page caching of public pages, safe against stale content.

A page is cached under its address, language, the day, and its municipality's `geo_version` and
`content_version`; every edit raises one of those (see districts.versioning), so the next request renders anew in
every worker. Only complete 200 responses without cookies are stored: public pages carry no per-visitor content.
Visitors with a session or a pending message see their own state (forms, "thank you" messages), so their pages
are rendered fresh and never stored; visitors without those cookies never touch the session store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from wijkgericht.districts.models import Municipality

PAGE_TIMEOUT = 24 * 3600


def page_key(request: HttpRequest, municipality: Municipality) -> str:
    parts = [request.get_full_path(), get_language() or "", timezone.localdate().isoformat(),
             str(municipality.pk), str(municipality.geo_version), str(municipality.content_version)]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(resolve: Callable[[str | None], Municipality]) -> Callable[..., Any]:
    """Decorate a view taking an optional `municipality` code; `resolve` finds the municipality (or 404s)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, municipality: str | None = None, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or _personal(request):
                return view(request, *args, municipality=municipality, **kwargs)
            place = resolve(municipality)
            key = page_key(request, place)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, municipality=municipality, place=place, **kwargs)
                if response.status_code == 200 and not response.cookies and not response.has_header("Vary"):
                    cache.set(key, response, PAGE_TIMEOUT)
            return response

        return wrapper

    return decorator


def _personal(request: HttpRequest) -> bool:
    """A request that may see something of its own: a session (signed in, or flash messages kept there) or a
    messages cookie. Such pages are rendered fresh and never stored: the cache stores the view's response before
    the middleware adds cookies and Vary, so it cannot tell afterwards that a page held someone's message."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or settings.MESSAGE_COOKIE_NAME in cookies
