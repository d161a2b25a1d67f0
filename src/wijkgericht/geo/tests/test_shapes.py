"""union_geometry and to_geojson_geometry."""

from __future__ import annotations

import json

import shapely

from wijkgericht.geo import to_geojson_geometry, union_geometry


def test_union_dissolves_shared_borders() -> None:
    union = union_geometry([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])
    assert union.equals(shapely.box(0, 0, 2, 1))


def test_union_of_nothing_is_empty() -> None:
    assert union_geometry([]).is_empty


def test_geojson_is_rounded_to_six_decimals_and_json_ready() -> None:
    geometry = shapely.box(4.12345678, 51.1, 4.2, 51.987654321)
    result = to_geojson_geometry(geometry)
    assert result["type"] == "Polygon"
    coordinates = [c for ring in result["coordinates"] for c in ring]
    assert [4.123457, 51.1] in coordinates
    assert [4.2, 51.987654] in coordinates
    assert json.loads(json.dumps(result)) == result


def test_multipolygon_geojson() -> None:
    geometry = shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 0, 3, 1)])
    result = to_geojson_geometry(geometry)
    assert result["type"] == "MultiPolygon"
    assert len(result["coordinates"]) == 2
