"""Bulk-load N resident items (default 100,000) into a database that already holds the Barendrecht demo.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=bench_participation_settings \
        .venv/bin/python bench/participation/seed.py [--items 100000] [--points points.json]

Realistic spread: each item lies at a random point inside a neighbourhood (rejection sampling in its polygon),
neighbourhoods weighted by inhabitants (CBS 2024 key figures), so the large residential districts get most
items; created_at spread over the past three years; statuses mostly public (see STATUS_WEIGHTS) with the
StatusChange rows of the path that led there; a few merged items; supports from 3,000 bench residents, skewed
(most items none, a few dozens). Written with PostgreSQL COPY (psycopg 3) with explicit ids, then the identity
sequences are moved past them and the tables ANALYZEd. Prints a JSON summary with the time each step took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from shapely.geometry import Point, shape  # noqa: E402

from wijkgericht.accounts.models import User  # noqa: E402
from wijkgericht.districts.models import Municipality, Neighbourhood  # noqa: E402
from wijkgericht.districts.versioning import public_pages_changed  # noqa: E402
from wijkgericht.participation import workflow as wf  # noqa: E402
from wijkgericht.participation.models import Item, StatusChange, Support, Theme  # noqa: E402

# Where 100 items stand today: mostly public; 3 % wait for moderation, 2 % were rejected (not public).
STATUS_WEIGHTS = {
    wf.SUBMITTED: 3, wf.REJECTED: 2, wf.PUBLISHED: 20, wf.UNDER_CONSIDERATION: 22, wf.COORDINATION: 5,
    wf.ACCEPTED: 8, wf.DECLINED: 8, wf.IN_PROGRESS: 10, wf.DONE: 20, wf.REOPENED: 2,
}
# The status path that leads to each status (StatusChange rows: "" → submitted → ... → status).
PATHS = {
    wf.SUBMITTED: [wf.SUBMITTED],
    wf.REJECTED: [wf.SUBMITTED, wf.REJECTED],
    wf.PUBLISHED: [wf.SUBMITTED, wf.PUBLISHED],
    wf.UNDER_CONSIDERATION: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION],
    wf.COORDINATION: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.COORDINATION],
    wf.ACCEPTED: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.ACCEPTED],
    wf.DECLINED: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.DECLINED],
    wf.IN_PROGRESS: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.ACCEPTED, wf.IN_PROGRESS],
    wf.DONE: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE],
    wf.REOPENED: [wf.SUBMITTED, wf.PUBLISHED, wf.UNDER_CONSIDERATION, wf.ACCEPTED, wf.IN_PROGRESS, wf.DONE,
                  wf.REOPENED],
}
KIND_WEIGHTS = {Item.Kind.IDEA: 45, Item.Kind.REPORT: 45, Item.Kind.INITIATIVE: 10}
WORDS = ("bankje speeltuin stoep fietspad lantaarn boom parkeren oversteek afval hondenpoep moestuin jongeren "
         "ouderen buurthuis water brug struiken drempel snelheid zwerfvuil plein sportveld bloemen").split()
TITLES = ("{a} bij de {b}", "Meer {a} in de buurt", "{a} kapot naast de {b}", "Idee: {a} en {b}",
          "Gevaarlijke {a} bij de {b}", "Graag een {a}")
BENCH_RESIDENTS = 3000
POINTS_PER_NEIGHBOURHOOD = 400


def neighbourhood_points(rng: random.Random, municipality: Municipality) -> list[tuple[Neighbourhood, float, list]]:
    """(neighbourhood, weight, [(lat, lon), ...]) for every neighbourhood that belongs to a district."""
    out = []
    for n in Neighbourhood.objects.filter(district__municipality=municipality, year=municipality.division_year):
        polygon = shape(n.geometry)
        minx, miny, maxx, maxy = polygon.bounds
        points: list[tuple[float, float]] = []
        for _ in range(POINTS_PER_NEIGHBOURHOOD * 50):
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if polygon.contains(Point(x, y)):
                points.append((round(y, 6), round(x, 6)))
                if len(points) == POINTS_PER_NEIGHBOURHOOD:
                    break
        if not points:
            p = polygon.representative_point()
            points = [(p.y, p.x)]
        weight = max(int(n.key_figures.get("aantal_inwoners") or 0), 50)  # industrial areas still get a few
        out.append((n, weight, points))
    return out


def copy_rows(model: type, columns: list[str], rows: list[tuple]) -> None:
    """COPY the rows; columns the seed does not name get the model field's default (a field added later with a
    default needs no change here)."""
    table = model._meta.db_table
    extra = [f for f in model._meta.concrete_fields if f.column not in columns and f.has_default()]
    tail = tuple(f.get_default() for f in extra)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns + [f.column for f in extra])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row + tail)


def next_id(model: type) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def reset_sequence(model: type) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=489)
    parser.add_argument("--points", help="write 300 points inside the municipality (for submissions) to this file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    municipality = Municipality.objects.get(code="GM0489")
    themes = list(Theme.objects.filter(municipality=municipality))
    areas = neighbourhood_points(rng, municipality)
    timings["points_s"] = time.perf_counter() - started

    t = time.perf_counter()
    with transaction.atomic():
        password = make_password(None)  # unusable: the bench residents only exist to support items
        now = timezone.now()
        User.objects.bulk_create(
            [User(email=f"bench-{i}@bench.invalid", pseudonym=f"bewoner{i}",
                  password=password, email_verified_at=now) for i in range(BENCH_RESIDENTS)], batch_size=1000)
        users = list(User.objects.filter(email__endswith="@bench.invalid").values_list("pk", flat=True))
    timings["users_s"] = time.perf_counter() - t

    t = time.perf_counter()
    neighbourhoods = [a[0] for a in areas]
    weights = [a[1] for a in areas]
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    points_of = {a[0].pk: a[2] for a in areas}
    first_item, first_change, first_support = next_id(Item), next_id(StatusChange), next_id(Support)
    now = timezone.now()
    span = 3 * 365 * 24 * 3600
    items, changes, supports = [], [], []
    change_id, support_id = first_change, first_support
    chosen_n = rng.choices(neighbourhoods, weights, k=args.items)
    chosen_s = rng.choices(statuses, status_weights, k=args.items)
    chosen_k = rng.choices(kinds, kind_weights, k=args.items)
    for i in range(args.items):
        item_id = first_item + i
        n, status, kind = chosen_n[i], chosen_s[i], chosen_k[i]
        lat, lon = rng.choice(points_of[n.pk])
        theme = rng.choice(themes)
        created = now - dt.timedelta(seconds=rng.uniform(3600, span))
        path = PATHS[status]
        step_times = sorted(created + dt.timedelta(seconds=rng.uniform(0, min(180 * 86400, (now - created)
                                                                               .total_seconds())))
                            for _ in path[1:])
        when = [created, *step_times]
        needs = kind == Item.Kind.INITIATIVE and rng.random() < 0.5
        merged = items[-1][0] if items and status == wf.PUBLISHED and rng.random() < 0.02 else None
        title = rng.choice(TITLES).format(a=rng.choice(WORDS), b=rng.choice(WORDS)).capitalize()
        items.append((item_id, municipality.pk, n.district_id, n.pk, kind, title,
                      f"{title}. Beschrijving {i} van een bewoner uit {n.name}, met wat extra tekst zodat de rij een "
                      "realistische lengte heeft; de lijst laadt deze kolom niet.",
                      theme.pk, lat, lon, needs, rng.choice((500, 2500, 6000)) if needs else None, status, None,
                      uuid.UUID(int=rng.getrandbits(128), version=4), merged, False, created, when[-1],
                      0 if status in (wf.SUBMITTED, wf.REJECTED) else 1))  # consideration_round: published once
        source = ""
        for target, at in zip(path, when, strict=True):
            changes.append((change_id, item_id, source, target, None, "", "", at))
            change_id += 1
            source = target
        if status not in (wf.SUBMITTED, wf.REJECTED):
            count = int(rng.paretovariate(1.3)) - 1 if rng.random() < 0.35 else 0
            for user in rng.sample(users, min(count, 60)):
                supports.append((support_id, item_id, user, created + dt.timedelta(days=rng.uniform(0, 30))))
                support_id += 1
    timings["generate_s"] = time.perf_counter() - t

    t = time.perf_counter()
    with transaction.atomic():
        copy_rows(Item, ["id", "municipality_id", "district_id", "neighbourhood_id", "kind", "title", "description",
                         "theme_id", "lat", "lon", "needs_decision", "amount_requested", "status", "author_id",
                         "submission_key", "merged_into_id", "is_example", "created_at", "status_changed_at",
                         "consideration_round"], items)
        copy_rows(StatusChange, ["id", "item_id", "source", "target", "actor_id", "reason", "public_note",
                                 "created_at"], changes)
        copy_rows(Support, ["id", "item_id", "user_id", "created_at"], supports)
        for model in (Item, StatusChange, Support):
            reset_sequence(model)
        public_pages_changed(municipality.pk)  # as every public item write does: page caches start anew
    timings["copy_s"] = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by now: visibility map set, statistics fresh
    timings["analyze_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - started

    if args.points:
        pool = [(lat, lon) for _, _, pts in areas for lat, lon in pts[:5]]
        rng.shuffle(pool)
        with open(args.points, "w") as fh:
            json.dump(pool[:300], fh)
    print(json.dumps({"items": len(items), "status_changes": len(changes), "supports": len(supports),
                      "bench_residents": BENCH_RESIDENTS, "neighbourhoods": len(areas),
                      "timings": {k: round(v, 2) for k, v in timings.items()}}))


if __name__ == "__main__":
    main()
