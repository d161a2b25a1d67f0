"""Build the uniform cell grid behind :class:`wijkgericht.geo.locator.PointLocator`.

Why a grid: most lookups land far from any border, and for those a polygon test is wasted work.
Each cell of a uniform grid over the polygons' bounding box is classified once as

* **full** — the (slightly enlarged) closed cell lies in the interior of exactly one polygon and
  meets no other polygon, so every point in it is answered with that polygon, no geometry test;
* **empty** — the cell meets no polygon, so every point in it is outside;
* **border** — anything else; the cell keeps a short sorted candidate list that is tested exactly.

Exactness rests on one topological fact: a connected set that meets no polygon boundary lies
entirely inside or entirely outside each polygon. The build therefore

1. marks, for every polygon, every cell its boundary may touch (a conservative rasterisation of
   its ring segments, with each cell enlarged by a tiny margin to absorb floating-point rounding
   when a point is mapped to its cell) — these cells are *border* cells;
2. groups the other cells of each grid row into runs between border cells; a run meets no boundary,
   so one exact point-in-polygon test of one point per run classifies the whole run;
3. adds to each border cell the polygons that contain it without their boundary touching it (only
   possible where polygons overlap, e.g. nested input), again with one exact test per cell.

Only steps 2 and 3 call GEOS, on one point per run/cell; everything else is numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["EMPTY", "CellGrid", "build_grid", "within_group"]

EMPTY = -1
"""Cell code of an empty cell; codes ``>= 0`` are full cells (polygon index), ``<= -2`` border cells."""


@dataclass(frozen=True, slots=True)
class CellGrid:
    """A classified grid; arrays are read-only so the grid can be shared between threads.

    ``codes[iy * nx + ix]`` is the polygon index of a full cell, ``EMPTY``, or ``-2 - b`` for border
    cell number ``b``, whose candidates are ``candidates[offsets[b]:offsets[b + 1]]`` in ascending order.
    """

    x0: float
    y0: float
    inv_dx: float
    inv_dy: float
    nx: int
    ny: int
    bounds: tuple[float, float, float, float]
    codes: np.ndarray  # int32, nx * ny
    offsets: np.ndarray  # int64, number of border cells + 1
    candidates: np.ndarray  # int32

    @property
    def nbytes(self) -> int:
        """Memory held by the grid arrays (the geometries themselves are not counted)."""
        return int(self.codes.nbytes + self.offsets.nbytes + self.candidates.nbytes)

    def cell_counts(self) -> dict[str, int]:
        """How many cells are full, empty and border: the grid's efficiency at a glance."""
        return {
            "full": int(np.count_nonzero(self.codes >= 0)),
            "empty": int(np.count_nonzero(self.codes == EMPTY)),
            "border": int(self.offsets.size - 1),
        }


def grid_shape(bounds: tuple[float, float, float, float], ncells: int) -> tuple[int, int]:
    """(nx, ny) with about ``ncells`` cells that are roughly square in coordinate units."""
    minx, miny, maxx, maxy = bounds
    width, height = max(maxx - minx, 0.0), max(maxy - miny, 0.0)
    if width <= 0 or height <= 0:
        return 1, 1
    cell = math.sqrt(width * height / ncells)
    return max(1, min(ncells, round(width / cell))), max(1, min(ncells, round(height / cell)))


