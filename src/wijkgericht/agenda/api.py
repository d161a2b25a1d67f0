"""/api/v1/ endpoints of the agenda: iCalendar feeds of a district's and an alderman's public activities.

Calendar apps subscribe to these addresses and fetch them again every hour or so; the responses carry a (weak)
ETag and Last-Modified from the newest change and the number of activities, so an unchanged feed costs a 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from wijkgericht.agenda import ical, selectors
from wijkgericht.agenda.models import Activity
from wijkgericht.core.links import absolute_url, site_address
from wijkgericht.districts.api import ERRORS, CodeParam, MunicipalityParam, municipality_or_404
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.districts.selectors import district_by_code
from wijkgericht.governance.models import Alderman

router = Router(tags=["agenda"])

# Past activities stay in a feed this long, so the apps keep what people attended (and its report link).
PAST_DAYS = 90
MAX_AGE = 900  # seconds a feed may be reused without asking again
# Part of every ETag: raise it when the feed's layout changes, so apps fetch the new form.
FORMAT_VERSION = 1

ICS_DOC = {
    200: {
        "description": "iCalendar (RFC 5545): één VEVENT per openbare activiteit, tijden in UTC",
        "content": {"text/calendar": {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "ETag": {"description": "Verandert als een activiteit erbij komt, wijzigt of vervalt.",
                     "schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string", "example": f"public, max-age={MAX_AGE}"}},
        },
    },
    304: {"description": "Niet gewijzigd sinds de ETag of datum in If-None-Match / If-Modified-Since"},
}


def _page(name: str, municipality: Municipality, **kwargs: object) -> str:
    """A public page's path in the site's default language, whatever language the fetching app asks for."""
    with translation.override(settings.LANGUAGE_CODE):
        return page_path(name, municipality, **kwargs)


def _feed_activities(**filters: object) -> list[Activity]:
    since = timezone.now() - dt.timedelta(days=PAST_DAYS)
    return list(selectors.public_activities(upcoming_only=False, **filters).filter(ends_at__gte=since))


def _feed_response(request: HttpRequest, activities: Sequence[Activity], *, name: str, page: str,
                   filename: str, disposition: str = "inline") -> HttpResponse:
    """The calendar with its caching headers, or 304 when the app's copy is still current."""
    last = max((a.updated_at for a in activities), default=None)
    key = f"{FORMAT_VERSION}|{site_address()}|{last.isoformat() if last else '-'}|{len(activities)}"
    etag = 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'  # weak: DTSTAMP differs per fetch
    last_modified = int(last.timestamp()) if last else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        body = ical.calendar_for(activities, name=name, url=absolute_url(page),
                                 source=absolute_url(request.get_full_path()))
        response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@router.get("/districts/{code}/activities.ics", response=ERRORS, openapi_extra={"responses": ICS_DOC},
            summary="Agenda van een wijk (iCalendar)")
def district_activities_ics(request: HttpRequest, code: CodeParam,
                            municipality: MunicipalityParam = None) -> HttpResponse:
    """The district's public activities, upcoming and of the past 90 days, as an iCalendar feed to subscribe
    to. Cancelled activities stay in it with STATUS:CANCELLED so calendar apps mark or remove them."""
    place = municipality_or_404(municipality)
    district = district_by_code(municipality=place, code=code)
    if district is None:
        raise HttpError(404, _("Wijk %(code)s bestaat niet in %(municipality)s.")
                        % {"code": code, "municipality": place.name})
    activities = _feed_activities(municipality=place, district=district)
    return _feed_response(request, activities, name=f"Activiteiten in {district.name} ({place.name})",
                          page=_page("district", place, slug=district.slug), filename=f"activiteiten-{district.slug}.ics")


@router.get("/aldermen/{alderman_id}/activities.ics", response=ERRORS,
            openapi_extra={"responses": ICS_DOC}, summary="Agenda van een wethouder (iCalendar)")
def alderman_activities_ics(request: HttpRequest, alderman_id: int) -> HttpResponse:
    """The public activities this alderman hosts, upcoming and of the past 90 days, as an iCalendar feed."""
    alderman = Alderman.objects.select_related("municipality").filter(pk=alderman_id).first()
    if alderman is None:
        raise HttpError(404, _("Wethouder %d bestaat niet.") % alderman_id)
    activities = _feed_activities(municipality=alderman.municipality, alderman_id=alderman.pk)
    return _feed_response(request, activities, name=f"Activiteiten met {alderman.name}",
                          page=_page("alderman", alderman.municipality, slug=alderman.slug),
                          filename=f"activiteiten-{alderman.slug}.ics")


@router.get("/activities.ics", response=ERRORS, openapi_extra={"responses": ICS_DOC},
            summary="Agenda van de gemeente (iCalendar)")
def municipality_activities_ics(request: HttpRequest, municipality: MunicipalityParam = None) -> HttpResponse:
    """Every public activity of the municipality, upcoming and of the past 90 days, as one iCalendar feed (the
    open-data page offers it beside the districts' and aldermen's feeds)."""
    place = municipality_or_404(municipality)
    activities = _feed_activities(municipality=place)
    return _feed_response(request, activities, name=f"Activiteiten in {place.name}",
                          page=_page("agenda:agenda", place), filename=f"activiteiten-{place.slug}.ics")
