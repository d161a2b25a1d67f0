"""Coordinate reference systems of imported boundary files, and RD New → WGS84.

CBS publishes its Wijk- en Buurtkaart in RD New (EPSG:28992); derived files are often WGS84 lon/lat.
Everything inside Wijkgericht is stored and looked up in WGS84 lon/lat (the axis order of RFC 7946),
so an import detects the file's CRS, transforms RD New once, and checks the result is in the
Netherlands: a file that *claims* WGS84 but holds RD metres (a common export mistake) is refused
with a message that says so, instead of silently producing districts in the Gulf of Guinea.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from wijkgericht.geo.errors import GeoError

G = TypeVar("G", bound=BaseGeometry)

__all__ = [
    "NETHERLANDS_BOUNDS_WGS84",
    "Crs",
    "assert_in_netherlands",
    "detect_crs",
    "rd_to_wgs84",
    "to_wgs84",
]


class Crs(enum.Enum):
    """The coordinate reference systems an import may use."""

    WGS84 = "EPSG:4326"  # always read as lon/lat (RFC 7946 / OGC:CRS84 axis order)
    RD_NEW = "EPSG:28992"  # Amersfoort / RD New, metres


# Names found in the GeoJSON ``crs`` member (the 2008 GeoJSON spec; still written by GDAL/QGIS).
_CRS_NAMES: dict[str, Crs] = {
    "urn:ogc:def:crs:ogc:1.3:crs84": Crs.WGS84,
    "urn:ogc:def:crs:ogc::crs84": Crs.WGS84,
    "epsg:4326": Crs.WGS84,
    "urn:ogc:def:crs:epsg::4326": Crs.WGS84,
    "epsg:28992": Crs.RD_NEW,
    "urn:ogc:def:crs:epsg::28992": Crs.RD_NEW,
}

# Generous lon/lat box around the European Netherlands including the territorial sea
# (the land spans lon 3.36–7.23, lat 50.75–53.56). Not a legal boundary: a plausibility check.
NETHERLANDS_BOUNDS_WGS84: tuple[float, float, float, float] = (2.5, 50.5, 7.5, 54.0)

# Where RD New coordinates of the Netherlands lie (metres); used only to explain a failed check.
_RD_NEW_EXTENT: tuple[float, float, float, float] = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)


def detect_crs(collection: Mapping[str, Any]) -> Crs:
    """Return the CRS a GeoJSON FeatureCollection declares in its ``crs`` member.

    No ``crs`` member means WGS84 lon/lat, as RFC 7946 prescribes. An unknown name raises
    ``GeoError`` rather than guessing, because a wrong guess gives wrong districts silently.
    """
    crs_member = collection.get("crs")
    if crs_member is None:
        return Crs.WGS84
    name = None
    if isinstance(crs_member, Mapping):
        properties = crs_member.get("properties")
        if isinstance(properties, Mapping):
            name = properties.get("name")
    if not isinstance(name, str):
        raise GeoError(f"unknown CRS {crs_member!r}: verwacht een 'crs' met properties.name")
    crs = _CRS_NAMES.get(name.strip().lower())
    if crs is None:
        raise GeoError(
            f"unknown CRS {name!r}: ondersteund zijn WGS84 (EPSG:4326, OGC:CRS84) en RD New (EPSG:28992)"
        )
    return crs


@functools.cache
def _rd_to_wgs84_transformer() -> pyproj.Transformer:
    """One Transformer for the process: building it reads proj.db, which costs milliseconds.

    pyproj Transformers are not safe to share between threads; imports run in one thread,
    and ``rd_to_wgs84`` is not used on the request path.
    """
    return pyproj.Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def _transform_rd_coords(coords: np.ndarray) -> np.ndarray:
    lon, lat = _rd_to_wgs84_transformer().transform(coords[:, 0], coords[:, 1])
    return np.column_stack([lon, lat])


def rd_to_wgs84(geometry: G) -> G:
    """Transform a geometry from RD New (x, y metres) to WGS84 (lon, lat degrees)."""
    return shapely.transform(geometry, _transform_rd_coords)


def to_wgs84(geometry: G, crs: Crs) -> G:
    """Return ``geometry`` in WGS84 lon/lat, transforming it if it is in RD New."""
    if crs is Crs.RD_NEW:
        return rd_to_wgs84(geometry)
    return geometry


def _within(bounds: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return box[0] <= minx and maxx <= box[2] and box[1] <= miny and maxy <= box[3]


def assert_in_netherlands(geometry: BaseGeometry, *, label: str) -> None:
    """Raise ``GeoError`` unless a WGS84 geometry lies plausibly within the Netherlands.

    Catches a wrong or missing ``crs`` member: RD metres read as degrees, or lat/lon swapped.
    """
    bounds = tuple(float(v) for v in shapely.bounds(geometry))
    if any(np.isnan(bounds)) or _within(bounds, NETHERLANDS_BOUNDS_WGS84):  # type: ignore[arg-type]
        return
    minx, miny, maxx, maxy = bounds
    where = f"[{minx:.6g} {miny:.6g}, {maxx:.6g} {maxy:.6g}]"
    if _within(bounds, _RD_NEW_EXTENT):  # type: ignore[arg-type]
        hint = "dit lijken RD New-coördinaten (EPSG:28992, meters); geef het bestand de juiste 'crs'"
    elif _within((miny, minx, maxy, maxx), NETHERLANDS_BOUNDS_WGS84):
        hint = "lengte- en breedtegraad lijken verwisseld (verwacht lon, lat)"
    else:
        hint = "klopt het coördinatenstelsel van het bestand?"
    raise GeoError(f"Feature {label}: coördinaten {where} liggen niet in Nederland; {hint}")
