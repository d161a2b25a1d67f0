"""Helpers for the Open311 tests: points in and outside Barendrecht, items in a chosen state, error bodies."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.districts.models import Neighbourhood
from wijkgericht.open311.keys import key_create
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.selectors import PUBLIC_STATUSES
from wijkgericht.participation.services import item_submit, item_transition

AMSTERDAM = (52.37, 4.89)


def inside(code: str = "BU04890918") -> tuple[float, float]:
    point = shape(Neighbourhood.objects.get(code=code).geometry).representative_point()
    return point.y, point.x


def make_item(municipality, *, status: str = workflow.PUBLISHED, theme: str = "verkeer", title: str = "Kapotte lamp",
              description: str = "De straatlamp bij nummer 3 is al een week stuk.") -> Item:
    lat, lon = inside()
    item = item_submit(author=None, municipality=municipality, kind=Item.Kind.REPORT, title=title,
                       description=description, theme=Theme.objects.get(municipality=municipality, slug=theme),
                       lat=lat, lon=lon)
    if status == workflow.REJECTED:
        return item_transition(item=item, actor=None, target=workflow.REJECTED, reason="Niet van de gemeente.")
    if status != workflow.SUBMITTED:
        item = item_transition(item=item, actor=None, target=workflow.PUBLISHED)
    return item


def advance(item: Item, *targets: str) -> Item:
    """Move an item through the workflow by the system, with a reason where one is required."""
    for target in targets:
        reason = "Besloten door het wijkteam." if target in workflow.REASON_REQUIRED else ""
        item = item_transition(item=item, actor=None, target=target, reason=reason,
                               public_note=f"Notitie bij {target}.")
    return item


def public_recent_ids(municipality, *, since: dt.datetime | None = None, **filters) -> list[str]:
    """Ids of public items submitted since `since` (default 90 days ago: what GET requests shows without dates)."""
    since = since or timezone.now() - dt.timedelta(days=90)
    items = Item.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES, created_at__gte=since,
                                **filters)
    return sorted(str(pk) for pk in items.values_list("pk", flat=True))


def errors_of(response) -> list[tuple[int, str]]:
    """The spec's error list from a JSON or XML response, as (code, description) pairs."""
    if response["Content-Type"].startswith("application/json"):
        return [(e["code"], e["description"]) for e in json.loads(response.content)]
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]


@pytest.fixture
def api_key(barendrecht):
    """A plain key for a reporting app in Barendrecht."""
    _key, plain = key_create(name="Meldingen-app", municipality=barendrecht)
    return plain
