"""Small geometry helpers the districts app needs around the locator.

A district (wijk) boundary is the union of its neighbourhoods (buurten); the API returns
geometries as GeoJSON rounded to 6 decimals (≈ 0.1 m), which is far below the accuracy of the
generalised CBS data and keeps responses small.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["to_geojson_geometry", "union_geometry"]

GEOJSON_DECIMALS = 6


def union_geometry(geometries: Iterable[BaseGeometry]) -> BaseGeometry:
    """The union of ``geometries`` (e.g. a wijk from its buurten); an empty input gives an empty polygon.

    Shared borders dissolve; tiny gaps between generalised neighbours remain as they are in the data.
    """
    parts = np.asarray(list(geometries), dtype=object)
    if parts.size == 0:
        return shapely.Polygon()
    return shapely.union_all(parts)


def to_geojson_geometry(geometry: BaseGeometry, *, decimals: int = GEOJSON_DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry dict (lists, not tuples) with coordinates rounded to ``decimals``.

    Rounding can in rare cases make a polygon that is invalid by a sub-decimetre sliver; that is
    fine for display, which is all the output is for (lookups use the unrounded geometry).
    """
    rounded = shapely.transform(geometry, lambda coords: np.round(coords, decimals))
    return _as_lists(shapely.geometry.mapping(rounded))


def _as_lists(value: Any) -> Any:
    """``mapping`` returns nested tuples; JSON encoders and equality checks expect lists."""
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_as_lists(item) for item in value]
    if isinstance(value, np.floating):
        return float(value)
    return value
