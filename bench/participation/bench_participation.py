"""Participation benchmark: a district's item list and posting a submission, with 100,000 items in PostgreSQL.

    .venv/bin/python bench/participation/bench_participation.py [--quick] [--duration S] [--concurrency 16]
        [--workers N] [--items 100000] [--reuse-db] [--profile] [--check] [--json FILE]

Builds a fresh PostgreSQL database (default `wijkgericht_bench_participation` on 127.0.0.1:5432, user postgres),
migrates, loads the Barendrecht demo and bulk-loads 100,000 items (seed.py, COPY); starts gunicorn (sync workers,
`--no-control-socket`) with `bench_participation_settings` (production settings + bench/http's bare `bench/hello`
view, rate limit off) and loads it with wrk at concurrency 16: the bare view (baseline, before and after), the
district's item list anonymously (page cache) and signed in (no page cache: the real database cost), a filtered
list, a deep page, and POST /inbreng/nieuw/ with session cookie + CSRF token and a fresh submission_key per
request. Each: req/s, p50/p99 and the ratio to the mean of the two hello runs, printed as a table; `--json FILE`
also writes them with date, machine, versions and seed timings. Helpers (gunicorn start/stop, wrk parsing) are bench/http's, imported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import http.cookiejar
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "bench" / "http"))

import bench_http  # noqa: E402  (bench/http/bench_http.py: free_port, get, start_gunicorn, stop, run_wrk)

BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DB_NAME = "wijkgericht_bench_participation"
RESIDENT = ("inwoner@demo.invalid", "wijkgericht-demo")  # demo sign-in: a verified resident
SETUP_FILE = "bench-setup.json"  # kept in the data dir next to the database's secret key, for --reuse-db


def db_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def environment(data_dir: Path, db_name: str) -> dict[str, str]:
    env = bench_http.environment(data_dir)  # DEBUG off, allowed hosts, PYTHONPATH with bench/http
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench_participation_settings",
        "PYTHONPATH": os.pathsep.join([str(HERE), env["PYTHONPATH"]]),
        "DATABASE_URL": db_url(db_name),
    })
    return env


def psql(sql: str, db: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(dbname=db, autocommit=True, **PG) as conn:
        cur = conn.execute(sql)
        return str(cur.fetchone()[0]) if cur.description else ""


def prepare(env: dict[str, str], db_name: str, items: int, points_file: Path) -> dict:
    """Fresh database: create, migrate, demo, 100k items. Returns the seed summary with timings."""
    timings = {}
    t = time.perf_counter()
    psql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{db_name}"')
    subprocess.run([str(BIN / "wijkgericht"), "init", "--quiet"], env=env, check=True)  # the data folder's key
    subprocess.run([str(BIN / "wijkgericht"), "migrate", "-v", "0"], env=env, check=True)
    timings["create_migrate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([str(BIN / "wijkgericht"), "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    timings["demo_s"] = time.perf_counter() - t
    seeded = subprocess.run([sys.executable, str(HERE / "seed.py"), "--items", str(items), "--points", str(points_file)],
                            env=env, capture_output=True, text=True)
    if seeded.returncode:
        raise SystemExit(f"seed.py failed:\n{seeded.stderr[-4000:]}")
    out = seeded.stdout
    summary = json.loads(out.strip().splitlines()[-1])
    summary["timings"].update({k: round(v, 2) for k, v in timings.items()})
    return summary


def facts(env: dict[str, str]) -> dict:
    """District with the most public items, the sport theme's pk, item counts: read in a small Django process."""
    code = r"""
import json, django
django.setup()
from django.db.models import Count, Q
from wijkgericht.districts.models import District
from wijkgericht.participation.models import Item, Theme, StatusChange, Support
from wijkgericht.participation.selectors import PUBLIC_STATUSES, OPEN_STATUSES
d = (District.objects.annotate(n=Count("items", filter=Q(items__status__in=PUBLIC_STATUSES,
                                                            items__merged_into__isnull=True))).order_by("-n").first())
sport = Theme.objects.get(slug="sport", municipality=d.municipality)
print(json.dumps({"district": d.slug, "district_public_items": d.n,
                  "district_filtered_items": Item.objects.filter(district=d, theme=sport, status__in=OPEN_STATUSES,
                                                                 merged_into__isnull=True).count(),
                  "theme_pk": Theme.objects.order_by("name").first().pk, "items": Item.objects.count(),
                  "status_changes": StatusChange.objects.count(), "supports": Support.objects.count()}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def sign_in(base: str) -> dict[str, str]:
    """Log the demo resident in over HTTP, as a browser does; returns the cookies (session, CSRF)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/account/inloggen/").read().decode()
    token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": RESIDENT[0],
                                   "password": RESIDENT[1]}).encode()
    opener.open(urllib.request.Request(f"{base}/account/inloggen/", data=body)).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies or "csrftoken" not in cookies:
        raise SystemExit(f"sign-in as {RESIDENT[0]} failed; cookies: {sorted(cookies)}")
    return cookies