def build_grid(geometries: np.ndarray, *, ncells: int) -> CellGrid:
    """Classify a grid of about ``ncells`` cells over prepared, non-empty (Multi)Polygons.

    Candidate lists are in ascending polygon index, so "first hit" is "smallest index".
    """
    minx, miny, maxx, maxy = (float(v) for v in shapely.total_bounds(geometries))
    bounds = (minx, miny, maxx, maxy)
    # Cells are enlarged by this margin when classified. Mapping a point to its cell rounds by a
    # few ulps of the coordinates (~1e-16 * scale); the margin is far larger than that, and the
    # grid is coarsened if needed so that cells stay at least 4 margins wide.
    scale = max(1.0, abs(minx), abs(maxx), abs(miny), abs(maxy), maxx - minx, maxy - miny)
    margin = 1e-9 * scale
    nx, ny = grid_shape(bounds, ncells)
    nx = max(1, min(nx, int((maxx - minx) / (4 * margin))))
    ny = max(1, min(ny, int((maxy - miny) / (4 * margin))))
    dx = (maxx - minx) / nx if maxx > minx else 1.0
    dy = (maxy - miny) / ny if maxy > miny else 1.0
    frame = _Frame(minx, miny, dx, dy, nx, ny, margin)

    border_cells, border_polys = _boundary_cells(geometries, frame)
    is_border = np.zeros(nx * ny, dtype=bool)
    is_border[border_cells] = True

    codes = np.full(nx * ny, EMPTY, dtype=np.int64)
    tree = shapely.STRtree(geometries)
    extra_cells, extra_polys = _classify_runs(geometries, tree, frame, is_border, codes)
    more_cells, more_polys = _covering_polygons(geometries, tree, frame, np.flatnonzero(is_border))

    cells = np.concatenate([border_cells, extra_cells, more_cells])
    polys = np.concatenate([border_polys, extra_polys, more_polys])
    pair_key = _sorted_unique(cells.astype(np.int64) * len(geometries) + polys)
    cells, polys = np.divmod(pair_key, len(geometries))
    first = np.flatnonzero(_starts_group(cells))
    border_ids = cells[first]
    offsets = np.append(first, cells.size).astype(np.int64)
    codes[border_ids] = -2 - np.arange(border_ids.size)

    codes32 = codes.astype(np.int32)
    candidates = polys.astype(np.int32)
    for array in (codes32, offsets, candidates):
        array.setflags(write=False)
    return CellGrid(
        x0=minx,
        y0=miny,
        inv_dx=1.0 / dx,
        inv_dy=1.0 / dy,
        nx=nx,
        ny=ny,
        bounds=bounds,
        codes=codes32,
        offsets=offsets,
        candidates=candidates,
    )


