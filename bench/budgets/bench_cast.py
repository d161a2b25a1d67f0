"""Ballots stored per second through the real HTTP stack on PostgreSQL (issue #12: goal ≥ 1,000/s at c=64, zero
lost or doubled), as a ratio to a bare POST view in the same run.

    .venv/bin/python bench/budgets/bench_cast.py [--postgres postgres://postgres@127.0.0.1:5432/wj_bench_cast]
        [--duration 10] [--concurrency 16 64] [--workers 2] [--quick] [--json FILE]

A fresh PostgreSQL database (created for the run, dropped after) gets the Barendrecht demo (`wijkgericht demo
--no-serve`), a cart round in its voting phase and enough verified residents, each with a signed-in session, that
no session votes twice. gunicorn (sync workers, like bench/http) serves it with `bench_cast_settings` (the production
settings plus `/bench/post`, a bare POST view through the same middleware). The load generator is this script's
own asyncio client (wrk is not needed): `c` keep-alive connections, each sending POSTs back to back, every POST with
the next resident's session cookie, the CSRF cookie and form token, and one project on the ballot.

Per concurrency: the bare POST view (before and after; the ratio is to their mean), then casting — answers per
status and where they redirect, ballots and voters stored (read from the database after the run), stored per
second, p50/p99. "Lost": a "ontvangen" (receipt) answer without its ballot; "doubled": more ballots than voters or
than casts sent. The exit status is 1 when anything was lost, doubled, or answered with an error.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench" / "http"))

from bench_http import free_port, start_gunicorn, stop  # noqa: E402
from tests.burst.harness import CSRF, postgres_database, postgres_drop  # noqa: E402


def environment(data_dir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "WIJKGERICHT_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "bench_cast_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), str(REPO), env.get("PYTHONPATH", "")])),
    })
    return env


def prepare(env: dict[str, str], voters: int) -> dict:
    base_env = dict(env, DJANGO_SETTINGS_MODULE="wijkgericht.conf.base")
    subprocess.run([str(BIN / "wijkgericht"), "demo", "--no-serve"], env=base_env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([str(BIN / "wijkgericht"), "collectstatic", "--noinput", "-v", "0"], env=base_env, check=True)
    done = subprocess.run([sys.executable, str(Path(__file__)), "--seed", str(voters)], env=base_env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def seed(voters: int) -> None:
    """In the benchmark's database: a cart round and `voters` verified residents with a session each (bulk)."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from wijkgericht.accounts.models import User
    from wijkgericht.budgets.models import ResidentVerification
    from wijkgericht.budgets.tests.voting_setup import neighbourhood_in, voting_round
    from wijkgericht.districts.models import Municipality

    place = Municipality.objects.get(code="GM0489")
    found, _share, proposals = voting_round(place, slug="bench-stemmen")
    where = neighbourhood_in(place)
    users = User.objects.bulk_create([User(email=f"bench{n:06d}@bench.invalid", password="!",
                                           pseudonym=f"Bench {n}") for n in range(voters)], batch_size=2000)
    users = list(User.objects.filter(email__endswith="@bench.invalid").order_by("pk"))
    ResidentVerification.objects.bulk_create([ResidentVerification(
        user=u, neighbourhood=where, birth_year=1980, source=ResidentVerification.Source.STAFF) for u in users],
        batch_size=2000)
    store = SessionStore()
    expiry = timezone.now() + dt.timedelta(days=1)
    rows, keys = [], []
    for user in users:
        key = store._get_new_session_key()
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expiry))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=2000)
    print(json.dumps({"round": found.pk, "slug": found.slug, "project": proposals[0].pk, "sessions": keys}))


