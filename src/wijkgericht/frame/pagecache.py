"""Whole-page caching of public pages, safe against stale content.

A page is cached under its address, language, the day, and its municipality's `geo_version` and
`content_version`; every edit raises one of those (see districts.versioning), so the next request renders anew in
every worker. Only complete 200 responses without cookies are stored: public pages carry no per-visitor content.
Visitors with a session or a pending message see their own state (forms, "thank you" messages), so their pages
are rendered fresh and never stored; visitors without those cookies never touch the session store.

A page is keyed on the query parameters it reads (`params`, declared per view) and on nothing else: an address
with any other parameter is sent to the same address without it (302), so 3,000 junk query strings cost 3,000
redirects, not 3,000 cache entries. The parameters a page reads can still take endless values (?pagina=1…), so
one page keeps at most MAX_VARIANTS stored variants a day; further ones are rendered fresh.

A signed-in visitor's page is rendered fresh (their name, their messages, a form's token), but most of a list page
is what everyone sees: `shared_part` keeps that part under the same key as the whole page would be kept, and
`render_shared` renders it without the request, so nothing of one visitor can end up in what another is shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from wijkgericht.districts.models import Municipality
from wijkgericht.frame.context_processors import tile_attribution
from wijkgericht.frame.private_pages import personal_request

PAGE_TIMEOUT = 24 * 3600
MAX_VARIANTS = 200    # stored query-string variants of one page per day and version

T = TypeVar("T")


def canonical_query(request: HttpRequest, params: Iterable[str]) -> str:
    """The request's query string with only `params`, in a fixed order."""
    return urlencode(sorted((name, value) for name in set(params) for value in request.GET.getlist(name)))


def page_key(request: HttpRequest, municipality: Municipality, params: Iterable[str] = ()) -> str:
    parts = [request.path, canonical_query(request, params), get_language() or "", timezone.localdate().isoformat(),
             str(municipality.pk), str(municipality.geo_version), str(municipality.content_version)]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(resolve: Callable[[str | None], Municipality], *, params: Iterable[str] = ()) -> Callable[..., Any]:
    """Decorate a view taking an optional `municipality` code; `resolve` finds the municipality (or 404s).
    `params`: the query parameters the page reads; any other one is redirected away before the page is built."""
    allowed = frozenset(params)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, municipality: str | None = None, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, municipality=municipality, **kwargs)
            if not allowed.issuperset(request.GET):
                query = canonical_query(request, allowed)
                return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
            if personal_request(request):
                return view(request, *args, municipality=municipality, **kwargs)
            place = resolve(municipality)
            key = page_key(request, place, allowed)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, municipality=municipality, place=place, **kwargs)
                if (response.status_code == 200 and not response.cookies and not response.has_header("Vary")
                        and _room_for(key, request, place)):
                    cache.set(key, response, PAGE_TIMEOUT)
            return response

        return wrapper

    return decorator


def shared_part(request: HttpRequest, municipality: Municipality, params: Iterable[str], make: Callable[[], T]) -> T:
    """What `make()` gives for this address, kept like a whole page (same key, same variants limit). `make` must
    give what every visitor sees alike (render it with `render_shared`): signed-in visitors get it from here, with
    their own frame rendered around it."""
    key = "part:" + page_key(request, municipality, params)
    part = cache.get(key)
    if part is None:
        part = make()
        if _room_for(key, request, municipality, counter_prefix="partvariants:"):
            cache.set(key, part, PAGE_TIMEOUT)
    return part


def render_shared(template: str, context: dict[str, Any]) -> SafeString:
    """`template` rendered for no one in particular: without the request, so no context processor runs (no user,
    no CSRF token, no messages); the map's settings are added, the page's address must be in `context`."""
    return render_to_string(template, {"TILE_URL": settings.WIJKGERICHT_TILE_URL,
                                       "TILE_ATTRIBUTION": tile_attribution(), **context})


def _room_for(key: str, request: HttpRequest, municipality: Municipality, *,
              counter_prefix: str = "pagevariants:") -> bool:
    """Whether one more query-string variant of this page may be stored (the bare address always may)."""
    if not request.GET:
        return True
    counter = counter_prefix + page_key(request, municipality)  # the page without its query string
    cache.add(counter, 0, PAGE_TIMEOUT)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted in between: count from here
        return bool(cache.add(counter, 1, PAGE_TIMEOUT))
    # A shared cache that does not answer gives None (django-redis IGNORE_EXCEPTIONS): store nothing then.
    return isinstance(count, int) and count <= MAX_VARIANTS
