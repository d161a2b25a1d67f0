"""Answer time of the evaluation's dashboards, its API and the report for the college, for a municipality with many
items, ballots, registrations and survey answers, on PostgreSQL.

    .venv/bin/python bench/evaluation/bench_evaluation.py [--rows 1000000] [--repeat 3] [--report] [--json FILE]

A fresh database (`wj_bench_evaluation` on 127.0.0.1:5432, user postgres; dropped and created) is migrated and
given the Barendrecht demo. Then `--rows` of each of: items (participation; half with a first answer, a quarter
with a decision, spread over two years and the 23 districts), ballots (budgets: one round, as many voters),
registrations (agenda: 1,000 activities × 1,000 users), and survey answers (evaluation: a baseline and a later
wave, three scored questions, answers / 3 responses), plus supports (rows / 2) and advice requests (rows / 20).
Rows are made in the database (INSERT … SELECT over generate_series, cloned from one row made by the ORM), then
ANALYZE.

Timed in-process through the whole middleware stack (Django's test client; page cache cleared before each cold
request): the public dashboard (the last twelve months, the whole municipality; then one district), the staff
dashboard, a CSV download, GET /api/v1/evaluation, and a bare view (/healthz) in the same run, each the median of
`--repeat` runs. `--report` also builds the report for the college (collect + PDF) once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "wj_bench_evaluation"
GOAL_SECONDS = 1.0


def setup_django(data_dir: Path, db_name: str = DB_NAME, *, reuse: bool = False) -> bool:
    """Point Django at the bench database and migrate it. A fresh database unless `reuse` and it exists (then only
    the new migrations run, back-fills included); True when the database is fresh and must be seeded."""
    os.environ["WIJKGERICHT_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-evaluation-not-a-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkgericht.conf.base"
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone() is not None
        fresh = not (reuse and exists)
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db_name}"')
    os.environ["DATABASE_URL"] = f"{PG}/{db_name}"
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    return fresh


def clone(model, template_id, n: int, overrides: dict[str, str], *, start: int = 1) -> None:
    """n copies of one row, made in the database: every column from the template unless `overrides` gives an SQL
    expression (over g, the series number) for it."""
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id" or "id" in overrides]
    exprs = [overrides.get(c, f't."{c}"') for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) '  # noqa: S608 - ours
            f'SELECT {", ".join(exprs)} FROM "{table}" t, generate_series({start}, {start + n - 1}) g '
            f"WHERE t.id = '{template_id}'")


def seed(rows: int) -> dict[str, int]:  # noqa: PLR0915 - one data set, told in order
    from django.db import connection
    from django.utils import timezone

    from wijkgericht.accounts.models import User
    from wijkgericht.agenda.models import Activity, ActivityKind, Registration
    from wijkgericht.budgets.models import Ballot, Voter
    from wijkgericht.budgets.tests.voting_setup import voting_round
    from wijkgericht.demo.services import barendrecht_demo_load
    from wijkgericht.districts.models import District, Municipality, Neighbourhood
    from wijkgericht.evaluation import rollup, tallies
    from wijkgericht.evaluation.models import Answer, Question, Response, Survey, Wave
    from wijkgericht.governance.models import Portfolio
    from wijkgericht.participation.models import AdviceRequest, Item, StatusChange, Support, Theme

    barendrecht_demo_load(evaluation=False)  # its own survey, not the demo's, must be the one measured
    m = Municipality.objects.get(code="GM0489")
    districts = list(District.objects.filter(municipality=m).values_list("id", flat=True))
    pick = f"(ARRAY[{','.join(map(str, districts))}])[1 + (g::bigint * 7919) % {len(districts)}]"
    theme = Theme.objects.filter(municipality=m).order_by("pk").first()
    when = "now() - ((g::bigint * 104729) % 730) * interval '1 day' - ((g::bigint * 31) % 86400) * interval '1 second'"
    counts: dict[str, int] = {}

    # Users (for registrations and supports): 1,000.
    template_user = User.objects.create_user(email="bench-0@example.invalid", password=None)
    clone(User, template_user.pk, 999, {"email": "'bench-' || g || '@example.invalid'",
                                        "pseudonym": "'Bench ' || g"})
    users = list(User.objects.filter(email__startswith="bench-").values_list("id", flat=True))
    user_pick = f"(ARRAY[{','.join(map(str, users))}])"

    # Items, their first answers and decisions, supports, advice requests.
    template = Item.objects.filter(municipality=m).order_by("pk").first()
    clone(Item, template.pk, rows, {"district_id": pick, "created_at": when, "updated_at": when,
                                    "kind": "(ARRAY['idea','report','initiative'])[1 + g % 3]",
                                    "status": "(ARRAY['published','under_consideration','accepted','done'])"
                                              "[1 + g % 4]", "theme_id": str(theme.pk), "author_id": "NULL",
                                    "title": "'Bench ' || g", "submission_key": "md5('item' || g)::uuid"})
    counts["items"] = rows
    bench_items = Item.objects.filter(title__startswith="Bench ")
    first_id = bench_items.order_by("pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO participation_statuschange (item_id, source, target, reason, public_note, created_at) '
            "SELECT id, 'published', 'under_consideration', '', '', created_at + ((id % 30) * interval '1 day') "
            "FROM participation_item WHERE title LIKE 'Bench %' AND id % 2 = 0")
        cursor.execute(
            'INSERT INTO participation_statuschange (item_id, source, target, reason, public_note, created_at) '
            "SELECT id, 'under_consideration', 'accepted', '', '', created_at + ((id % 60 + 5) * interval '1 day') "
            "FROM participation_item WHERE title LIKE 'Bench %' AND id % 4 = 0")
        cursor.execute(
            "INSERT INTO participation_support (item_id, user_id, created_at) "
            f"SELECT id, {user_pick}[1 + id % {len(users)}], created_at + interval '2 days' "
            "FROM participation_item WHERE title LIKE 'Bench %' AND id % 2 = 1")
    # Their first answer and first decision kept on the item, as participation's services keep them: the
    # migration's back-fill (one grouped pass over the history).
    with connection.cursor() as cursor:
        cursor.execute(importlib.import_module("wijkgericht.participation.migrations.0008_item_first_moments").BACKFILL)
    counts["status changes"] = StatusChange.objects.filter(item_id__gte=first_id).count()
    counts["supports"] = Support.objects.filter(item_id__gte=first_id).count()
    portfolio = Portfolio.objects.filter(municipality=m).order_by("pk").first()
    if portfolio is not None:
        advice = AdviceRequest.objects.create(item_id=first_id, portfolio=portfolio, question="Bench?")
        clone(AdviceRequest, advice.pk, rows // 20 - 1,
              {"item_id": f"{first_id} + g * 20",
               "district_id": f"(SELECT i.district_id FROM participation_item i WHERE i.id = {first_id} + g * 20)",
               "requested_at": "now() - ((g::bigint * 104729) % 730) * interval '1 day'",
               "answered_at": "CASE WHEN g % 3 = 0 THEN NULL ELSE now() - ((g::bigint * 104729) % 730 - 9) * interval "
                              "'1 day' END",
               "answer": "CASE WHEN g % 3 = 0 THEN '' ELSE (ARRAY['agree','conditions','disagree'])[1 + g % 3] END",
               "reasoning": "CASE WHEN g % 3 = 0 THEN '' ELSE 'Bench' END"})
        counts["advice requests"] = rows // 20

    # Ballots and voters: one round in Nieuweland, closed yesterday.
    round_, share, _proposals = voting_round(m, slug="bench")
    today = timezone.localdate()
    type(round_).objects.filter(pk=round_.pk).update(voting_from=today - dt.timedelta(days=10),
                                                     voting_until=today - dt.timedelta(days=1))
    hood = Neighbourhood.objects.filter(district__code="WK048909").order_by("pk").first()
    voter = Voter.objects.create(round=round_, token="bench-0", way="code", neighbourhood=hood)
    clone(Voter, voter.pk, rows - 1, {"id": "md5('voter' || g)::uuid", "token": "'bench-' || g"})
    ballot = Ballot.objects.create(share=share, choices={str(_proposals[0].pk): 1})
    clone(Ballot, ballot.pk, rows - 1, {"id": "md5('ballot' || g)::uuid"})
    counts["ballots"] = Ballot.objects.filter(share=share).count()
    counts["voters"] = Voter.objects.filter(round=round_).count()

    # Registrations: 1,000 activities × 1,000 users.
    kind = ActivityKind.objects.filter(municipality=m).order_by("pk").first()
    start = timezone.now() - dt.timedelta(days=200)
    activity = Activity.objects.create(municipality=m, kind=kind, title="Bench-activiteit", starts_at=start,
                                       ends_at=start + dt.timedelta(hours=2), place="Dorpshuis")
    activities = max(1, rows // len(users))
    clone(Activity, activity.pk, activities - 1, {"uid": "md5('act' || g)::uuid",
                                                  "starts_at": "now() - (g % 700) * interval '1 day'",
                                                  "ends_at": "now() - (g % 700) * interval '1 day' + interval '2h'"})
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO agenda_activity_districts (activity_id, district_id) "
            f"SELECT id, (ARRAY[{','.join(map(str, districts))}])[1 + id % {len(districts)}] FROM agenda_activity "
            "WHERE title = 'Bench-activiteit'")
        cursor.execute(
            "INSERT INTO agenda_registration (activity_id, user_id, status, created_at, updated_at) "
            "SELECT a.id, u.id, 'registered', now(), now() FROM "
            f"(SELECT id FROM agenda_activity WHERE title = 'Bench-activiteit' LIMIT {activities}) a, "
            f"(SELECT id FROM accounts_user WHERE email LIKE 'bench-%' LIMIT {len(users)}) u")
    counts["registrations"] = Registration.objects.filter(activity__title="Bench-activiteit").count()

    # Survey answers: a baseline and a follow-up wave, three scored questions.
    survey = Survey.objects.create(municipality=m, title="Bench-meting")
    for n in range(3):
        Question.objects.create(survey=survey, key=f"q{n}", text=f"Stelling {n}", scale="ten", order=n)
    waves = [Wave.objects.create(survey=survey, name="Nulmeting", kind="baseline", opens_on=today - dt.timedelta(
        days=500), closes_on=today - dt.timedelta(days=470)),
             Wave.objects.create(survey=survey, name="Vervolg", opens_on=today - dt.timedelta(days=60),
                                 closes_on=today - dt.timedelta(days=30))]
    responses = rows // 3
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO evaluation_response (id, wave_id, district_id, is_example) "
            f"SELECT md5('r' || g)::uuid, CASE WHEN g % 2 = 0 THEN {waves[0].pk} ELSE {waves[1].pk} END, {pick}, "
            f"false FROM generate_series(1, {responses}) g")
        cursor.execute(
            "INSERT INTO evaluation_answer (id, response_id, question_id, wave_id, district_id, value) "
            "SELECT md5('a' || r.id || q.id)::uuid, r.id, q.id, r.wave_id, r.district_id, "
            "1 + (abs(hashtext(r.id::text || q.id)) % 10) FROM evaluation_response r, "
            f"(SELECT id FROM evaluation_question WHERE survey_id = {survey.pk}) q")
    counts["survey responses"] = Response.objects.filter(wave__survey=survey).count()
    counts["survey answers"] = Answer.objects.filter(wave__survey=survey).count()
    began = time.perf_counter()
    rows_rolled = rollup.rebuild(m.id)  # rows made by SQL, not through the ORM: the daily rollup is rebuilt
    print(f"Daily rollup rebuilt: {rows_rolled:,} rows in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    rows_counted = tallies.rebuild([w.pk for w in waves])  # the answers too: the survey's tallies are recounted
    print(f"Survey tallies rebuilt: {rows_counted:,} rows in {time.perf_counter() - began:.1f} s", flush=True)
    with connection.cursor() as cursor:  # as autovacuum would, so that index-only scans see the visibility map
        cursor.execute("VACUUM ANALYZE")
    return counts


def timed(fn, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs), runs


def main() -> None:  # noqa: PLR0915
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", action="store_true", help="also time the report for the college")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--db", default=DB_NAME, help="database name (dropped and created unless --reuse)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database if it exists (migrate only, no seeding): to measure again")
    parser.add_argument("--seed-only", action="store_true", help="make the database and stop (for profile_measures)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="wj-bench-evaluation-"))
    fresh = setup_django(data_dir, args.db, reuse=args.reuse)

    began = time.perf_counter()
    counts = seed(args.rows) if fresh else {}
    seeding = time.perf_counter() - began
    print(f"Seeded in {seeding:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)
    if args.seed_only:
        return

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from wijkgericht.accounts.models import StaffRole, User
    from wijkgericht.accounts.testing import sign_in_verified
    from wijkgericht.districts.models import Municipality
    from wijkgericht.evaluation import report
    from wijkgericht.evaluation.services.dashboard import default_period

    m = Municipality.objects.get(code="GM0489")
    period = default_period(timezone.localdate())
    query = f"van={period.start}&tot={period.end}"
    public, staff = Client(), Client()
    admin = User.objects.filter(email="bench-admin@example.invalid").first()
    if admin is None:
        admin = User.objects.create_user(email="bench-admin@example.invalid", password=None)
        StaffRole.objects.create(user=admin, role=StaffRole.Role.ADMINISTRATOR, municipality=m)
    sign_in_verified(staff, admin)

    def get(client: Client, url: str, cold: bool = True):
        def run():
            if cold:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return run

    cases = [
        ("bare view (/healthz)", get(public, "/healthz", cold=False), max(args.repeat, 20)),
        ("public dashboard, municipality", get(public, f"/evaluatie/?{query}"), args.repeat),
        ("public dashboard, municipality (page cache warm)", get(public, f"/evaluatie/?{query}", cold=False),
         args.repeat),
        ("public dashboard, one district", get(public, f"/evaluatie/?{query}&wijk=WK048909"), args.repeat),
        ("staff dashboard, municipality", get(staff, f"/werkplek/evaluatie/?{query}"), args.repeat),
        ("CSV: all measures", get(public, f"/evaluatie/maatstaven.csv?{query}"), args.repeat),
        ("API /api/v1/evaluation", get(public, f"/api/v1/evaluation?from={period.start}&to={period.end}"),
         args.repeat),
        ("API /api/v1/evaluation, one district",
         get(public, f"/api/v1/evaluation?from={period.start}&to={period.end}&district=WK048909"), args.repeat),
    ]
    results = []
    bare = None
    for name, fn, repeat in cases:
        fn()  # warm the process (imports, connection)
        median, runs = timed(fn, repeat)
        bare = bare if bare is not None else median
        results.append({"case": name, "median_s": median, "runs_s": runs, "ratio_to_bare": median / bare})
        print(f"{name}: {median:.3f} s ({median / bare:,.0f}× bare)", flush=True)
    if args.report:
        began = time.perf_counter()
        data = report.collect(m, period)
        collected = time.perf_counter() - began
        pdf = report.render_pdf(data)
        total = time.perf_counter() - began
        results.append({"case": "report for the college (collect + PDF)", "median_s": total, "runs_s": [total],
                        "collect_s": collected, "pdf_bytes": len(pdf)})
        print(f"report: {total:.1f} s (collect {collected:.1f} s, PDF {total - collected:.1f} s, "
              f"{len(pdf):,} bytes)", flush=True)

    load = os.getloadavg()[0]
    print(f"\nEvaluation, {args.rows:,} rows per kind, PostgreSQL, {platform.machine()}, {os.cpu_count()} cores, "
          f"load {load:.1f}; seeding {seeding:.0f} s")
    print("| case | median | ratio to bare view | goal < 1 s |\n|---|---:|---:|---|")
    for r in results:
        ratio = f"{r['ratio_to_bare']:,.0f}×" if "ratio_to_bare" in r else ""
        goal = "" if "report" in r["case"] or "bare" in r["case"] else ("yes" if r["median_s"] < GOAL_SECONDS
                                                                        else "no")
        print(f"| {r['case']} | {r['median_s']:.3f} s | {ratio} | {goal} |")
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "counts": counts, "seeding_s": seeding, "load": load,
                                         "results": results}, indent=2))


if __name__ == "__main__":
    main()
