"""Bursts of simultaneous writes against the real `wijkgericht demo` server, on SQLite and PostgreSQL (issue #10).

Run from the repository root:

    .venv/bin/python bench/burst/run_burst.py [--rounds 3] [--postgres postgres://postgres@127.0.0.1:5432/wj_bench]
        [--json FILE]

Each database gets a server of its own (`wijkgericht demo`: gunicorn, one worker, 8 threads) on a fresh database
(a file in a temporary folder; a PostgreSQL database created for the run and dropped after). Per round: 50
residents sign up for an activity with 10 places, 50 support one item, 50 comment on it, 50 submit an item, and one
resident sends the same comment 20 times, all released together. Printed per burst: answers per status, 5xx or no
answer, the time from release to the last answer, and what was stored. Exit status 1 if any burst had a 5xx, lost
an answer, overbooked, or stored a duplicate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.burst.harness import Post, Site, postgres_database, postgres_drop  # noqa: E402

PEOPLE, CAPACITY, SAME = 50, 10, 20
BURSTS: list[dict] = []  # every burst's figures, for --json


def one_round(site: Site, residents: list[dict], label: str) -> bool:
    ok = True

    def show(summary, what: str, stored: str, good: bool) -> None:
        nonlocal ok
        ok = ok and good and summary.server_errors == 0
        BURSTS.append({"database": label, "burst": what, "requests": summary.requests, "statuses": summary.statuses,
                       "server_errors": summary.server_errors, "seconds": summary.seconds,
                       "slowest": summary.slowest, "stored": stored, "as_expected": good})
        print(f"  {summary.line(f'[{label}] {what}')}; stored: {stored}")

    activity = site.seed("scenario", kind="activity", capacity=CAPACITY)["id"]
    summary = site.burst([Post(f"/activiteiten/{activity}/aanmelden/", {}, r["session"]) for r in residents])
    counts = Counter(r["status"] for r in site.seed("state", kind="activity", id=activity)["rows"])
    show(summary, f"{PEOPLE} RSVPs, {CAPACITY} places", f"{counts['confirmed']} confirmed, "
         f"{counts['waitlisted']} waiting", counts == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY})

    item = site.seed("scenario", kind="item")["id"]
    summary = site.burst([Post(f"/inbreng/{item}/steun/", {}, r["session"]) for r in residents])
    state = site.seed("state", kind="item", id=item)
    show(summary, f"{PEOPLE} supports", f"{len(state['supports'])} supports", len(set(state["supports"])) == PEOPLE)
    summary = site.burst([Post(f"/inbreng/{item}/reageer/", {"body": f"Reactie {n}"}, r["session"])
                          for n, r in enumerate(residents)])
    state = site.seed("state", kind="item", id=item)
    show(summary, f"{PEOPLE} comments", f"{len(state['comments'])} comments", len(state["comments"]) == PEOPLE)

    me = site.seed("people", n=1, prefix=f"bench-{uuid.uuid4().hex[:8]}-")[0]
    summary = site.burst([Post(f"/inbreng/{item}/reageer/", {"body": "Twee keer geklikt"}, me["session"])] * SAME)
    state = site.seed("state", kind="item", id=item)
    mine = [c for c in state["comments"] if c[0] == me["id"]]
    show(summary, f"{SAME}× the same comment", f"{len(mine)} comment(s)", len(mine) == 1)

    form = site.seed("scenario", kind="submit_form")
    prefix = f"Bench {uuid.uuid4().hex[:8]}"
    summary = site.burst([Post("/inbreng/nieuw/", {
        "kind": "idea", "title": f"{prefix} {n}", "description": "Een bankje.", "theme": str(form["theme"]),
        "lat": str(form["lat"]), "lon": str(form["lon"]), "submission_key": str(uuid.uuid4()), "photo_alt": ""},
        r["session"]) for n, r in enumerate(residents)])
    items = site.seed("state", kind="items_titled", prefix=prefix)["items"]
    show(summary, f"{PEOPLE} submissions", f"{len(items)} items", len(items) == PEOPLE)
    return ok


def run(database_url: str, label: str, rounds: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="burst-") as tmp:
        site = Site(Path(tmp), database_url)
        site.start()
        try:
            print(f"{label}: {database_url}")
            ok = True
            for n in range(rounds):
                residents = site.seed("people", n=PEOPLE, prefix=f"round{n}-")
                ok = one_round(site, residents, label) and ok
            return ok
        finally:
            site.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", default="",
                        help="a PostgreSQL server URL; the run makes a database *_burst and drops it after")
    parser.add_argument("--json", type=Path, help="also write every burst's figures (and date, machine) to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="burst-db-") as tmp:
        ok = run(f"sqlite:///{Path(tmp) / 'burst.sqlite3'}", "sqlite", args.rounds)
    if args.postgres:
        name = (urllib.parse.urlsplit(args.postgres).path.lstrip("/") or "wijkgericht") + "_burst"
        database_url = postgres_database(args.postgres, name)
        try:
            ok = run(database_url, "postgres", args.rounds) and ok
        finally:
            postgres_drop(database_url)
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {"nproc": os.cpu_count(), "load_average": os.getloadavg()[0]},
            "rounds": args.rounds, "ok": ok, "bursts": BURSTS}, indent=1) + "\n")
        print(f"wrote {args.json}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
