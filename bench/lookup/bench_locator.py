"""Benchmark wijkgericht.geo.PointLocator against shapely's plain STRtree, and check its answers.

Run from the repository root:

    PYTHONPATH=src .venv/bin/python bench/lookup/bench_locator.py [--quick] [--json FILE]

Data sets:
* synthetic: ~15,000 Voronoi cells over the Netherlands' bounding box (clipped to the box);
* the real CBS 2024 files in ../shared/data/nl (3,393 wijken; 625 Rijnmond buurten), skipped
  with a note when absent.

For each set: index build time and memory, batch ``locate_many`` points/s on N random points in the
set's bounding box, one-by-one ``locate`` points/s (measured on a subset and stated as such), both
as a ratio to ``STRtree.query(points, predicate="within")`` on the same points in the same run
(the shapely Point objects are created before the timer starts, which flatters the reference), and
a correctness check: where the reference is unambiguous (a point strictly inside exactly one
polygon, or inside none) the locator must give the same answer.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from wijkgericht.geo import PointLocator, detect_crs, polygon_from_geojson, to_wgs84

NL_BOUNDS = (3.36, 50.75, 7.23, 53.56)
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "nl"


@dataclass
class Result:
    name: str
    polygons: int
    vertices: int
    build_s: float
    grid: str
    grid_mib: float
    held_mib: float
    peak_mib: float
    batch_pps: float
    single_pps: float
    ref_pps: float
    ref_single_pps: float
    check: str


ROUNDS = 3


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def synthetic(count: int, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    box = shapely.box(*NL_BOUNDS)
    sites = shapely.points(
        rng.uniform(NL_BOUNDS[0], NL_BOUNDS[2], count), rng.uniform(NL_BOUNDS[1], NL_BOUNDS[3], count)
    )
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=box))
    cells = shapely.intersection(cells, box)
    keys = [f"BU{rank:08d}" for rank in rng.permutation(cells.size)]  # key order ≠ input order
    return cells, keys


def real(path: Path, code_field: str) -> tuple[np.ndarray, list[str]]:
    """Validate every feature as an import would; invalid ones (8 national wijken) are repaired."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    crs = detect_crs(collection)
    keys = [feature["properties"][code_field] for feature in collection["features"]]
    geometries = [
        to_wgs84(polygon_from_geojson(feature["geometry"], label=key, repair=True), crs)
        for feature, key in zip(collection["features"], keys, strict=True)
    ]
    return np.array(geometries, dtype=object), keys


