"""Where a request's time goes, in-process (Django test client, the whole middleware stack, no profiler overhead).

    WIJKGERICHT_DATA_DIR=<a demo data dir> PYTHONPATH=bench/http DJANGO_SETTINGS_MODULE=bench_settings \
        .venv/bin/python bench/http/profile_requests.py [--rounds 200]

Per case: requests' median time, SQL queries per request, time in the database driver (cursor.execute), and inclusive time in the
project's selectors, the lookup index, template rendering and django-ninja's response validation (wrapped with
timers; nested calls are counted in each enclosing function too).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import random
import statistics
import time
from collections import defaultdict

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)

WRAP = {
    "wijkgericht.districts.selectors": ["municipality_by_code", "municipality_default", "district_by_slug",
                                        "district_list", "district_neighbourhoods", "has_address_table"],
    "wijkgericht.governance.selectors": ["board_snapshot", "reference_date", "current_term", "term_for_display",
                                         "district_history", "alderman_holdings"],
    "wijkgericht.districts.lookup": ["place_at", "place_of", "_index_for"],
    "django.core.cache.backends.locmem": [("LocMemCache", "get")],
    "wijkgericht.web.keyfigures": ["summary_rows", "age_rows"],
    "django.template.backends.django": [("Template", "render")],
    "ninja.operation": [("Operation", "_result_to_response")],
    "django.db.backends.utils": [("CursorWrapper", "execute")],
}


def _timed(label, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start
            CALLS[label] += 1
    return wrapper


def instrument() -> None:
    for module_name, names in WRAP.items():
        module = importlib.import_module(module_name)
        for name in names:
            owner, attr = (getattr(module, name[0]), name[1]) if isinstance(name, tuple) else (module, name)
            label = f"{owner.__name__ if owner is not module else module_name.rsplit('.', 1)[-1]}.{attr}"
            setattr(owner, attr, _timed(label, getattr(owner, attr)))
    # Modules that imported a selector by name hold their own reference: rebind those too.
    api = importlib.import_module("wijkgericht.governance.api")
    governance = importlib.import_module("wijkgericht.governance.selectors")
    for name in ("reference_date", "board_snapshot"):
        if hasattr(api, name):
            setattr(api, name, getattr(governance, name))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    client = Client()
    rng = random.Random(489)
    points = []
    while len(points) < 50:
        lat, lon = rng.uniform(51.83, 51.87), rng.uniform(4.49, 4.57)
        if client.get(f"/api/v1/lookup?lat={lat:.5f}&lon={lon:.5f}").status_code == 200:
            points.append((lat, lon))
    instrument()
    cases = [("hello", lambda i: "/bench/hello"), ("district", lambda i: "/wijken/nieuweland/"),
             ("lookup", lambda i: "/api/v1/lookup?lat={:.5f}&lon={:.5f}".format(*points[i % len(points)]))]
    for name, url in cases:
        for i in range(20):
            client.get(url(i))
        SPENT.clear()
        CALLS.clear()
        times = []
        with CaptureQueriesContext(connection) as ctx:
            for i in range(args.rounds):
                start = time.perf_counter()
                response = client.get(url(i))
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (url(i), response.status_code)
        n = args.rounds
        print(f"\n{name}: median {statistics.median(times) * 1e3:.2f} ms/request, "
              f"{len(ctx.captured_queries) / n:.1f} queries/request "
              "(CursorWrapper.execute = time in the database driver)")
        for label, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
            print(f"    {label:<42} {seconds / n * 1e3:7.2f} ms/request  ({CALLS[label] / n:.1f} calls)")
        if name != "hello":
            print("    queries of one request:")
            for query in ctx.captured_queries[: len(ctx.captured_queries) // n]:
                print("      ", query["sql"][:140])


if __name__ == "__main__":
    main()