STAFF = "moderator@demo.invalid"  # the demo's moderator: the inbox of all of Barendrecht


def staff_session(env: dict[str, str]) -> str:
    """A session of the demo moderator past the second factor (a TOTP device of theirs, as after the code), made
    in Django like a sign-in would: the inbox is what is measured, not the sign-in."""
    code = ("import django; django.setup()\n"
            "from django.test import Client\n"
            "from django_otp import DEVICE_ID_SESSION_KEY\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            "from wijkgericht.accounts.models import User\n"
            f"user = User.objects.get(email='{STAFF}')\n"
            "device, _ = TOTPDevice.objects.get_or_create(user=user, name='bench', defaults={'confirmed': True})\n"
            "client = Client()\n"
            "client.force_login(user)\n"
            "session = client.session\n"
            "session[DEVICE_ID_SESSION_KEY] = device.persistent_id\n"
            "session.save()\n"
            "print(session.session_key)\n")
    return subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                          text=True).stdout.split()[-1]


def start_redis(data_dir: Path) -> tuple[str, list[subprocess.Popen]]:
    """--redis: a redis-server of the run's own (nothing on disk) and one Celery worker beside the web workers, as
    in the scaled-out set-up (docs/operations.md, section 10): sessions read through the cache, the page cache and
    the rate-limit counters shared, notification mail sent by the worker instead of in the request."""
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("--redis needs redis-server (make redis)")
    port = bench_http.free_port()
    log = open(data_dir / "redis.log", "ab")  # noqa: SIM115 - closed with the process
    redis = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                              "no"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return f"redis://127.0.0.1:{port}/0", [redis]
        except OSError:
            time.sleep(0.1)
    redis.kill()
    raise SystemExit(f"redis-server did not listen on port {port}")


