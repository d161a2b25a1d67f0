"""One ballot per voter under 200 simultaneous submissions through the real `wijkgericht demo` server (issue #12
§3), on the database the suite runs on — a database file on SQLite, a PostgreSQL database with `DATABASE_URL` — like
tests/test_burst_server.py: the same account pressing "Stem uitbrengen" 200 times at once, the same letter's code on
200 devices at once, a round that allows changing, and 200 distinct residents at once (none lost). Exactly one ballot
per voter is stored; every other press is sent, kindly, to "U hebt al gestemd". Figures are printed (`pytest -s`)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections import Counter

import pytest

from tests.burst.harness import REPO_ROOT, Post, Site, Summary, running_site

pytestmark = pytest.mark.slow

SAME = 200
CODE = "ACDE-FGHJ-KMNP"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with running_site(tmp_path_factory.mktemp("budget-burst"), "_budget_burst") as server:
        yield server


def seed(site: Site, command: str, **args: object):
    done = subprocess.run([sys.executable, "-m", "tests.burst.budget_seed", command, json.dumps(args)],
                          cwd=REPO_ROOT, env=site.env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"budget_seed {command} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def new_round(site: Site, **fields) -> dict:
    return seed(site, "round", slug=f"burst-{uuid.uuid4().hex[:8]}", **fields)


def where(summary: Summary) -> Counter:
    return Counter(o.location.rstrip("/").rsplit("/", 1)[-1] for o in summary.outcomes)


def check(summary: Summary, label: str, site: Site) -> None:
    print("\n" + summary.line(f"[{site.database_url.split(':')[0]}] {label}"), dict(where(summary)))
    assert summary.server_errors == 0, (summary.line(label), [o.error for o in summary.outcomes if o.error][:3],
                                        site.log()[-2000:])
    assert summary.statuses == {"302": summary.requests}, summary.line(label)


def cast_path(found: dict) -> str:
    return f"/wijkbudget/{found['slug']}/stemmen/uitbrengen/"


def test_one_account_pressing_two_hundred_times_at_once_casts_one_ballot(site):
    found = new_round(site)
    [me] = seed(site, "voters", n=1, prefix=f"een-{uuid.uuid4().hex[:6]}-")
    summary = site.burst([Post(cast_path(found), {"project": str(found["proposals"][0])}, me["session"])] * SAME)
    check(summary, f"{SAME}x the same account", site)
    assert where(summary) == {"ontvangen": 1, "al-gestemd": SAME - 1}
    state = seed(site, "state", round_id=found["id"])
    assert state["voters"] == 1 and len(state["ballots"]) == 1


def test_one_code_on_two_hundred_devices_at_once_casts_one_ballot(site):
    found = new_round(site, vote_with_code=True, vote_with_account=False)
    sessions = seed(site, "code_sessions", round_id=found["id"], code=CODE, n=SAME)
    summary = site.burst([Post(cast_path(found), {"project": str(found["proposals"][1])}, s) for s in sessions])
    check(summary, f"{SAME}x the same code", site)
    assert where(summary) == {"ontvangen": 1, "al-gestemd": SAME - 1}
    state = seed(site, "state", round_id=found["id"])
    assert state["voters"] == 1 and len(state["ballots"]) == 1 and state["codes"] == ["used"]


def test_two_hundred_changes_at_once_leave_one_ballot(site):
    found = new_round(site, allow_change=True)
    [me] = seed(site, "voters", n=1, prefix=f"wijzig-{uuid.uuid4().hex[:6]}-")
    posts = [Post(cast_path(found), {"project": str(found["proposals"][n % 4])}, me["session"]) for n in range(SAME)]
    summary = site.burst(posts)
    check(summary, f"{SAME} changes of one account", site)
    assert where(summary) == {"ontvangen": SAME}
    state = seed(site, "state", round_id=found["id"])
    assert state["voters"] == 1 and len(state["ballots"]) == 1


def test_two_hundred_residents_at_once_are_all_counted(site):
    found = new_round(site)
    people = seed(site, "voters", n=SAME, prefix=f"veel-{uuid.uuid4().hex[:6]}-")
    summary = site.burst([Post(cast_path(found), {"project": str(found["proposals"][2])}, p["session"])
                          for p in people])
    check(summary, f"{SAME} distinct residents", site)
    assert where(summary) == {"ontvangen": SAME}
    state = seed(site, "state", round_id=found["id"])
    assert state["voters"] == SAME and len(state["ballots"]) == SAME
