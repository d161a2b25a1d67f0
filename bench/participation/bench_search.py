"""Search benchmark: /inbreng/'s selector (participation.search) against 100,000 items in PostgreSQL.

    .venv/bin/python bench/participation/bench_search.py [--items 100000] [--repeat 15] [--reuse-db]
        [--data-dir DIR] [--db NAME]

Builds the participation bench's database (bench_participation.prepare: migrate, the Barendrecht demo and 100,000
seeded items; dropped and created anew unless --reuse-db), then measures in one Django process what the page asks
the database for — the count and the first page of ids, then that page's rows — for a list without words (the
baseline: the municipality's newest), common and rare words, a phrase, words with filters, and each order. Each
case: the median and the slowest of --repeat runs in milliseconds, and the ratio to the baseline's median. First without
participation's GIN index on the Dutch text vector (migration 0010; dropped for this part), then with it (created
again, as the migration does), and the plan PostgreSQL chose for one search. Prints a table; nothing is kept but the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_participation as bp  # noqa: E402  (prepare, environment, db names)

CASES = [
    ("no words, newest (baseline)", {}),
    ("common word 'speeltuin'", {"words": "speeltuin"}),
    ("rare word 'pannakooi'", {"words": "pannakooi"}),
    ("two words 'meer bomen'", {"words": "meer bomen"}),
    ("phrase '\"losse tegels\"'", {"words": '"losse tegels"'}),
    ("word + district + open", {"words": "speeltuin", "district": "meerwede", "status": "open"}),
    ("word, most supported", {"words": "speeltuin", "sort": "support"}),
    ("word, recently changed", {"words": "speeltuin", "sort": "changed"}),
    ("no words, most supported", {"sort": "support"}),
]


def measure(repeat: int) -> list[tuple[str, float, float]]:
    from django.core.paginator import Paginator

    from wijkgericht.districts.models import Municipality
    from wijkgericht.participation import search
    from wijkgericht.participation.selectors import public_items_by_ids

    place = Municipality.objects.get(code="GM0489")
    rows = []
    for label, asked in CASES:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            ids = search.public_item_search(municipality=place, search=search.ItemSearch(**asked))
            page = Paginator(ids, 25).get_page(1)
            public_items_by_ids(list(page.object_list))
            times.append((time.perf_counter() - t) * 1000)
        rows.append((label, statistics.median(times), max(times)))
    return rows


def migration_index() -> tuple[str, str]:
    """The index of participation's migration 0010 (name, CREATE statement), checked against the selector's SQL:
    PostgreSQL uses it only while the two expressions agree."""
    import importlib

    from django.db import connection

    from wijkgericht.districts.models import Municipality
    from wijkgericht.participation import search

    migration = importlib.import_module("wijkgericht.participation.migrations.0010_item_search_index")
    place = Municipality.objects.get(code="GM0489")
    sql, params = search.public_item_search(municipality=place, search=search.ItemSearch(words="x")).query.sql_with_params()
    with connection.cursor() as cursor:
        full = cursor.mogrify(sql, params)
    assert migration.VECTOR.replace('"title"', '"participation_item"."title"').replace(
        '"description"', '"participation_item"."description"') in full, "the selector's vector and the index differ"
    return migration.INDEX, f"CREATE INDEX {migration.INDEX} ON participation_item USING gin (({migration.VECTOR}))"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", default=bp.DB_NAME)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--reuse-db", action="store_true")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="wijkgericht-bench-search-"))
    env = bp.environment(data_dir, args.db)
    if not args.reuse_db:
        t = time.perf_counter()
        summary = bp.prepare(env, args.db, args.items, data_dir / "points.json")
        print(f"database ready in {time.perf_counter() - t:.0f} s: {summary.get('items', args.items)} items seeded")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkgericht.conf.base"
    import django

    django.setup()
    from django.db import connection

    from wijkgericht.participation.models import Item

    print(f"items in the database: {Item.objects.count()}")
    name, create = migration_index()
    with connection.cursor() as cursor:  # first without the migration's index, then with it (left in place)
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("ANALYZE participation_item")
    results = {"without index": measure(args.repeat)}
    with connection.cursor() as cursor:
        t = time.perf_counter()
        cursor.execute(create)
        cursor.execute("ANALYZE participation_item")
        built = time.perf_counter() - t
    results["with GIN index"] = measure(args.repeat)
    from wijkgericht.districts.models import Municipality
    from wijkgericht.participation import search

    place = Municipality.objects.get(code="GM0489")
    plan = search.public_item_search(municipality=place, search=search.ItemSearch(words="pannakooi")).explain()
    base = {name: rows[0][1] for name, rows in results.items()}
    print(f"\nGIN index built in {built:.1f} s\n")
    print(f"{'case':34} | {'no index: median':>16} {'max':>7} {'ratio':>6} | {'GIN: median':>11} {'max':>7} {'ratio':>6}")
    for (label, med, worst), (_l, imed, iworst) in zip(results["without index"], results["with GIN index"], strict=True):
        print(f"{label:34} | {med:13.1f} ms {worst:7.1f} {med / base['without index']:6.2f} | "
              f"{imed:8.1f} ms {iworst:7.1f} {imed / base['with GIN index']:6.2f}")
    print("\nplan for 'pannakooi' with the index:\n" + plan)


if __name__ == "__main__":
    main()