def start_worker(env: dict[str, str], data_dir: Path) -> subprocess.Popen:
    log = open(data_dir / "worker.log", "ab")  # noqa: SIM115 - closed with the process
    worker = subprocess.Popen([str(BIN / "celery"), "-A", "wijkgericht.notifications.celery", "worker",
                               "--pool=solo", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                               "--without-heartbeat"], env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    log.close()
    return worker


def lua_signed_in(cookies: dict[str, str], directory: Path, name: str = "signed_in.lua") -> Path:
    script = directory / name
    script.write_text(f'wrk.headers["Cookie"] = "sessionid={cookies["sessionid"]}; csrftoken={cookies["csrftoken"]}"\n')
    return script


def lua_submit(cookies: dict[str, str], theme_pk: int, points: list[list[float]], directory: Path) -> Path:
    """POST the submission form: session cookie + CSRF header (the honest cost), a unique submission_key per
    request (run prefix from Python, wrk thread number, per-thread counter), points cycling through the pool."""
    prefix = uuid.uuid4().hex
    lua_points = ",\n".join(f"  {{{lat:.6f}, {lon:.6f}}}" for lat, lon in points)
    script = directory / "submit.lua"
    script.write_text(f"""
local points = {{
{lua_points}
}}
local kinds = {{"idea", "report", "initiative"}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
  wrk.headers["X-CSRFToken"] = "{cookies['csrftoken']}"
end
function request()
  n = n + 1
  local key = string.format("{prefix[:8]}-{prefix[8:12]}-4{prefix[13:16]}-%04x-%012x", tid, n)
  local p = points[(n + tid * 7) % #points + 1]
  local body = "kind=" .. kinds[n % 3 + 1] .. "&theme={theme_pk}&title=Benchmark+inbreng+" .. n ..
    "&description=Een+bankje+bij+de+speeltuin+zou+fijn+zijn+voor+de+ouderen+in+de+buurt." ..
    "&lat=" .. p[1] .. "&lon=" .. p[2] .. "&submission_key=" .. key .. "&photo_alt=&amount_requested="
  return wrk.format(nil, nil, nil, body)
end
""")
    return script


class WaitSampler:
    """Samples pg_stat_activity every 50 ms while a case runs: how many of the bench database's backends are
    running, idle in a transaction, or waiting (and on what: Lock/transactionid, IO, Client...). A lock on the
    municipality row (content_version) shows as Lock:transactionid or Lock:tuple."""

    def __init__(self, db: str):
        self.db, self.samples, self.counts = db, 0, {}

    def __enter__(self) -> WaitSampler:
        import threading

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(dbname=self.db, autocommit=True, **PG) as conn:
            while not self._stop.wait(0.05):
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'", [self.db]).fetchall()
                self.samples += 1
                for state, wait_type, wait in rows:
                    if state == "idle":
                        continue
                    key = state if not wait_type else f"{state} / {wait_type}:{wait}"
                    self.counts[key] = self.counts.get(key, 0) + 1

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, float]:
        """Mean number of backends in each state over the samples (only states seen)."""
        return {k: round(v / max(self.samples, 1), 2) for k, v in sorted(self.counts.items(), key=lambda kv: -kv[1])}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = {"python": platform.python_version()}
    for package in ("django", "gunicorn", "psycopg", "django-ratelimit"):
        try:
            from importlib.metadata import version
            versions[package] = version(package)
        except Exception:  # noqa: BLE001 - a missing package is just not reported
            pass
    versions["postgresql"] = psql("SHOW server_version")
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    versions["wrk"] = (wrk_version.stdout + wrk_version.stderr).split()[1]
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(os.sysconf("SC_PAGE_SIZE")
                                                                     * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "kernel": platform.release(), "versions": versions, "git_commit": commit.stdout.strip()}


def submitted_count(env: dict[str, str]) -> int:
    code = ("import django; django.setup(); from wijkgericht.participation.models import Item; "
            f"print(Item.objects.filter(author__email='{RESIDENT[0]}').count())")
    return int(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                              text=True).stdout.split()[-1])


