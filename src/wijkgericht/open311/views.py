"""The GeoReport v2 endpoints under /open311/v2/, in XML (the spec's required format) and JSON.

Plain Django views: each one checks the method, turns an ApiError into the spec's error list with its HTTP status,
and answers with `serialize.render`. POST needs an API key (no cookies, so no CSRF token) and is rate limited per
key.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from wijkgericht.core.links import site_address
from wijkgericht.open311 import keys, queries, serialize, submit
from wijkgericht.open311.queries import ApiError

DEFAULT_POST_RATE = "60/m"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2025-01-01T00:00:00Z"  # raise when the endpoints change in a way clients should notice

View = Callable[..., HttpResponse]


def _response(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    body, content_type = serialize.render(fmt, root, data)
    response = HttpResponse(body, content_type=content_type, status=status)
    if status < 400:
        response["Access-Control-Allow-Origin"] = "*"  # public data; POST still needs a key
    return response


def _error(fmt: str, error: ApiError) -> HttpResponse:
    return _response(fmt, "errors", serialize.errors(error.errors), status=error.status)


def endpoint(*methods: str) -> Callable[[View], View]:
    """Only these methods (HEAD goes with GET); errors come back in the spec's format."""
    allowed = {*methods, *(["HEAD"] if "GET" in methods else [])}

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "xml", **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                response = _error(fmt, ApiError(405, _("Methode %(method)s is hier niet toegestaan; gebruik "
                                                       "%(allowed)s.") % {"method": request.method,
                                                                          "allowed": " of ".join(methods)}))
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except ApiError as error:
                response = _error(fmt, error)
                if error.status == 429:
                    response["Retry-After"] = "60"
                return response

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Service discovery: where the GeoReport v2 endpoint is and which formats it speaks."""
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    return _response(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": _("Vragen over deze koppeling: neem contact op met de gemeente via %s.") % (
            site_address()),
        "key_service": _("Een API-sleutel om meldingen te sturen vraagt u aan bij de gemeente."),
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    })


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    return _response(fmt, "services", queries.service_rows(municipality))


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str, fmt: str) -> HttpResponse:
    municipality = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    theme = queries.theme_by_code(municipality, service_code)
    if theme is None:
        raise ApiError(404, _("service_code ‘%s’ is niet gevonden.") % service_code[:40])
    return _response(fmt, "service_definition", queries.service_definition(theme))


@csrf_exempt
@endpoint("GET", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    municipality = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    items = queries.requests_matching(municipality, queries.request_query(request.GET))
    return _response(fmt, "service_requests", queries.request_rows(items, municipality))


def _rate_key(api_key_id: int) -> Callable[[str, HttpRequest], str]:
    return lambda group, request: f"key:{api_key_id}"


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = keys.key_check(request.POST.get("api_key", ""))
    if api_key is None:
        raise ApiError(403, _("api_key ontbreekt of is ongeldig; zonder geldige sleutel kan er geen melding worden "
                              "gemaakt."))
    jurisdiction_id = request.POST.get("jurisdiction_id", "").strip()
    if jurisdiction_id and queries.jurisdiction(jurisdiction_id).pk != api_key.municipality_id:
        raise ApiError(403, _("Deze api_key geldt niet voor jurisdiction_id ‘%s’.") % jurisdiction_id[:40])
    rate = getattr(settings, "OPEN311_POST_RATE", DEFAULT_POST_RATE)
    if is_ratelimited(request, group="open311.post", key=_rate_key(api_key.pk), rate=rate, increment=True):
        raise ApiError(429, _("Te veel meldingen in korte tijd met deze api_key. Probeer het over een minuut "
                              "opnieuw."))
    item = submit.request_create(api_key=api_key, params=request.POST)
    return _response(fmt, "service_requests", [{
        "service_request_id": str(item.pk),
        "service_notice": submit.service_notice(item),
        "account_id": None,
    }])


@endpoint("GET")
def service_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    municipality = queries.jurisdiction(request.GET.get("jurisdiction_id"))
    item = queries.request_by_id(municipality, request_id)
    if item is None:
        raise ApiError(404, _("service_request_id ‘%s’ is niet gevonden (of nog niet openbaar).") % request_id[:40])
    return _response(fmt, "service_requests", [queries.request_row(item, municipality)])


@csrf_exempt
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Anything else under /open311/v2/: a spec-format 404 (JSON when the path ends in .json, else XML)."""
    fmt = "json" if path.endswith(".json") else "xml"
    return _error(fmt, ApiError(404, _("Onbekend adres onder /open311/v2/. Zie services.xml, requests.xml en "
                                       "discovery.xml.")))


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A request the site refuses before any view runs (frame.badinput: a NUL byte), as the spec's error list
    (settings.WIJKGERICHT_BAD_REQUEST_VIEWS names this for /open311/)."""
    fmt = "json" if ".json" in request.path_info else "xml"
    return _error(fmt, ApiError(400, message))
