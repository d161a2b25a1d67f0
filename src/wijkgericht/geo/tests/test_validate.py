"""Each way an imported geometry can be wrong gives its own Dutch message naming the feature."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import MultiPolygon, Polygon

from wijkgericht.geo import GeoError, polygon_from_geojson

SQUARE = [[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.1], [4.0, 51.0]]
HOLE = [[4.02, 51.02], [4.04, 51.02], [4.04, 51.04], [4.02, 51.04], [4.02, 51.02]]


def test_valid_polygon_with_hole() -> None:
    polygon = polygon_from_geojson({"type": "Polygon", "coordinates": [SQUARE, HOLE]}, label="BU1")
    assert isinstance(polygon, Polygon)
    assert len(polygon.interiors) == 1


def test_valid_multipolygon_and_z_is_dropped() -> None:
    far = [[x + 1, y, 7.0] for x, y in SQUARE]
    geometry = polygon_from_geojson({"type": "MultiPolygon", "coordinates": [[SQUARE], [far]]}, label="BU1")
    assert isinstance(geometry, MultiPolygon)
    assert not geometry.has_z
    assert len(geometry.geoms) == 2


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (None, "Feature WK048901: geometrie ontbreekt"),
        ("POLYGON((0 0, 1 0, 1 1, 0 0))", "geen GeoJSON-object"),
        ({"type": "Point", "coordinates": [4.0, 51.0]}, "geometrietype 'Point' wordt niet ondersteund"),
        ({"type": "LineString", "coordinates": SQUARE}, "geometrietype 'LineString'"),
        ({"coordinates": [SQUARE]}, "geometrietype None"),
        ({"type": "Polygon"}, "coördinaten ontbreken"),
        ({"type": "Polygon", "coordinates": []}, "geometrie is leeg"),
        ({"type": "MultiPolygon", "coordinates": []}, "geometrie is leeg"),
        ({"type": "MultiPolygon", "coordinates": [[]]}, "geometrie is leeg .*deelvlak 1"),
        ({"type": "Polygon", "coordinates": [SQUARE[:3]]}, "ring 1 heeft te weinig punten \\(3"),
        ({"type": "Polygon", "coordinates": [SQUARE[:4]]}, "ring 1 is niet gesloten"),
        ({"type": "Polygon", "coordinates": [SQUARE, HOLE[:-1]]}, "ring 2 is niet gesloten"),
        ({"type": "Polygon", "coordinates": [[[4.0, "51"], *SQUARE[1:]]]}, "ongeldige coördinaat"),
        ({"type": "Polygon", "coordinates": [[[4.0], *SQUARE[1:]]]}, "ongeldige coördinaat"),
        ({"type": "Polygon", "coordinates": [[[4.0, float("nan")], *SQUARE[1:]]]}, "ongeldige coördinaat"),
    ],
)
def test_structural_errors(geometry: Any, message: str) -> None:
    with pytest.raises(GeoError, match=message) as caught:
        polygon_from_geojson(geometry, label="WK048901")
    assert str(caught.value).startswith("Feature WK048901: ")


def test_self_intersection_names_reason_and_location() -> None:
    bowtie = [[4.53, 51.85], [4.55, 51.87], [4.55, 51.85], [4.53, 51.87], [4.53, 51.85]]
    with pytest.raises(GeoError) as caught:
        polygon_from_geojson({"type": "Polygon", "coordinates": [bowtie]}, label="WK048901")
    assert str(caught.value) == "Feature WK048901: geometrie is ongeldig (Self-intersection[4.54 51.86])"


def test_hole_outside_shell_is_invalid() -> None:
    outside = [[x + 1, y] for x, y in HOLE]
    with pytest.raises(GeoError, match="geometrie is ongeldig \\(Hole lies outside shell"):
        polygon_from_geojson({"type": "Polygon", "coordinates": [SQUARE, outside]}, label="BU1")


def test_overlapping_multipolygon_parts_are_invalid() -> None:
    shifted = [[x + 0.05, y] for x, y in SQUARE]
    with pytest.raises(GeoError, match="geometrie is ongeldig"):
        polygon_from_geojson({"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted]]}, label="BU1")


def test_zero_area_ring_is_invalid() -> None:
    flat = [[4.0, 51.0], [4.1, 51.0], [4.2, 51.0], [4.0, 51.0]]
    with pytest.raises(GeoError, match="Feature BU1: geometrie is ongeldig"):
        polygon_from_geojson({"type": "Polygon", "coordinates": [flat]}, label="BU1")


def test_repair_keeps_the_polygonal_part_of_an_invalid_geometry() -> None:
    bowtie = [[4.53, 51.85], [4.55, 51.87], [4.55, 51.85], [4.53, 51.87], [4.53, 51.85]]
    repaired = polygon_from_geojson({"type": "Polygon", "coordinates": [bowtie]}, label="BU1", repair=True)
    assert isinstance(repaired, MultiPolygon)
    assert repaired.is_valid
    assert repaired.area > 0


def test_repair_refuses_what_has_no_area_left() -> None:
    flat = [[4.0, 51.0], [4.1, 51.0], [4.2, 51.0], [4.0, 51.0]]
    with pytest.raises(GeoError, match="niet te herstellen"):
        polygon_from_geojson({"type": "Polygon", "coordinates": [flat]}, label="BU1", repair=True)


def test_repair_does_not_hide_structural_errors() -> None:
    with pytest.raises(GeoError, match="niet gesloten"):
        polygon_from_geojson({"type": "Polygon", "coordinates": [SQUARE[:4]]}, label="BU1", repair=True)