@dataclass(frozen=True, slots=True)
class _Frame:
    """Grid geometry used during the build."""

    x0: float
    y0: float
    dx: float
    dy: float
    nx: int
    ny: int
    margin: float

    def column(self, x: np.ndarray) -> np.ndarray:
        return np.clip(np.floor((x - self.x0) / self.dx), 0, self.nx - 1).astype(np.int64)

    def row(self, y: np.ndarray) -> np.ndarray:
        return np.clip(np.floor((y - self.y0) / self.dy), 0, self.ny - 1).astype(np.int64)

    def centres(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        iy, ix = np.divmod(cells, self.nx)
        return self.x0 + (ix + 0.5) * self.dx, self.y0 + (iy + 0.5) * self.dy


_PIECES_PER_CHUNK = 1 << 19
"""Rasterise boundary pieces in chunks of this many, so the build's peak memory stays bounded."""


def _boundary_cells(geometries: np.ndarray, frame: _Frame) -> tuple[np.ndarray, np.ndarray]:
    """(cell, polygon) pairs for every cell that a polygon's boundary may touch (a superset).

    Ring segments are cut into pieces shorter than one cell, so each piece's enlarged bounding box
    spans at most 3 × 3 cells; the union of those boxes covers the boundary.
    """
    parts, part_poly = shapely.get_parts(geometries, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    same_ring = coord_ring[1:] == coord_ring[:-1]
    start = coords[:-1][same_ring]
    end = coords[1:][same_ring]
    segment_poly = part_poly[ring_part[coord_ring[:-1][same_ring]]]

    # Split each segment into m pieces of less than one cell in x and in y.
    span = np.maximum(np.abs(end[:, 0] - start[:, 0]) / frame.dx, np.abs(end[:, 1] - start[:, 1]) / frame.dy)
    pieces = np.floor(span).astype(np.int64) + 1
    chunk_of_segment = np.cumsum(pieces) // _PIECES_PER_CHUNK
    bounds = np.flatnonzero(_starts_group(chunk_of_segment)).tolist() + [start.shape[0]]
    keys = [
        _piece_cells(start[i:j], end[i:j], pieces[i:j], segment_poly[i:j], frame, len(geometries))
        for i, j in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    pair_key = _sorted_unique(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)
    cell, polygon = np.divmod(pair_key, len(geometries))
    return cell, polygon


def _piece_cells(
    start: np.ndarray,
    end: np.ndarray,
    pieces: np.ndarray,
    segment_poly: np.ndarray,
    frame: _Frame,
    npoly: int,
) -> np.ndarray:
    """Unique ``cell * npoly + polygon`` keys for the cells touched by these segments' pieces."""
    seg = np.repeat(np.arange(start.shape[0]), pieces)
    piece_no = within_group(pieces)
    t0 = (piece_no / pieces[seg])[:, None]
    t1 = ((piece_no + 1) / pieces[seg])[:, None]
    delta = end[seg] - start[seg]
    p0 = start[seg] + delta * t0
    p1 = start[seg] + delta * t1
    lo = np.minimum(p0, p1) - frame.margin
    hi = np.maximum(p0, p1) + frame.margin
    ix0, ix1 = frame.column(lo[:, 0]), frame.column(hi[:, 0])
    iy0, iy1 = frame.row(lo[:, 1]), frame.row(hi[:, 1])
    assert int(np.max(ix1 - ix0, initial=0)) <= 2 and int(np.max(iy1 - iy0, initial=0)) <= 2
    poly = segment_poly[seg]

    keys: list[np.ndarray] = []
    for ox in range(3):
        for oy in range(3):
            keep = (ix0 + ox <= ix1) & (iy0 + oy <= iy1)
            keys.append(((iy0[keep] + oy) * frame.nx + ix0[keep] + ox) * npoly + poly[keep])
    return _sorted_unique(np.concatenate(keys))


def _containing(
    geometries: np.ndarray, tree: shapely.STRtree, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(point, polygon) pairs where the polygon covers the point: bounding boxes, then exact tests."""
    point_idx, poly_idx = tree.query(shapely.points(x, y))
    # Grouped by polygon (the query returns them by point), so each prepared index stays in cache.
    order = np.argsort(poly_idx, kind="stable")
    point_idx, poly_idx = point_idx[order], poly_idx[order]
    hit = shapely.intersects_xy(geometries[poly_idx], x[point_idx], y[point_idx])
    return point_idx[hit], poly_idx[hit]


def _classify_runs(
    geometries: np.ndarray, tree: shapely.STRtree, frame: _Frame, is_border: np.ndarray, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Set ``codes`` of non-border cells, one exact test per horizontal run of them.

    Returns (cell, polygon) pairs of runs covered by two or more (overlapping) polygons: those cells
    become border cells with those candidates.
    """
    free = ~is_border
    column = np.arange(free.size) % frame.nx
    previous_free = np.concatenate([[False], free[:-1]])
    run_start = free & ((column == 0) | ~previous_free)
    run_of_cell = np.cumsum(run_start) - 1
    start_cells = np.flatnonzero(run_start)
    x, y = frame.centres(start_cells)
    run_idx, poly_idx = _containing(geometries, tree, x, y)

    hits = np.bincount(run_idx, minlength=start_cells.size)
    run_code = np.full(start_cells.size, EMPTY, dtype=np.int64)
    single = hits[run_idx] == 1
    run_code[run_idx[single]] = poly_idx[single]
    free_cells = np.flatnonzero(free)
    codes[free_cells] = run_code[run_of_cell[free_cells]]

    # Overlapping polygons: every cell of a multiply-covered run gets all the run's polygons.
    multi = ~single
    if not np.any(multi):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(run_idx[multi], kind="stable")
    pair_run, pair_poly = run_idx[multi][order], poly_idx[multi][order]
    cells = free_cells[hits[run_of_cell[free_cells]] >= 2]
    cell_run = run_of_cell[cells]
    counts = hits[cell_run]
    first_pair = np.repeat(np.searchsorted(pair_run, cell_run), counts)
    return np.repeat(cells, counts), pair_poly[first_pair + within_group(counts)]


def _starts_group(values: np.ndarray) -> np.ndarray:
    """For a sorted array: True where a run of equal values starts."""
    starts = np.ones(values.size, dtype=bool)
    starts[1:] = values[1:] != values[:-1]
    return starts


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting: numpy 2's hash-based default is several times slower on int64 keys."""
    values = np.sort(values)
    return values[_starts_group(values)]


def within_group(counts: np.ndarray) -> np.ndarray:
    """For groups of the given sizes laid end to end, each element's position in its group."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


def _covering_polygons(
    geometries: np.ndarray, tree: shapely.STRtree, frame: _Frame, border_cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(cell, polygon) pairs for polygons that contain a border cell's centre.

    A polygon whose boundary does not touch a cell contains all of it or none of it, so testing the
    centre finds the polygons that step 1 cannot see (they overlap another polygon there).
    For a tessellation this adds nothing new; the duplicates are removed by the caller.
    """
    x, y = frame.centres(border_cells)
    point_idx, poly_idx = _containing(geometries, tree, x, y)
    return border_cells[point_idx], poly_idx
