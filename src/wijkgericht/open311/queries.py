"""Reads for Open311: which municipality a request is about (jurisdiction_id), its services (themes), and its
public service requests (items) as plain dicts in the spec's field order.

Status mapping: GeoReport knows only `open` and `closed`. An item is `closed` once it is done (klaar), declined
(besloten: nee) or merged into another item; every other public status is `open`. Items that moderation has not yet
published (submitted) or has rejected are not public and never appear. Who submitted an item is never read here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wijkgericht.districts.models import Municipality
from wijkgericht.districts.selectors import municipality_for
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, StatusChange, Theme
from wijkgericht.participation.selectors import PUBLIC_STATUSES

CLOSED_STATUSES = frozenset({workflow.DONE, workflow.DECLINED})
DEFAULT_WINDOW = dt.timedelta(days=90)
LIMIT = 1000
FIRST_YEAR, LAST_YEAR = 1900, 9000  # start_date/end_date outside these years are refused (400)

_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
# An id is ASCII digits that fit a bigint: str.isdigit() also accepts '²', which int() refuses, and '٣'.
_ID = re.compile(r"[0-9]{1,18}")


class ApiError(Exception):
    """A request that cannot be answered; `errors` are (code, description) pairs, `status` the HTTP status."""

    def __init__(self, status: int, description: str, *more: tuple[int, str]):
        self.status = status
        self.errors = [(status, description), *more]
        super().__init__(description)


def jurisdiction(value: str | None) -> Municipality:
    """The municipality named by jurisdiction_id (its CBS code, e.g. GM0489, or its slug); the default when empty."""
    value = (value or "").strip()
    if not value:
        municipality = municipality_for(None)
        if municipality is None:
            raise ApiError(404, _("Er is nog geen gemeente ingericht."))
        return municipality
    municipality = municipality_for(value) if _MUNICIPALITY_CODE.match(value.upper()) else None
    if municipality is None:
        municipality = Municipality.objects.defer("boundary").filter(slug=value.lower()).first()
    if municipality is None:
        raise ApiError(404, _("jurisdiction_id ‘%s’ is niet gevonden. Gebruik de CBS-code van de gemeente, "
                              "bijvoorbeeld GM0489.") % value[:40])
    return municipality


# --- services ------------------------------------------------------------------------------------------------------

def themes(municipality: Municipality) -> QuerySet[Theme]:
    return Theme.objects.filter(municipality=municipality).select_related("portfolio").order_by("name", "pk")


def theme_by_code(municipality: Municipality, code: str) -> Theme | None:
    return themes(municipality).filter(slug=code).first()


def service_row(theme: Theme) -> dict[str, Any]:
    keywords = list(dict.fromkeys([theme.slug, theme.name, theme.portfolio.name]))
    return {
        "service_code": theme.slug,
        "service_name": theme.name,
        "description": _("Meldingen over %(theme)s. De wethouder van %(portfolio)s wordt zo nodig om advies "
                         "gevraagd.") % {"theme": theme.name.lower(), "portfolio": theme.portfolio.name},
        "metadata": False,
        "type": "realtime",
        "keywords": ", ".join(keywords),
        "group": theme.portfolio.name,
    }


def service_rows(municipality: Municipality) -> list[dict[str, Any]]:
    return [service_row(theme) for theme in themes(municipality)]


def service_definition(theme: Theme) -> dict[str, Any]:
    """Our services have metadata=false: the definition exists, with no attributes."""
    return {"service_code": theme.slug, "attributes": []}


# --- service requests ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestQuery:
    """The filters of GET requests, checked. `ids`, when given, overrides all the others (spec)."""

    ids: tuple[int, ...] = ()
    service_codes: tuple[str, ...] = ()
    statuses: frozenset[str] = field(default_factory=frozenset)
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _w3c_datetime(name: str, raw: str) -> tuple[dt.datetime | None, str | None]:
    text = raw.strip().replace(" ", "+")  # a '+02:00' offset sent without URL encoding arrives as ' 02:00'
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = dt.datetime.combine(day, dt.time.min) if day else None
    except ValueError:
        value = None
    if value is None:
        return None, _("%(name)s is geen geldige datum en tijd (W3C-formaat, bijvoorbeeld "
                       "2024-01-31T00:00:00Z).") % {"name": name}
    if not FIRST_YEAR <= value.year <= LAST_YEAR:  # 0001-01-01 and 9999-12-31 overflow once shifted to UTC
        return None, _("%(name)s moet tussen %(first)d en %(last)d liggen.") % {
            "name": name, "first": FIRST_YEAR, "last": LAST_YEAR}
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value, None


def request_query(params: Mapping[str, str], *, now: dt.datetime | None = None) -> RequestQuery:
    """Check the query string of GET requests; all problems are reported together (400)."""
    problems: list[str] = []
    ids: list[int] = []
    for part in _split(params.get("service_request_id")):
        if _ID.fullmatch(part):
            ids.append(int(part))
        else:
            problems.append(_("service_request_id moet een nummer zijn, of meerdere nummers gescheiden door "
                              "komma's."))
            break
    statuses = _split(params.get("status"))
    if any(status not in ("open", "closed") for status in statuses):
        problems.append(_("status kan alleen open of closed zijn (of beide, gescheiden door een komma)."))
    start = end = None
    if params.get("start_date", "").strip():
        start, problem = _w3c_datetime("start_date", params["start_date"])
        problems += [problem] if problem else []
    if params.get("end_date", "").strip():
        end, problem = _w3c_datetime("end_date", params["end_date"])
        problems += [problem] if problem else []
    if start and end:
        if end < start:
            problems.append(_("end_date ligt vóór start_date."))
        elif end - start > DEFAULT_WINDOW:
            problems.append(_("start_date en end_date mogen hoogstens 90 dagen uit elkaar liggen."))
    if problems:
        raise ApiError(400, problems[0], *[(400, problem) for problem in problems[1:]])
    if start is None and end is None:
        end = now or timezone.now()
        start = end - DEFAULT_WINDOW
    elif end is None:
        end = start + DEFAULT_WINDOW
    elif start is None:
        start = end - DEFAULT_WINDOW
    return RequestQuery(ids=tuple(ids[:LIMIT]), service_codes=tuple(_split(params.get("service_code"))),
                        statuses=frozenset(statuses), start=start, end=end)


_CLOSED = Q(status__in=CLOSED_STATUSES) | Q(merged_into__isnull=False)


def public_requests(municipality: Municipality) -> QuerySet[Item]:
    """Items of the municipality that moderation let through, with what a request row needs."""
    changes = StatusChange.objects.order_by("created_at", "pk").only(
        "item_id", "target", "reason", "public_note", "created_at")
    return (Item.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)
            .select_related("theme", "district", "neighbourhood")
            .annotate(updated_at=Max("changes__created_at"))
            .prefetch_related(Prefetch("changes", queryset=changes, to_attr="public_changes"))
            .order_by("-created_at", "-pk"))


def requests_matching(municipality: Municipality, query: RequestQuery) -> list[Item]:
    items = public_requests(municipality)
    if query.ids:
        return list(items.filter(pk__in=query.ids)[:LIMIT])
    if query.service_codes:
        items = items.filter(theme__slug__in=query.service_codes)
    if query.statuses == {"open"}:
        items = items.exclude(_CLOSED)
    elif query.statuses == {"closed"}:
        items = items.filter(_CLOSED)
    if query.start is not None:
        items = items.filter(created_at__gte=query.start)
    if query.end is not None:
        items = items.filter(created_at__lte=query.end)
    return list(items[:LIMIT])


def request_by_id(municipality: Municipality, request_id: str) -> Item | None:
    if not _ID.fullmatch(request_id):
        return None
    return public_requests(municipality).filter(pk=int(request_id)).first()


def w3c(moment: dt.datetime) -> str:
    """ISO 8601 with the offset, in the site's time zone: 2024-05-01T14:03:00+02:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _status_notes(item: Item) -> str | None:
    if item.merged_into_id:
        return _("Samengevoegd met melding %s.") % item.merged_into_id
    for change in reversed(getattr(item, "public_changes", [])):
        if change.target == workflow.REJECTED:
            continue
        note = change.public_note or change.reason
        if note:
            return note
    return None