def stored(env: dict[str, str], round_id: int) -> dict[str, int]:
    code = ("import django, json; django.setup()\n"
            "from wijkgericht.budgets.models import Ballot, Voter\n"
            f"print(json.dumps({{'ballots': Ballot.objects.filter(share__round_id={round_id}).count(), "
            f"'voters': Voter.objects.filter(round_id={round_id}).count()}}))")
    done = subprocess.run([sys.executable, "-c", code], env=dict(env, DJANGO_SETTINGS_MODULE="wijkgericht.conf.base"),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


async def _connection(port: int, path: str, body: bytes, sessions: list[str], stop_at: float,
                      results: list[tuple[int, str, float]]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at and sessions:
            session = sessions.pop()
            cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
            request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                       f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
                       ).encode() + body
            began = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:  # the server closed the connection: open a new one
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                results.append((0, "", time.perf_counter() - began))
                continue
            status = int(status_line.split()[1])
            length, location, close = 0, "", False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "location":
                    location = value.strip()
                elif name == "connection" and "close" in value.lower():
                    close = True
            if length:
                await reader.readexactly(length)
            results.append((status, location, time.perf_counter() - began))
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def load(port: int, path: str, body: bytes, sessions: list[str], concurrency: int, duration: float) -> dict:
    results: list[tuple[int, str, float]] = []
    pool = list(reversed(sessions))

    async def run() -> float:
        began = time.perf_counter()
        await asyncio.gather(*[_connection(port, path, body, pool, began + duration, results)
                               for _ in range(concurrency)])
        return time.perf_counter() - began

    took = asyncio.run(run())
    times = sorted(r[2] for r in results)
    return {
        "requests": len(results), "seconds": took, "rps": len(results) / took,
        "statuses": dict(Counter(str(r[0]) for r in results)),
        "where": dict(Counter(r[1].rstrip("/").rsplit("/", 1)[-1] for r in results if r[1])),
        "p50": statistics.median(times) * 1000 if times else 0.0,
        "p99": times[int(len(times) * 0.99) - 1] * 1000 if times else 0.0,
        "used": len(sessions) - len(pool),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/wj_bench_cast")
    parser.add_argument("--duration", type=float, help="seconds per case (default 10, --quick 3)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--voters", type=int, help="residents to seed (default: enough for 2,000 ballots/s)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        seed(args.seed)
        return
    duration = args.duration or (3 if args.quick else 10)
    voters = args.voters or int(2000 * duration * len(args.concurrency))
    name = urllib.parse.urlsplit(args.postgres).path.lstrip("/")
    database_url = postgres_database(args.postgres, name)
    rows, ok = [], True
    try:
        with tempfile.TemporaryDirectory(prefix="wijkgericht-bench-cast-") as tmp:
            env = environment(Path(tmp), database_url)
            print(f"seeding the demo, a round and {voters} residents on {name} …", flush=True)
            data = prepare(env, voters)
            sessions = data["sessions"]
            port = free_port()
            server = start_gunicorn(env, port, args.workers)
            cast = f"/wijkbudget/{data['slug']}/stemmen/uitbrengen/"
            body = urllib.parse.urlencode({"project": data["project"], "csrfmiddlewaretoken": CSRF}).encode()
            try:
                # Warm up every worker on both views (lazy imports); these sessions vote and are not reused.
                load(port, "/bench/post", body, sessions[:8 * args.workers], 1, 30)
                load(port, cast, body, [sessions.pop() for _ in range(8 * args.workers)], 1, 30)
                share = len(sessions) // len(args.concurrency)
                signed_in = sessions[:2000]  # the bare view signed in too: the same session and user lookups
                for c in args.concurrency:
                    bare = [load(port, "/bench/post", body, signed_in * 250, c, duration)]
                    before = stored(env, data["round"])
                    mine = [sessions.pop() for _ in range(share)]
                    casting = load(port, cast, body, mine, c, duration)
                    after = stored(env, data["round"])
                    bare.append(load(port, "/bench/post", body, signed_in * 250, c, duration))
                    new_ballots = after["ballots"] - before["ballots"]
                    new_voters = after["voters"] - before["voters"]
                    receipts = casting["where"].get("ontvangen", 0)
                    lost = max(0, receipts - new_ballots)
                    doubled = max(0, new_ballots - new_voters) + max(0, new_ballots - casting["requests"])
                    baseline = statistics.mean(b["rps"] for b in bare)
                    per_second = new_ballots / casting["seconds"]
                    errors = casting["requests"] - casting["statuses"].get("302", 0)
                    ok = ok and not lost and not doubled and not errors and casting["used"] < len(mine)
                    row = {"concurrency": c, "bare_post_rps": round(baseline, 1),
                           "ballots_per_second": round(per_second, 1), "ratio": round(per_second / baseline, 3),
                           "casts": casting["requests"], "statuses": casting["statuses"], "where": casting["where"],
                           "stored_ballots": new_ballots, "stored_voters": new_voters, "lost": lost,
                           "doubled": doubled, "p50_ms": round(casting["p50"], 1), "p99_ms": round(casting["p99"], 1),
                           "sessions_ran_out": casting["used"] >= len(mine)}
                    rows.append(row)
                    print(f"c={c:>3}: bare POST {baseline:7.1f}/s | ballots stored {per_second:7.1f}/s "
                          f"(ratio {per_second / baseline:.2f}) | casts {casting['requests']} "
                          f"{casting['statuses']} {casting['where']} | stored {new_ballots} ballots, {new_voters} "
                          f"voters | lost {lost}, doubled {doubled} | p50 {casting['p50']:.0f} ms, "
                          f"p99 {casting['p99']:.0f} ms", flush=True)
            finally:
                stop(server)
    finally:
        postgres_drop(database_url)
    load_avg = os.getloadavg()
    print(f"workers {args.workers}, {os.cpu_count()} CPUs, load average {load_avg[0]:.1f} {load_avg[1]:.1f}; "
          f"goal from the issue: ≥ 1,000 ballots/s at c=64, none lost or doubled")
    if args.json:
        args.json.write_text(json.dumps({"date": dt.datetime.now(dt.UTC).isoformat(), "cpus": os.cpu_count(),
                                         "load": load_avg, "workers": args.workers, "duration": duration,
                                         "rows": rows}, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
