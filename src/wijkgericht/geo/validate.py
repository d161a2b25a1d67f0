"""Turn one GeoJSON geometry of an imported boundary file into a valid shapely (Multi)Polygon.

Each check raises ``GeoError`` with a Dutch message that names the feature (``label``), so that a
municipal user can find and fix the one bad feature in a file of hundreds. We check the GeoJSON
structure ourselves before shapely sees it: shapely's own errors ("A linearring requires at least
4 coordinates") do not say which feature or ring is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon

from wijkgericht.geo.errors import GeoError

__all__ = ["polygon_from_geojson"]

_ALLOWED_TYPES = ("Polygon", "MultiPolygon")

Position = tuple[float, float]
Ring = list[Position]


def polygon_from_geojson(
    geometry: Mapping[str, Any] | None, *, label: str, repair: bool = False
) -> Polygon | MultiPolygon:
    """Return the valid, non-empty Polygon or MultiPolygon described by a GeoJSON geometry.

    ``label`` names the feature in messages (normally its CBS code, e.g. ``BU04890101``).
    Z values are dropped. Coordinates are not transformed: see :mod:`wijkgericht.geo.crs`.

    With ``repair=True`` a structurally sound but invalid geometry (self-intersection, collapsed
    ring) is repaired with ``shapely.make_valid`` and its polygonal part kept, instead of being
    refused. Generalised files need this: 8 of the 3,393 national CBS wijken in our test data
    self-intersect after rounding. Structural errors are always refused.
    """
    if geometry is None:
        raise GeoError(f"Feature {label}: geometrie ontbreekt")
    if not isinstance(geometry, Mapping):
        raise GeoError(f"Feature {label}: geometrie is geen GeoJSON-object")
    geometry_type = geometry.get("type")
    if geometry_type not in _ALLOWED_TYPES:
        raise GeoError(
            f"Feature {label}: geometrietype {geometry_type!r} wordt niet ondersteund "
            "(alleen Polygon of MultiPolygon)"
        )
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, Sequence) or isinstance(coordinates, str):
        raise GeoError(f"Feature {label}: coördinaten ontbreken")
    if geometry_type == "Polygon":
        result: Polygon | MultiPolygon = _polygon(coordinates, label=label, where="")
    else:
        if len(coordinates) == 0:
            raise GeoError(f"Feature {label}: geometrie is leeg")
        result = MultiPolygon(
            [
                _polygon(part, label=label, where=f" van deelvlak {number}")
                for number, part in enumerate(coordinates, start=1)
            ]
        )
    if result.is_empty:
        raise GeoError(f"Feature {label}: geometrie is leeg")
    reason = shapely.is_valid_reason(result)
    if reason != "Valid Geometry":
        if repair:
            return _repaired(result, label=label, reason=reason)
        raise GeoError(f"Feature {label}: geometrie is ongeldig ({reason})")
    return result


def _repaired(geometry: Polygon | MultiPolygon, *, label: str, reason: str) -> Polygon | MultiPolygon:
    """The polygonal part of ``make_valid(geometry)``; lines and points left by collapses are dropped."""
    fixed = shapely.make_valid(geometry)
    parts = [part for part in shapely.get_parts(fixed) if isinstance(part, Polygon | MultiPolygon)]
    polygons = [p for part in parts for p in (part.geoms if isinstance(part, MultiPolygon) else [part])]
    if not polygons:
        raise GeoError(f"Feature {label}: geometrie is ongeldig en niet te herstellen ({reason})")
    result = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    if not result.is_valid:  # make_valid output is valid; a MultiPolygon of its parts should be too
        raise GeoError(f"Feature {label}: geometrie is ongeldig en niet te herstellen ({reason})")
    return result


def _polygon(rings: Any, *, label: str, where: str) -> Polygon:
    """One GeoJSON Polygon coordinate array (exterior ring, then holes) as a shapely Polygon."""
    if not isinstance(rings, Sequence) or isinstance(rings, str):
        raise GeoError(f"Feature {label}: polygoon{where} is geen lijst van ringen")
    if len(rings) == 0:
        raise GeoError(f"Feature {label}: geometrie is leeg (polygoon{where} heeft geen ringen)")
    checked = [_ring(ring, label=label, where=f"ring {n}{where}") for n, ring in enumerate(rings, start=1)]
    return Polygon(checked[0], checked[1:])


def _ring(ring: Any, *, label: str, where: str) -> Ring:
    """A closed ring of at least four finite positions (RFC 7946 §3.1.6)."""
    if not isinstance(ring, Sequence) or isinstance(ring, str):
        raise GeoError(f"Feature {label}: {where} is geen lijst van coördinaten")
    positions = [_position(position, label=label, where=where) for position in ring]
    if len(positions) < 4:
        raise GeoError(
            f"Feature {label}: {where} heeft te weinig punten ({len(positions)}, minimaal 4 inclusief sluitpunt)"
        )
    if positions[0] != positions[-1]:
        first, last = positions[0], positions[-1]
        raise GeoError(
            f"Feature {label}: {where} is niet gesloten (eerste punt {first[0]} {first[1]} "
            f"≠ laatste punt {last[0]} {last[1]})"
        )
    return positions


def _position(position: Any, *, label: str, where: str) -> Position:
    """A GeoJSON position: two or three finite numbers; the third (height) is dropped."""
    if (
        not isinstance(position, Sequence)
        or isinstance(position, str)
        or len(position) not in (2, 3)
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
    ):
        raise GeoError(f"Feature {label}: {where} bevat een ongeldige coördinaat {position!r}")
    try:
        x, y = float(position[0]), float(position[1])
    except OverflowError:  # an integer beyond any float (JSON allows 10**400)
        x = y = math.inf
    if not (math.isfinite(x) and math.isfinite(y)):
        raise GeoError(f"Feature {label}: {where} bevat een ongeldige coördinaat {position!r}")
    return (x, y)