def _address(item: Item, municipality: Municipality) -> str | None:
    parts = [item.neighbourhood.name if item.neighbourhood_id else "", item.district.name, municipality.name]
    unique = [part for i, part in enumerate(parts) if part and part not in parts[:i]]
    return ", ".join(unique) or None


def request_row(item: Item, municipality: Municipality) -> dict[str, Any]:
    """One service request in the spec's fields. The submitter is not among them, nor anything about them."""
    description = item.description if item.description.startswith(item.title) else (
        f"{item.title}\n\n{item.description}")
    closed = item.status in CLOSED_STATUSES or item.merged_into_id is not None
    return {
        "service_request_id": str(item.pk),
        "status": "closed" if closed else "open",
        "status_notes": _status_notes(item),
        "service_name": item.theme.name,
        "service_code": item.theme.slug,
        "description": description,
        "agency_responsible": _("Gemeente %(municipality)s, wijkteam %(district)s") % {
            "municipality": municipality.name, "district": item.district.name},
        "service_notice": None,
        "requested_datetime": w3c(item.created_at),
        "updated_datetime": w3c(getattr(item, "updated_at", None) or item.created_at),
        "expected_datetime": None,
        "address": _address(item, municipality),
        "address_id": None,
        "zipcode": None,
        "lat": item.lat,
        "long": item.lon,
        "media_url": None,
    }


def request_rows(items: Iterable[Item], municipality: Municipality) -> list[dict[str, Any]]:
    return [request_row(item, municipality) for item in items]
