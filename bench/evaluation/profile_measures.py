"""Where a cold dashboard's time goes: every measure (the period, the previous period and every district) and one
measure's time series, timed with its number of queries and its slowest query, on a database the bench made.

    .venv/bin/python bench/evaluation/profile_measures.py [--db wj_bench_evaluation] [--explain KEY]

Run bench_evaluation.py first (it leaves the database behind); this migrates it (new migrations only) and reads.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_evaluation import DB_NAME, setup_django  # noqa: E402 - the bench's own set-up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DB_NAME)
    parser.add_argument("--explain", help="print PostgreSQL's plan of the slowest query of this measure")
    args = parser.parse_args()
    setup_django(Path(tempfile.mkdtemp(prefix="wj-bench-evaluation-")), args.db, reuse=True)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from wijkgericht.districts.models import Municipality
    from wijkgericht.evaluation import selectors
    from wijkgericht.evaluation.services import dashboard

    m = Municipality.objects.get(code="GM0489")
    period = dashboard.default_period(timezone.localdate())
    rows = []
    for fn in selectors.MEASURES:
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            fn(m, period, None, by_district=True)
            spent = time.perf_counter() - began
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
        rows.append((fn.key, spent, len(queries), float(slowest["time"]) if slowest else 0.0,
                     slowest["sql"] if slowest else ""))
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        dashboard.series(m, period, "voice.items_per_1000")
        rows.append(("series of voice.items_per_1000", time.perf_counter() - began, len(queries), 0.0, ""))
    rows.sort(key=lambda r: -r[1])
    print(f"load {os.getloadavg()[0]:.1f}\n| measure | time | queries | slowest query |\n|---|---:|---:|---:|")
    for key, spent, count, slowest, _sql in rows:
        print(f"| {key} | {spent:.3f} s | {count} | {slowest:.3f} s |")
    print(f"total {sum(r[1] for r in rows):.2f} s")
    if args.explain:
        sql = next(r[4] for r in rows if r[0] == args.explain)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
