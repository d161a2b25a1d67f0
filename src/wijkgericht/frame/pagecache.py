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

A page whose view declares `personal_slots=True` shows every visitor the same apart from the frame's slots (their
account links and messages, frame/slots.py): a signed-in visitor gets the page as it is kept for everyone, with their
own slots filled in. When it is not kept yet, the view renders it for an anonymous twin of the request (no cookies,
no session, no user), so nothing of one visitor can end up in what another is shown; a page that reaches for the
session or a token anyway is rendered for the visitor alone and not kept.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.request import HttpHeaders
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language

from wijkgericht.districts.models import Municipality
from wijkgericht.frame import slots
from wijkgericht.frame.private_pages import personal_request

PAGE_TIMEOUT = 24 * 3600
MAX_VARIANTS = 200    # stored query-string variants of one page per day and version

# What an anonymous twin keeps of a request: the address, the language, the resolved view, the request id.
TWIN_ATTRIBUTES = frozenset({"path", "path_info", "method", "GET", "resolver_match", "LANGUAGE_CODE", "content_type",
                             "content_params", "request_id", "csrf_processing_done", "_stream", "_read_started"})
CACHING_HEADERS = frozenset({"cache-control", "expires", "etag", "last-modified", "vary"})
PERSONAL_META = frozenset({"HTTP_COOKIE", "HTTP_AUTHORIZATION", "CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"})


def canonical_query(request: HttpRequest, params: Iterable[str]) -> str:
    """The request's query string with only `params`, in a fixed order."""
    return urlencode(sorted((name, value) for name in set(params) for value in request.GET.getlist(name)))


def page_key(request: HttpRequest, municipality: Municipality, params: Iterable[str] = ()) -> str:
    parts = [request.path, canonical_query(request, params), get_language() or "", timezone.localdate().isoformat(),
             str(municipality.pk), str(municipality.geo_version), str(municipality.content_version)]
    return "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_page(resolve: Callable[[str | None], Municipality], *, params: Iterable[str] = (),
                personal_slots: bool = False) -> Callable[..., Any]:
    """Decorate a view taking an optional `municipality` code; `resolve` finds the municipality (or 404s).
    `params`: the query parameters the page reads; any other one is redirected away before the page is built.
    `personal_slots`: the page shows nothing of the visitor outside the frame's slots (its view never looks at the
    user or the session), so signed-in visitors are served the kept page with their own slots."""
    allowed = frozenset(params)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, municipality: str | None = None, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, municipality=municipality, **kwargs)
            if not allowed.issuperset(request.GET):
                query = canonical_query(request, allowed)
                return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
            personal = personal_request(request)
            if personal and not personal_slots:
                return view(request, *args, municipality=municipality, **kwargs)
            place = resolve(municipality)
            key = page_key(request, place, allowed)
            response = cache.get(key)
            if response is None:
                twin = anonymous_twin(request) if personal else request
                response = view(twin, *args, municipality=municipality, place=place, **kwargs)
                if not _storable(response) or (personal and _touched(twin)):
                    return view(request, *args, municipality=municipality, **kwargs) if personal else response
                if _room_for(key, request, place):
                    cache.set(key, response, PAGE_TIMEOUT)
            if not personal:
                return response
            try:
                return _with_visitor_slots(request, response)
            except slots.MissingSlot:  # a page that does not stand in the frame: rendered for the visitor
                return view(request, *args, municipality=municipality, **kwargs)

        return wrapper

    return decorator


def anonymous_twin(request: HttpRequest) -> HttpRequest:
    """The same request as a visitor without cookies would send it: its address, language and resolved view, but no
    cookies, no session, no messages and an anonymous user; what a view renders for it may be shown to anyone."""
    twin = copy.copy(request)
    twin.__dict__ = {name: value for name, value in vars(request).items() if name in TWIN_ATTRIBUTES}
    twin.META = {name: value for name, value in request.META.items() if name not in PERSONAL_META}
    if hasattr(request, "environ"):  # a WSGI request's environ is its META
        twin.environ = twin.META  # type: ignore[attr-defined]
    twin.headers = HttpHeaders(twin.META)
    twin.COOKIES = {}
    twin.user = AnonymousUser()
    twin.session = import_module(settings.SESSION_ENGINE).SessionStore()  # type: ignore[attr-defined]
    return twin


def _touched(twin: HttpRequest) -> bool:
    """Whether rendering for the twin reached for a session or a form token: then the page is not everyone's."""
    return bool(twin.session.accessed or twin.META.get("CSRF_COOKIE_NEEDS_UPDATE"))  # type: ignore[attr-defined]


def _storable(response: HttpResponse) -> bool:
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not response.has_header("Vary"))


def _with_visitor_slots(request: HttpRequest, page: HttpResponse) -> HttpResponse:
    """The kept page, with the visitor's slots rendered into it (a new response: the kept one stays as it is). What
    the kept page says about caching is for everyone's copy, not for this one (private_pages sets no-store)."""
    html = slots.fill(page.content.decode(page.charset), slots.visitor_slots(request))
    response = HttpResponse(html)
    for header, value in page.items():
        if header.lower() not in CACHING_HEADERS:
            response[header] = value
    return response


def _room_for(key: str, request: HttpRequest, municipality: Municipality) -> bool:
    """Whether one more query-string variant of this page may be stored (the bare address always may)."""
    if not request.GET:
        return True
    counter = "pagevariants:" + page_key(request, municipality)  # the page without its query string
    cache.add(counter, 0, PAGE_TIMEOUT)
    try:
        count = cache.incr(counter)
    except ValueError:  # evicted in between: count from here
        return bool(cache.add(counter, 1, PAGE_TIMEOUT))
    # A shared cache that does not answer gives None (django-redis IGNORE_EXCEPTIONS): store nothing then.
    return isinstance(count, int) and count <= MAX_VARIANTS
