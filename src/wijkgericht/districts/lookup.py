"""Which neighbourhood and district contain a point: an in-memory index per municipality, rebuilt on change.

The index (`wijkgericht.geo.PointLocator`) is built from the active division's neighbourhoods and kept per process.
`Municipality.geo_version` is raised by every import or regrouping, so each worker notices a change on its next
lookup and swaps in a fresh index; readers never see a half-built one.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from django.utils.translation import gettext as _
from shapely.geometry import shape

from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.geo import PointLocator


class InvalidPoint(ValueError):
    """The coordinates cannot be a WGS84 point; the message says why."""


@dataclass(frozen=True)
class _Index:
    version: int
    locator: PointLocator


_indexes: dict[int, _Index] = {}
_lock = threading.Lock()


def _index_for(municipality: Municipality) -> _Index:
    index = _indexes.get(municipality.pk)
    if index is not None and index.version == municipality.geo_version:
        return index
    with _lock:
        index = _indexes.get(municipality.pk)
        if index is None or index.version != municipality.geo_version:
            rows = Neighbourhood.objects.filter(
                municipality=municipality, year=municipality.division_year, geometry__isnull=False
            ).values_list("code", "geometry")
            codes = [code for code, _geometry in rows]
            geometries = [shape(geometry) for _code, geometry in rows]
            index = _Index(municipality.geo_version, PointLocator(geometries, codes))
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


def neighbourhood_code_at(*, municipality: Municipality, lat: float, lon: float) -> str | None:
    return _index_for(municipality).locator.locate(lon, lat)


def neighbourhood_at(*, municipality: Municipality, lat: float, lon: float) -> Neighbourhood | None:
    code = neighbourhood_code_at(municipality=municipality, lat=lat, lon=lon)
    if code is None:
        return None
    return (
        Neighbourhood.objects.filter(year=municipality.division_year, code=code)
        .select_related("district", "cbs_district")
        .first()
    )