def drain(env: dict[str, str], quiet: float = 1.5, limit: float = 30) -> int:
    """Wait until submissions still in flight after wrk stopped have finished (the count stays put), so they do
    not load the next case; returns the bench resident's item count."""
    deadline = time.monotonic() + limit
    count = submitted_count(env)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = submitted_count(env)
        if now == count:
            break
        count = now
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per case (1 s warm-up) instead of 10 s (3 s)")
    parser.add_argument("--duration", type=float, help="seconds per case")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1),
                        help="gunicorn sync workers (default 2 × CPUs: requests wait on PostgreSQL)")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--db", default=DB_NAME, help="PostgreSQL database name (dropped and created anew)")
    parser.add_argument("--data-dir", help="keep the data folder (secret key, setup facts) here instead of a "
                                           "temporary one; needed for --reuse-db")
    parser.add_argument("--reuse-db", action="store_true", help="skip creating and seeding the database")
    parser.add_argument("--profile", action="store_true", help="also: queries and time per request, EXPLAIN ANALYZE")
    parser.add_argument("--check", action="store_true", help="exit 1 on wrk errors, non-2xx/3xx answers, or "
                                                             "submissions that created no item")
    parser.add_argument("--app-src", help="put this source folder first on PYTHONPATH (e.g. src/ of a git worktree "
                                          "at another commit, to measure it against the same database)")
    parser.add_argument("--redis", action="store_true", help="with REDIS_URL (a redis-server of the run's own) "
                                                                "and a Celery worker: the scaled-out set-up")
    parser.add_argument("--json", type=Path, help="also write the figures (date, machine, versions, seed timings, "
                                                  "every case, the profile) to this file")
    args = parser.parse_args()
    duration = args.duration or (3 if args.quick else 10)
    warmup = 1 if args.quick else 3
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (Debian package)")
    try:
        psql("SELECT 1")
    except Exception as exc:  # noqa: BLE001
        raise SystemExit(f"PostgreSQL on {PG['host']}:{PG['port']} (user {PG['user']}) is not reachable: {exc}") from None

    with tempfile.TemporaryDirectory(prefix="wijkgericht-bench-participation-") as tmp:
        data_dir = Path(args.data_dir) if args.data_dir else Path(tmp)
        data_dir.mkdir(parents=True, exist_ok=True)
        env = environment(data_dir, args.db)
        if args.app_src:
            env["PYTHONPATH"] = os.pathsep.join([str(Path(args.app_src).resolve()), env["PYTHONPATH"]])
        points_file = data_dir / "points.json"
        seed = None
        if not args.reuse_db:
            t = time.perf_counter()
            seed = prepare(env, args.db, args.items, points_file)
            print(f"database {args.db}: {seed['items']:,} items, {seed['status_changes']:,} status changes, "
                  f"{seed['supports']:,} supports in {time.perf_counter() - t:.1f} s; step timings {seed['timings']}",
                  flush=True)
        elif not points_file.exists():
            raise SystemExit("--reuse-db needs --data-dir of an earlier run (points.json)")
        subprocess.run([str(BIN / "wijkgericht"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        fact = facts(env)
        points = json.loads(points_file.read_text())

        backing: list[subprocess.Popen] = []
        if args.redis:
            env["REDIS_URL"], backing = start_redis(data_dir)
            backing.append(start_worker(env, data_dir))
        port = bench_http.free_port()
        base = f"http://127.0.0.1:{port}"
        server = bench_http.start_gunicorn(env, port, args.workers)
        try:
            cookies = sign_in(base)
            signed = lua_signed_in(cookies, data_dir)
            staff = lua_signed_in({"sessionid": staff_session(env), "csrftoken": cookies["csrftoken"]}, data_dir,
                                  "staff.lua")
            submit = lua_submit(cookies, fact["theme_pk"], points, data_dir)
            items = f"/wijken/{fact['district']}/inbreng/"
            cases = [
                ("hello", "/bench/hello", None),
                ("list anonymous (page cache)", items, None),
                ("list signed in (no cache)", items, signed),
                ("filtered, signed in", items + "?theme=sport&status=open", signed),
                ("page 200, signed in", items + "?pagina=200", signed),
                ("search, signed in", "/inbreng/?q=speeltuin", signed),
                ("staff inbox (moderator)", "/werkplek/", staff),
                ("submit (POST, CSRF+session)", "/inbreng/nieuw/", submit),
                ("hello again", "/bench/hello", None),
            ]
            openers = {}
            for script in (signed, staff):
                openers[script] = urllib.request.build_opener()
                session = re.search(r"sessionid=(\w+)", script.read_text()).group(1)
                openers[script].addheaders = [("Cookie", f"sessionid={session}")]
            for name, path, script in cases:  # every worker answers each GET once; signed-in pages must be 200
                if "POST" in name:
                    continue
                for _ in range(2 * args.workers):
                    if script:  # signed in: the page itself, not a sign-in or second-factor page it redirects to
                        response = openers[script].open(base + path)
                        status = response.status if response.geturl() == base + path else response.geturl()
                    else:
                        status = bench_http.get(base + path)
                    assert status == 200, (name, status)
            print(f"{'with REDIS_URL and a Celery worker; ' if args.redis else ''}gunicorn sync --workers {args.workers}, wrk -t{min(2, args.concurrency)} -c{args.concurrency}, "
                  f"{duration:g} s per case after {warmup:g} s warm-up; {os.cpu_count()} CPUs; district "
                  f"{fact['district']} ({fact['district_public_items']:,} public items); load average before "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
            load_before = os.getloadavg()[0]
            for name, path, script in cases[:-1]:  # warm-up: the database's buffers, each worker's lazy imports
                if "POST" in name:
                    lua_submit(cookies, fact["theme_pk"], points, data_dir)  # a new key prefix for every run
                bench_http.run_wrk(base + path, args.concurrency, warmup, script)
                if "POST" in name:
                    drain(env)
            print(f"{'case':<29} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  errors", flush=True)
            runs = {}
            for name, path, script in cases:
                if "POST" in name:
                    lua_submit(cookies, fact["theme_pk"], points, data_dir)
                    before = submitted_count(env)
                with WaitSampler(args.db) as sampler:
                    runs[name] = bench_http.run_wrk(base + path, args.concurrency, duration, script)
                runs[name]["db_waits"] = sampler.summary()
                if "POST" in name:
                    after = drain(env)  # requests in flight when wrk stopped still create their items
                print(f"{name:<29} {runs[name]['rps']:>8.1f} {runs[name]['p50']:>8.1f} {runs[name]['p99']:>8.1f}",
                      flush=True)
            load_after = os.getloadavg()[0]
        finally:
            bench_http.stop(server)
            for process in reversed(backing):  # the worker before Redis: what it holds goes back to the queue
                bench_http.stop(process)
        baseline_rps = (runs["hello"]["rps"] + runs["hello again"]["rps"]) / 2
        baseline_p99 = (runs["hello"]["p99"] + runs["hello again"]["p99"]) / 2
        rows = []
        for name, path, _script in cases:
            r = runs[name]
            rows.append({"case": name, "path": path, **r, "ratio": r["rps"] / baseline_rps,
                         "p99_ratio": r["p99"] / baseline_p99})
        print(f"\n{'case':<29} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'p99/hello':>9}  errors")
        for row in rows:
            print(f"{row['case']:<29} {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p99']:>8.1f} {row['ratio']:>7.3f} "
                  f"{row['p99_ratio']:>9.1f}  {row['errors']}")
        created = after - before
        print("database backends during each case (mean count per 50 ms sample, idle ones left out):")
        for row in rows:
            waits = ", ".join(f"{k} {v}" for k, v in list(row["db_waits"].items())[:5]) or "–"
            print(f"  {row['case']:<29} {waits}")
        submit_name = cases[-2][0]
        print(f"submissions: wrk counted {runs[submit_name]['requests']} requests, {created} new items in the database")
        print(f"load average before {load_before:.2f}, after {load_after:.2f}")
        result = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
            "settings": {"redis": args.redis, "workers": args.workers, "concurrency": args.concurrency, "duration": duration,
                         "warmup": warmup, "wrk_threads": min(2, args.concurrency), "quick": args.quick,
                         "database": args.db},
            "seed": seed, "facts": fact, "cases": rows, "load_before": load_before, "load_after": load_after,
            "submitted": {"wrk_requests": runs[submit_name]["requests"], "created": created},
        }
        if args.profile:
            print("\nper request, in-process (Django test client, whole middleware stack):", flush=True)
            profiled = subprocess.run(
                [sys.executable, str(HERE / "profile_participation.py"), "--district", fact["district"],
                 "--points", str(points_file)], env=dict(env, DJANGO_ALLOWED_HOSTS="testserver"),
                capture_output=True, text=True)
            if profiled.returncode:
                sys.exit(f"profile_participation.py failed ({profiled.returncode}):\n{profiled.stderr[-4000:]}")
            result["profile"] = profiled.stdout
            print(profiled.stdout)
        if args.json:
            result["app_src"] = args.app_src
            args.json.write_text(json.dumps(result, indent=2) + "\n")
            print(f"wrote {args.json}")
    if args.check:
        problems = [f"{r['case']}: {r['errors']}" for r in rows if r["errors"]]
        if created < 1:
            problems.append("no submission created an item")
        if problems:
            raise SystemExit("check failed: " + "; ".join(problems))


if __name__ == "__main__":
    main()