def bench(
    name: str, geometries: np.ndarray, keys: list[str], *, points: int, singles: int, few: int, seed: int
) -> Result:
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    lons, lats = rng.uniform(minx, maxx, points), rng.uniform(miny, maxy, points)

    gc.collect()
    start = time.perf_counter()
    locator = PointLocator(list(geometries), keys)
    build_s = time.perf_counter() - start
    # Memory in a second build under tracemalloc (numpy arrays and Python objects; GEOS's own
    # prepared-geometry indexes are not traced), so the timing above is not disturbed.
    del locator
    gc.collect()
    tracemalloc.start()
    locator = PointLocator(list(geometries), keys)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    grid = locator.grid
    assert grid is not None
    counts = grid.cell_counts()
    total = grid.nx * grid.ny
    grid_text = f"{grid.nx}x{grid.ny} full {counts['full'] / total:.0%} empty {counts['empty'] / total:.0%} border {counts['border'] / total:.0%}"

    tree = shapely.STRtree(geometries)
    shapely_points = shapely.points(lons, lats)
    sub_lons, sub_lats = lons[:singles].tolist(), lats[:singles].tolist()
    locate = locator.locate
    few_points = list(shapely_points[:few])

    # Interleave ours and the reference, best of ROUNDS each: the machine may be shared, and
    # interleaving exposes both to the same background load.
    batch_s = single_s = ref_s = ref_single_s = float("inf")
    for _ in range(ROUNDS):
        t, batch = timed(lambda: locator.locate_many(lons, lats))
        batch_s = min(batch_s, t)
        t, pairs = timed(lambda: tree.query(shapely_points, predicate="within"))
        ref_s = min(ref_s, t)
        t, single_keys = timed(lambda: [locate(x, y) for x, y in zip(sub_lons, sub_lats, strict=True)])
        single_s = min(single_s, t)
        t, _ = timed(lambda: [tree.query(point, predicate="within") for point in few_points])
        ref_single_s = min(ref_single_s, t)
    batch = np.asarray(batch)
    point_idx, poly_idx = np.asarray(pairs)
    hits = np.bincount(point_idx, minlength=points)
    reference = np.full(points, -1, dtype=np.int64)
    reference[point_idx[hits[point_idx] == 1]] = poly_idx[hits[point_idx] == 1]

    # Where polygons overlap (generalised real data), the rule is: smallest key among them.
    smallest = np.full(points, -1, dtype=np.int64)
    rank = np.argsort(np.argsort(np.array(keys, dtype=object)))
    multi = hits[point_idx] > 1
    for p, q in zip(point_idx[multi].tolist(), poly_idx[multi].tolist(), strict=True):
        if smallest[p] < 0 or rank[q] < rank[smallest[p]]:
            smallest[p] = q
    ambiguous = hits > 1
    agree_ambiguous = int(np.count_nonzero(batch[ambiguous] == smallest[ambiguous]))

    one, none = hits == 1, hits == 0
    agree_one = int(np.count_nonzero(batch[one] == reference[one]))
    agree_none = int(np.count_nonzero(batch[none] == -1))
    # A point with no "within" hit may still lie exactly on a boundary, where the locator answers.
    on_boundary = int(np.count_nonzero(none & (batch != -1)))
    singles_agree = single_keys == locator.keys_for(batch[:singles])
    ok = agree_one == int(one.sum()) and agree_ambiguous == int(ambiguous.sum()) and singles_agree
    check = (
        f"{'OK' if ok else 'MISMATCH'}: inside-one {agree_one}/{int(one.sum())} equal, "
        f"outside {agree_none}/{int(none.sum())} equal ({on_boundary} on a boundary), "
        f"in 2+ (overlap) {agree_ambiguous}/{int(ambiguous.sum())} smallest key, "
        f"locate==locate_many on {singles:,}: {singles_agree}"
    )
    return Result(
        name=name,
        polygons=int(geometries.size),
        vertices=int(shapely.get_num_coordinates(geometries).sum()),
        build_s=build_s,
        grid=grid_text,
        grid_mib=grid.nbytes / 2**20,
        held_mib=held / 2**20,
        peak_mib=peak / 2**20,
        batch_pps=points / batch_s,
        single_pps=singles / single_s,
        ref_pps=points / ref_s,
        ref_single_pps=few / ref_single_s,
        check=check,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sets, for a smoke run (~10 s)")
    parser.add_argument("--seed", type=int, default=20241)
    parser.add_argument("--json", type=Path, help="also write the figures (and date, machine) to this file")
    args = parser.parse_args()
    synthetic_count, points, singles, few = (
        (3_000, 200_000, 20_000, 5_000) if args.quick else (15_000, 1_000_000, 100_000, 20_000)
    )

    results = []
    geometries, keys = synthetic(synthetic_count, args.seed)
    results.append(
        bench(
            f"synthetic Voronoi ({synthetic_count:,})",
            geometries,
            keys,
            points=points,
            singles=singles,
            few=few,
            seed=args.seed,
        )
    )
    notes = []
    for filename, field in (
        ("nl_wijken_2024.geojson", "wijkcode"),
        ("rijnmond_buurten_2024.geojson", "buurtcode"),
    ):
        path = SHARED / filename
        if not path.exists():
            notes.append(f"skipped {filename}: not found at {path.resolve()}")
            continue
        geometries, keys = real(path, field)
        results.append(
            bench(filename, geometries, keys, points=points, singles=singles, few=few, seed=args.seed)
        )

    print(f"PointLocator benchmark: {points:,} random points per set (uniform in the set's bounding box).")
    print(f"locate(): one by one on the first {singles:,} points, given as points/s.")
    print("ref: shapely STRtree.query(points, predicate='within') on all points in one call (Point creation")
    print(f"not timed); 'ref 1-by-1': the same query per Point, on the first {few:,} points.")
    print("Best of 3 interleaved rounds. held/peak MiB: Python+numpy memory kept by / peak during the")
    print("build (tracemalloc; GEOS's prepared-geometry indexes are not traced).")
    print()
    columns = [
        ("set", 30), ("polygons", 8), ("vertices", 9), ("build s", 7), ("grid MiB", 8), ("held MiB", 8),
        ("peak MiB", 8), ("batch pts/s", 11), ("x ref", 5), ("locate pts/s", 12), ("x ref", 5),
        ("x ref 1-by-1", 12), ("ref pts/s", 9), ("ref 1-by-1", 10),
    ]  # fmt: skip
    align = ["<"] + [">"] * (len(columns) - 1)
    print("| " + " | ".join(f"{t:{a}{w}}" for (t, w), a in zip(columns, align, strict=True)) + " |")
    print("|" + "|".join("-" * (width + 2) for _, width in columns) + "|")
    for r in results:
        cells = [
            r.name, f"{r.polygons:,}", f"{r.vertices:,}", f"{r.build_s:.2f}", f"{r.grid_mib:.1f}",
            f"{r.held_mib:.1f}", f"{r.peak_mib:.1f}", f"{r.batch_pps:,.0f}", f"{r.batch_pps / r.ref_pps:.1f}",
            f"{r.single_pps:,.0f}", f"{r.single_pps / r.ref_pps:.2f}", f"{r.single_pps / r.ref_single_pps:.0f}",
            f"{r.ref_pps:,.0f}", f"{r.ref_single_pps:,.0f}",
        ]  # fmt: skip
        print(
            "| "
            + " | ".join(f"{c:{a}{w}}" for c, (_, w), a in zip(cells, columns, align, strict=True))
            + " |"
        )
    print()
    for r in results:
        print(f"{r.name}: grid {r.grid}")
        print(f"  check {r.check}")
    for note in notes:
        print(note)
    if args.json:
        import datetime as dt
        import os
        import platform

        args.json.write_text(json.dumps({
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {"nproc": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                        "load_average": os.getloadavg()[0], "python": platform.python_version()},
            "settings": {"quick": args.quick, "seed": args.seed, "points": points, "singles": singles, "few": few},
            "results": [asdict(r) for r in results], "notes": notes,
        }, indent=1) + "\n")
        print(f"wrote {args.json}")
    return 0 if all(r.check.startswith("OK") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
