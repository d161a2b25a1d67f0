"""Property: PointLocator agrees with brute force on random tessellations, borders included.

The reference is the module's answer rule written the slow, obvious way: among all polygons that
``covers`` the point (on unprepared copies), the one with the smallest key. Query points are
random, and also exactly on polygon vertices and (up to rounding) on edges, where a grid cell
or a prepared-geometry shortcut would be most likely to go wrong.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkgericht.geo import PointLocator

BOX = (4.0, 51.0, 5.0, 52.0)

coordinate = st.integers(0, 1000).map(lambda i: i / 1000)


def _tessellation(sites: list[tuple[float, float]], *, hole: bool, overlap: bool) -> np.ndarray:
    """Voronoi cells of ``sites`` clipped to BOX, optionally with a hole plus its filling, and an overlap."""
    box = shapely.box(*BOX)
    points = shapely.points([(BOX[0] + x, BOX[1] + y) for x, y in sites])
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box))
    cells = shapely.intersection(cells, box)
    cells = cells[shapely.is_valid(cells) & ~shapely.is_empty(cells)]
    cells = cells[np.isin(shapely.get_type_id(cells), [3, 6])]
    extra = []
    if hole and cells.size:
        centre = shapely.point_on_surface(cells[0])
        plug = shapely.intersection(centre.buffer(0.02, quad_segs=2), cells[0])
        if isinstance(plug, shapely.Polygon) and not plug.is_empty and plug.is_valid:
            holed = shapely.difference(cells[0], plug)
            if holed.geom_type in ("Polygon", "MultiPolygon") and holed.is_valid and not holed.is_empty:
                cells[0] = holed
                extra.append(plug)
    if overlap:
        extra.append(shapely.box(BOX[0] + 0.3, BOX[1] + 0.3, BOX[0] + 0.55, BOX[1] + 0.45))
    return np.concatenate([cells, np.array(extra, dtype=object)]) if extra else cells


def _reference(geometries: np.ndarray, keys: list[str], lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    plain = shapely.from_wkb(shapely.to_wkb(geometries))  # unprepared copies
    points = shapely.points(lons, lats)
    answer = np.full(lons.size, -1, dtype=np.int64)
    for i, point in enumerate(points):
        covering = [j for j in range(plain.size) if shapely.covers(plain[j], point)]
        if covering:
            answer[i] = min(covering, key=lambda j: keys[j])
    return answer


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sites=st.lists(st.tuples(coordinate, coordinate), min_size=2, max_size=30, unique=True),
    hole=st.booleans(),
    overlap=st.booleans(),
    cells_per_polygon=st.sampled_from([1, 16, 256, 4096]),
    data=st.data(),
)
def test_locate_matches_brute_force(
    sites: list[tuple[float, float]], hole: bool, overlap: bool, cells_per_polygon: int, data: st.DataObject
) -> None:
    geometries = _tessellation(sites, hole=hole, overlap=overlap)
    if geometries.size == 0:
        return
    key_order = data.draw(st.permutations(range(geometries.size)))
    keys = [f"BU{rank:04d}" for rank in key_order]
    locator = PointLocator(list(geometries), keys, cells_per_polygon=cells_per_polygon, min_cells=1)

    vertices = shapely.get_coordinates(geometries)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    on_vertices = vertices[rng.integers(0, len(vertices), 40)]
    starts = rng.integers(0, len(vertices) - 1, 40)
    t = rng.random((40, 1))
    on_edges = vertices[starts] + t * (vertices[starts + 1] - vertices[starts])
    anywhere = np.column_stack(
        [rng.uniform(BOX[0] - 0.1, BOX[2] + 0.1, 40), rng.uniform(BOX[1] - 0.1, BOX[3] + 0.1, 40)]
    )
    grid_lines = np.column_stack([np.linspace(BOX[0], BOX[2], 17), np.linspace(BOX[1], BOX[3], 17)])
    queries = np.concatenate([on_vertices, on_edges, anywhere, grid_lines])
    lons, lats = queries[:, 0].copy(), queries[:, 1].copy()

    expected = _reference(geometries, keys, lons, lats)
    batch = locator.locate_many(lons, lats)
    assert batch.tolist() == expected.tolist()
    singles = [locator.locate_index(x, y) for x, y in zip(lons.tolist(), lats.tolist(), strict=True)]
    assert singles == expected.tolist()
    assert [locator.locate(x, y) for x, y in queries.tolist()] == locator.keys_for(expected)
