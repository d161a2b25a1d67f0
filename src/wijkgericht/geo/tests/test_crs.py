"""CRS detection, RD New → WGS84, and the "is this the Netherlands" plausibility check."""

from __future__ import annotations

import pytest
import shapely

from wijkgericht.geo import Crs, GeoError, assert_in_netherlands, detect_crs, rd_to_wgs84, to_wgs84


def _named(name: str) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": name}},
        "features": [],
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("urn:ogc:def:crs:OGC:1.3:CRS84", Crs.WGS84),
        ("EPSG:4326", Crs.WGS84),
        ("urn:ogc:def:crs:EPSG::4326", Crs.WGS84),
        ("EPSG:28992", Crs.RD_NEW),
        ("urn:ogc:def:crs:EPSG::28992", Crs.RD_NEW),
    ],
)
def test_detects_named_crs(name: str, expected: Crs) -> None:
    assert detect_crs(_named(name)) is expected


def test_no_crs_member_means_wgs84_per_rfc7946() -> None:
    assert detect_crs({"type": "FeatureCollection", "features": []}) is Crs.WGS84


@pytest.mark.parametrize("crs", [_named("EPSG:3857")["crs"], {"type": "link"}, "EPSG:4326"])
def test_unknown_crs_is_refused(crs: object) -> None:
    with pytest.raises(GeoError, match="unknown CRS"):
        detect_crs({"type": "FeatureCollection", "crs": crs, "features": []})


def test_rd_amersfoort_reference_point() -> None:
    lon, lat = rd_to_wgs84(shapely.Point(155_000, 463_000)).coords[0]
    assert lon == pytest.approx(5.3872, abs=1e-4)
    assert lat == pytest.approx(52.1552, abs=1e-4)


def test_to_wgs84_transforms_polygons_and_leaves_wgs84_alone() -> None:
    square = shapely.box(155_000, 463_000, 156_000, 464_000)
    moved = to_wgs84(square, Crs.RD_NEW)
    assert moved.is_valid
    minx, miny, maxx, maxy = moved.bounds
    assert 5.38 < minx < maxx < 5.41 and 52.15 < miny < maxy < 52.17
    same = shapely.box(4.5, 51.8, 4.6, 51.9)
    assert to_wgs84(same, Crs.WGS84) is same


def test_plausible_dutch_geometry_passes() -> None:
    assert_in_netherlands(shapely.box(4.5, 51.8, 4.6, 51.9), label="WK048901")


def test_rd_metres_claimed_as_wgs84_are_recognised() -> None:
    with pytest.raises(GeoError, match="WK048901.*RD New"):
        assert_in_netherlands(shapely.box(92_000, 428_000, 93_000, 429_000), label="WK048901")


def test_swapped_lat_lon_is_recognised() -> None:
    with pytest.raises(GeoError, match="verwisseld"):
        assert_in_netherlands(shapely.box(51.8, 4.5, 51.9, 4.6), label="BU04890101")


def test_elsewhere_is_refused() -> None:
    with pytest.raises(GeoError, match="niet in Nederland"):
        assert_in_netherlands(shapely.box(-74.1, 40.6, -73.9, 40.8), label="BU04890101")
