"""Where the time of the item list and of a submission goes, in-process (Django test client, whole middleware stack).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wijkgericht_bench_participation WIJKGERICHT_DATA_DIR=<dir> \
    PYTHONPATH=bench/participation:bench/http DJANGO_SETTINGS_MODULE=bench_participation_settings \
    DJANGO_ALLOWED_HOSTS=testserver .venv/bin/python bench/participation/profile_participation.py --district meerwede

Per case: median time per request, SQL queries per request, time in the database driver, the queries grouped by
shape (literals replaced) with their count and time per request, and time in wrapped functions (inclusive; nested
calls are counted in each enclosing function). Then EXPLAIN (ANALYZE, BUFFERS) of the list's page query and of
the paginator's COUNT query, plain, filtered and at page 200. Submissions go through CSRF checks too
(enforce_csrf_checks) and each creates an item (a fresh submission_key).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import uuid
from collections import defaultdict
from pathlib import Path

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from profile_requests import CALLS, SPENT, _timed  # noqa: E402  (bench/http)

from wijkgericht.accounts.models import User  # noqa: E402
from wijkgericht.districts.models import District  # noqa: E402
from wijkgericht.participation import selectors  # noqa: E402
from wijkgericht.participation.models import Theme  # noqa: E402

WRAP = [
    ("wijkgericht.participation.pages.public", "item_submit"),
    ("wijkgericht.participation.services", "notify"),
    ("wijkgericht.participation.services.audience", "district_team"),
    ("wijkgericht.participation.services.audience", "moderators"),
    ("wijkgericht.participation.services.lookup", "place_at"),
    ("wijkgericht.participation.pages.public.participation", "similar_nearby"),
    ("wijkgericht.districts.versioning", "_raise"),  # raising the versions after commit
    ("wijkgericht.frame.context_processors", "site"),
    ("wijkgericht.participation.pages.public", "base_context"),
    ("django.template.backends.django.Template", "render"),
    ("django.db.backends.utils.CursorWrapper", "execute"),
]


def instrument() -> None:
    import importlib

    for dotted, attr in WRAP:
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):  # longest importable module prefix, then attributes
            try:
                owner = importlib.import_module(".".join(parts[:i]))
                break
            except ImportError:
                continue
        for name in parts[i:]:
            owner = getattr(owner, name)
        setattr(owner, attr, _timed(f"{parts[-1]}.{attr}", getattr(owner, attr)))


_LITERAL = re.compile(r"'[^']*'|\b\d+(\.\d+)?\b")


def shape_of(sql: str) -> str:
    return re.sub(r"(%s|\?)(, (%s|\?))+", "…", _LITERAL.sub("?", sql))


def run_case(name: str, client: Client, request, rounds: int) -> None:
    for i in range(3):
        request(i)
    SPENT.clear()
    CALLS.clear()
    times = []
    with CaptureQueriesContext(connection) as ctx:
        for i in range(rounds):
            start = time.perf_counter()
            response = request(i)
            times.append(time.perf_counter() - start)
            if response.status_code not in (200, 302):
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', response.content.decode())
                raise SystemExit(f"{name}: HTTP {response.status_code} {errors[:5]}")
    queries = ctx.captured_queries
    db = sum(float(q["time"]) for q in queries)
    print(f"\n{name}: median {statistics.median(times) * 1e3:.1f} ms/request, {len(queries) / rounds:.1f} queries "
          f"and {db / rounds * 1e3:.1f} ms in SQL per request (sum of query times)")
    for label, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        print(f"    {label:<36} {seconds / rounds * 1e3:8.1f} ms/request  ({CALLS[label] / rounds:.1f} calls)")
    groups: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        groups[shape_of(q["sql"])].append(float(q["time"]))
    print("    queries by shape (per request: count, ms), slowest first:")
    for sql, spent in sorted(groups.items(), key=lambda kv: -sum(kv[1]))[:12]:
        print(f"      {len(spent) / rounds:4.1f} × {sum(spent) / rounds * 1e3:7.1f} ms  {sql[:150]}")


def explain(label: str, sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\n  EXPLAIN ANALYZE {label}:\n    " + "\n    ".join(plan))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--district", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--points", help="JSON list of [lat, lon] inside the municipality (seed.py --points)")
    parser.add_argument("--no-explain", action="store_true")
    args = parser.parse_args()
    district = District.objects.get(slug=args.district)
    user = User.objects.get(email="inwoner@demo.invalid")
    theme = Theme.objects.filter(municipality=district.municipality).order_by("name").first()
    points = json.loads(Path(args.points).read_text()) if args.points else [(51.8587, 4.5324)]
    instrument()

    signed = Client()
    signed.force_login(user)
    anonymous = Client()
    items = f"/wijken/{district.slug}/inbreng/"
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    csrf_client.get(f"/inbreng/nieuw/?lat={points[0][0]}&lon={points[0][1]}")  # the form sets the CSRF cookie
    token = csrf_client.cookies["csrftoken"].value

    def submit(i: int):
        lat, lon = points[i % len(points)]
        return csrf_client.post("/inbreng/nieuw/", {
            "kind": "idea", "theme": theme.pk, "title": f"Profiel inbreng {i}",
            "description": "Een bankje bij de speeltuin.", "lat": lat, "lon": lon,
            "submission_key": str(uuid.uuid4()), "photo_alt": "", "amount_requested": ""}, HTTP_X_CSRFTOKEN=token)

    def anonymous_cold(i: int):
        cache.clear()
        return anonymous.get(items)

    staff = Client()
    staff_user = User.objects.get(email="moderator@demo.invalid")  # the inbox of all of Barendrecht
    staff.force_login(staff_user)
    device, _ = TOTPDevice.objects.get_or_create(user=staff_user, name="bench", defaults={"confirmed": True})
    session = staff.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # past the second factor
    session.save()

    cases = [
        ("list signed in", lambda i: signed.get(items)),
        ("search 'speeltuin', signed in", lambda i: signed.get("/inbreng/?q=speeltuin")),
        ("staff inbox (moderator)", lambda i: staff.get("/werkplek/")),
        ("list anonymous, page cache cleared each time", anonymous_cold),
        ("list anonymous, page cache warm", lambda i: anonymous.get(items)),
        ("filtered ?theme=sport&status=open, signed in", lambda i: signed.get(items + "?theme=sport&status=open")),
        ("page 200, signed in", lambda i: signed.get(items + "?pagina=200")),
        ("submit POST", submit),
        ("hello (bare view)", lambda i: anonymous.get("/bench/hello")),
    ]
    for name, request in cases:
        run_case(name, signed, request, args.rounds)

    if args.no_explain:
        return
    print("\nquery plans (the list's page of 25, and the paginator's COUNT):")
    variants = [("plain", selectors.ItemFilter(), 1),
                ("theme=sport&status=open", selectors.ItemFilter(theme="sport", status="open"), 1),
                ("page 200", selectors.ItemFilter(), 200)]
    for label, filters, page_number in variants:
        qs = selectors.public_items(district=district, filters=filters)
        paginator = Paginator(qs, 25)
        offset = (page_number - 1) * 25
        explain(f"{label}: page query", *qs[offset:offset + 25].query.sql_with_params())
        with CaptureQueriesContext(connection) as ctx:
            paginator.count  # noqa: B018 - the count query is what we want to see
        count_sql = ctx.captured_queries[-1]["sql"]  # as sent, literals inlined by the driver
        explain(f"{label}: paginator COUNT", count_sql, None)

if __name__ == "__main__":
    main()
