"""Which neighbourhood and district contain a point: an in-memory index per municipality, rebuilt on change.

The index (`wijkgericht.geo.PointLocator`) is built from the active division's neighbourhoods and kept per process,
together with what an answer needs about each neighbourhood and its district, so a lookup costs no query beyond
the municipality row. `Municipality.geo_version` is raised by every import, regrouping and edit of a district or
neighbourhood (see versioning.py), so each worker notices a change on its next lookup and swaps in a fresh index;
readers never see a half-built one. The index is not keyed on content_version: resident items raise that all day,
and rebuilding the index for each of them cost a submission tens of milliseconds (bench/participation).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from django.utils.translation import gettext as _
from shapely.geometry import shape

from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.districts.paths import page_path
from wijkgericht.geo import PointLocator


class InvalidPoint(ValueError):
    """The coordinates cannot be a WGS84 point; the message says why."""


@dataclass(frozen=True)
class Place:
    """A neighbourhood and the district it belongs to, as a lookup answers them."""

    neighbourhood_code: str
    neighbourhood_name: str
    year: int
    district_id: int | None
    district_code: str | None
    district_name: str | None
    district_slug: str | None
    district_url: str | None


@dataclass(frozen=True)
class _Index:
    versions: tuple[int]
    locator: PointLocator
    places: dict[str, Place]


_indexes: dict[int, _Index] = {}
_lock = threading.Lock()


def _versions(municipality: Municipality) -> tuple[int]:
    return (municipality.geo_version,)


def _build(municipality: Municipality) -> _Index:
    rows = list(
        Neighbourhood.objects.filter(municipality=municipality, year=municipality.division_year,
                                     geometry__isnull=False)
        .values_list("code", "name", "year", "geometry", "district_id", "district__code", "district__name",
                     "district__slug")
    )
    places = {
        code: Place(code, name, year, district_id, d_code, d_name, d_slug,
                    page_path("district", municipality, slug=d_slug) if d_slug else None)
        for code, name, year, _geometry, district_id, d_code, d_name, d_slug in rows
    }
    locator = PointLocator([shape(row[3]) for row in rows], [row[0] for row in rows])
    return _Index(_versions(municipality), locator, places)


def _index_for(municipality: Municipality) -> _Index:
    index = _indexes.get(municipality.pk)
    if index is not None and index.versions == _versions(municipality):
        return index
    with _lock:
        index = _indexes.get(municipality.pk)
        if index is None or index.versions != _versions(municipality):
            index = _build(municipality)
            _indexes[municipality.pk] = index
    return index


def parse_point(lat: object, lon: object) -> tuple[float, float]:
    """Validate user-supplied WGS84 coordinates; raises InvalidPoint with a Dutch reason."""
    try:
        lat_f, lon_f = float(str(lat)), float(str(lon))
    except (TypeError, ValueError):
        raise InvalidPoint(_("lat en lon moeten getallen zijn (WGS84, bijvoorbeeld lat=51.85&lon=4.54).")) from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise InvalidPoint(_("lat en lon moeten eindige getallen zijn."))
    if not -90 <= lat_f <= 90:
        raise InvalidPoint(_("lat moet tussen -90 en 90 liggen."))
    if not -180 <= lon_f <= 180:
        raise InvalidPoint(_("lon moet tussen -180 en 180 liggen."))
    return lat_f, lon_f


def place_at(*, municipality: Municipality, lat: float, lon: float) -> Place | None:
    index = _index_for(municipality)
    code = index.locator.locate(lon, lat)
    return index.places[code] if code is not None else None


def place_of(*, municipality: Municipality, neighbourhood_code: str) -> Place | None:
    """The cached answer for a neighbourhood found otherwise (e.g. through the postcode table)."""
    return _index_for(municipality).places.get(neighbourhood_code)
