"""The real CBS 2024 buurten of Barendrecht: every buurt validates and locates to itself.

The data lives in the workspace's ``shared/data`` folder beside the repository, not in the repo.
Locally a missing folder skips these tests with a message; on CI (CI=true) it fails instead, so
a broken data path cannot silently turn the only real-data check off.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from wijkgericht.geo import (
    PointLocator,
    assert_in_netherlands,
    detect_crs,
    polygon_from_geojson,
    to_geojson_geometry,
    to_wgs84,
    union_geometry,
)

REPO_ROOT = Path(__file__).resolve().parents[4]
BUURTEN = REPO_ROOT / ".." / "shared" / "data" / "barendrecht" / "barendrecht_buurten_2024.geojson"


@pytest.fixture(scope="module")
def collection() -> dict[str, Any]:
    if not BUURTEN.exists():
        message = f"shared data not found at {BUURTEN.resolve()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return json.loads(BUURTEN.read_text(encoding="utf-8"))


def test_every_buurt_locates_to_itself(collection: dict[str, Any]) -> None:
    crs = detect_crs(collection)
    features = collection["features"]
    codes = [feature["properties"]["buurtcode"] for feature in features]
    geometries = [
        to_wgs84(polygon_from_geojson(feature["geometry"], label=code), crs)
        for feature, code in zip(features, codes, strict=True)
    ]
    for geometry, code in zip(geometries, codes, strict=True):
        assert_in_netherlands(geometry, label=code)
    assert len(codes) == 62

    locator = PointLocator(geometries, codes)
    for geometry, code in zip(geometries, codes, strict=True):
        point = geometry.representative_point()
        assert locator.locate(point.x, point.y) == code
    assert locator.locate(4.5, 52.0) is None  # Den Haag is not in Barendrecht


def test_wijk_is_union_of_its_buurten(collection: dict[str, Any]) -> None:
    features = [f for f in collection["features"] if f["properties"]["wijkcode"] == "WK048914"]
    buurten = [polygon_from_geojson(f["geometry"], label=f["properties"]["buurtcode"]) for f in features]
    wijk = union_geometry(buurten)
    assert wijk.is_valid
    assert wijk.area == pytest.approx(sum(b.area for b in buurten), rel=1e-6)
    geojson = to_geojson_geometry(wijk)
    assert geojson["type"] in ("Polygon", "MultiPolygon")
    assert json.loads(json.dumps(geojson)) == geojson
