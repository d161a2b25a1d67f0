"""Pure geometry for Wijkgericht: validate imported boundaries, transform RD New, locate points.

Imports nothing from Django or from other Wijkgericht apps (a test asserts it), so it can be used
from management commands, workers and benchmarks alike.
"""

from wijkgericht.geo.crs import (
    NETHERLANDS_BOUNDS_WGS84,
    Crs,
    assert_in_netherlands,
    detect_crs,
    rd_to_wgs84,
    to_wgs84,
)
from wijkgericht.geo.errors import GeoError
from wijkgericht.geo.locator import PointLocator
from wijkgericht.geo.shapes import to_geojson_geometry, union_geometry
from wijkgericht.geo.validate import polygon_from_geojson

__all__ = [
    "NETHERLANDS_BOUNDS_WGS84",
    "Crs",
    "GeoError",
    "PointLocator",
    "assert_in_netherlands",
    "detect_crs",
    "polygon_from_geojson",
    "rd_to_wgs84",
    "to_geojson_geometry",
    "to_wgs84",
    "union_geometry",
]
