"""PointLocator: exact answers, the smallest-key rule on borders, and the grid's edge cases."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from wijkgericht.geo import PointLocator

# Three unit squares in a row: A | B | C, plus D with a hole that E fills, and F a two-part MultiPolygon.
A = shapely.box(0, 0, 1, 1)
B = shapely.box(1, 0, 2, 1)
C = shapely.box(2, 0, 3, 1)
D = Polygon(shapely.box(0, 2, 3, 4).exterior.coords, [shapely.box(1, 2.5, 2, 3.5).exterior.coords])
E = shapely.box(1, 2.5, 2, 3.5)
F = MultiPolygon([shapely.box(4, 0, 5, 1), shapely.box(4, 3, 5, 4)])
GEOMS = [C, A, D, F, B, E]
KEYS = ["c", "a", "d", "f", "b", "e"]

CELL_SETTINGS = [1, 4, 64, 1024]


@pytest.fixture(params=CELL_SETTINGS, ids=lambda n: f"cells_per_polygon={n}")
def locator(request: pytest.FixtureRequest) -> PointLocator:
    return PointLocator(GEOMS, KEYS, cells_per_polygon=request.param, min_cells=1)


@pytest.mark.parametrize(
    ("point", "key"),
    [
        ((0.5, 0.5), "a"),
        ((1.5, 0.5), "b"),
        ((2.9, 0.1), "c"),
        ((0.5, 3.0), "d"),
        ((4.5, 0.5), "f"),
        ((4.5, 3.5), "f"),
    ],
)
def test_interior_points(locator: PointLocator, point: tuple[float, float], key: str) -> None:
    assert locator.locate(*point) == key


@pytest.mark.parametrize(
    ("point", "key"),
    [
        ((1.0, 0.5), "a"),  # a|b shared edge: smallest key
        ((2.0, 0.5), "b"),  # b|c
        ((2.0, 1.0), "b"),  # shared vertex of b and c
        ((1.0, 1.0), "a"),  # shared vertex of a and b
        ((1.5, 2.5), "d"),  # hole edge: covered by d (its hole ring) and e
        ((0.0, 0.0), "a"),  # outer corner, one polygon
        ((3.0, 1.0), "c"),
        ((4.0, 0.0), "f"),
    ],
)
def test_boundary_points_get_the_smallest_covering_key(
    locator: PointLocator, point: tuple[float, float], key: str
) -> None:
    assert locator.locate(*point) == key


@pytest.mark.parametrize(
    "point",
    [(-0.1, 0.5), (0.5, 1.5), (3.5, 0.5), (4.5, 2.0), (5.01, 4.0), (100.0, 100.0), (float("nan"), 0.5)],
)
def test_outside_points(locator: PointLocator, point: tuple[float, float]) -> None:
    assert locator.locate(*point) is None


def test_point_in_a_hole_is_outside_the_holed_polygon() -> None:
    only_d = PointLocator([D], ["d"])
    assert only_d.locate(1.5, 3.0) is None
    assert only_d.locate(1.5, 2.5) == "d"  # the hole's edge belongs to the polygon
    assert PointLocator(GEOMS, KEYS).locate(1.5, 3.0) == "e"


def test_locate_many_returns_input_indices_and_maps_to_keys(locator: PointLocator) -> None:
    lons = np.array([0.5, 1.0, 4.5, 7.0, 1.5, np.nan])
    lats = np.array([0.5, 0.5, 3.5, 7.0, 3.0, 0.0])
    indices = locator.locate_many(lons, lats)
    assert indices.dtype == np.int64
    assert indices.tolist() == [1, 1, 3, -1, 5, -1]
    assert locator.keys_for(indices) == ["a", "a", "f", None, "e", None]


def test_locate_many_keeps_the_input_shape() -> None:
    locator = PointLocator(GEOMS, KEYS)
    lons = np.array([[0.5, 1.5], [2.5, 9.0]])
    lats = np.full((2, 2), 0.5)
    assert locator.locate_many(lons, lats).tolist() == [[1, 4], [0, -1]]
    assert locator.locate_many(np.array([]), np.array([])).shape == (0,)


def test_overlapping_polygons_answer_the_smallest_key() -> None:
    big = shapely.box(0, 0, 10, 10)
    small = shapely.box(4, 4, 5, 5)
    for keys in (["z", "m"], ["a", "m"]):
        locator = PointLocator([big, small], keys, cells_per_polygon=256, min_cells=1)
        assert locator.locate(4.5, 4.5) == min(keys)
        assert locator.locate(1, 1) == keys[0]
        assert locator.locate_many(np.array([4.5, 1.0]), np.array([4.5, 1.0])).tolist() == [
            keys.index(min(keys)),
            0,
        ]


@pytest.mark.parametrize("offset", [0.0, 155_000.0, 1e7])
def test_tiny_polygons_far_from_the_origin(offset: float) -> None:
    """RD metres or odd inputs: the grid must stay exact when cells near float resolution."""
    size = 1e-3
    left = shapely.box(offset, offset, offset + size, offset + size)
    right = shapely.box(offset + size, offset, offset + 2 * size, offset + size)
    locator = PointLocator([right, left], ["r", "l"], min_cells=1 << 20)
    lons = np.array([offset + size / 2, offset + size, offset + 1.5 * size, offset + 2.5 * size])
    lats = np.full(4, offset + size / 2)
    assert locator.keys_for(locator.locate_many(lons, lats)) == ["l", "l", "r", None]
    assert [locator.locate(x, y) for x, y in zip(lons.tolist(), lats.tolist(), strict=True)] == [
        "l",
        "l",
        "r",
        None,
    ]


def test_empty_locator() -> None:
    locator = PointLocator([], [])
    assert locator.locate(4.0, 52.0) is None
    assert locator.locate_many(np.array([4.0]), np.array([52.0])).tolist() == [-1]


@pytest.mark.parametrize(
    ("geometries", "keys", "message"),
    [
        ([A, B], ["a"], "2 geometries but 1 keys"),
        ([A, B], ["a", "a"], "unique"),
        ([A, shapely.Point(0, 0)], ["a", "p"], "Polygon and MultiPolygon"),
        ([A, Polygon()], ["a", "e"], "empty"),
    ],
)
def test_bad_input_is_refused(geometries: list, keys: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PointLocator(geometries, keys)


def test_grid_has_full_empty_and_border_cells() -> None:
    grid = PointLocator(GEOMS, KEYS, cells_per_polygon=1024, min_cells=1).grid
    assert grid is not None
    counts = grid.cell_counts()
    assert counts["full"] > 0 and counts["empty"] > 0 and counts["border"] > 0
    assert sum(counts.values()) == grid.nx * grid.ny
    assert not grid.codes.flags.writeable


def test_concurrent_reads_agree() -> None:
    rng = np.random.default_rng(7)
    sites = shapely.points(rng.uniform(0, 10, 500), rng.uniform(0, 10, 500))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=shapely.box(0, 0, 10, 10))
    )
    cells = shapely.intersection(cells, shapely.box(0, 0, 10, 10))
    locator = PointLocator(cells, [f"k{i:03d}" for i in range(cells.size)])
    lons, lats = rng.uniform(-1, 11, 50_000), rng.uniform(-1, 11, 50_000)
    expected = locator.locate_many(lons, lats)
    results: list[bool] = []

    def work() -> None:
        for _ in range(5):
            batch = locator.locate_many(lons, lats)
            singles = [
                locator.locate_index(x, y)
                for x, y in zip(lons[:500].tolist(), lats[:500].tolist(), strict=True)
            ]
            results.append(bool(np.array_equal(batch, expected)) and singles == expected[:500].tolist())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 40
