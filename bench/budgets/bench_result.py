"""Time from the close of voting to the published result: a district budget round of 100,000 ballots and 60
projects, counted and published (`results.result_publish`) under each rule, and the outcome checked against
pabutools 1.2.3 (the reference; a dev dependency) on the same pabulib file.

    .venv/bin/python bench/budgets/bench_result.py [--ballots 100000] [--projects 60] [--sqlite]
        [--sample 5000] [--pabutools full|sample|off] [--pabutools-cap 900] [--json FILE]

A fresh database (PostgreSQL `wj_bench_result` on 127.0.0.1:5432, user postgres; `--sqlite`: a file in a temporary
folder) is migrated and given the Barendrecht demo; then one round in Nieuweland with `--projects` proposals on the
ballot (the shopping cart: each ballot within the budget) and `--ballots` generated ballots (two camps of voters
with different wishes, a seeded generator), voting closed yesterday. For each rule (greedy; Equal Shares with
completion none, add1, add1-utilitarian) the round is put back to "voting closed, not counted" and published
again; the table shows the wall time of `result_publish` (read the ballots, build the election, count with the
round's rule and with the other rule for the council's comparison, store, move 60 proposals with their explanation)
and its parts, and the ratio to a baseline measured in the same run: reading the 100,000 ballots out of the
database (`values_list("choices")`), the floor any count from the database has to pay (mean of a measurement
before and after the rules).

pabutools: each rule runs `bench/voting/pabutools_ref.py` in a subprocess on the round's own `.pb` (as
/api/v1/budgets/{id}/ballots.pb gives it) and the selected sets are compared. pabutools needs minutes on 100,000
ballots with add1 (one pass per euro added to every voter's budget), so by default (`--pabutools sample`) greedy
and Equal Shares without completion run on the full file, add1 and add1-utilitarian on a second round made of the
first `--sample` ballots (published by our count the same way); `--pabutools full` runs all on the full file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PG = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "wj_bench_result"
RULES = [("greedy", "none"), ("mes", "none"), ("mes", "add1"), ("mes", "add1-utilitarian")]
GOAL_SECONDS = 10.0


def setup_django(args: argparse.Namespace, data_dir: Path) -> None:
    os.environ["WIJKGERICHT_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-result-not-a-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkgericht.conf.base"
    if args.sqlite:
        os.environ["DATABASE_URL"] = ""
    else:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # the demo's mail, not on stdout

    call_command("migrate", verbosity=0)


def costs_for(projects: int, rng: random.Random) -> tuple[int, ...]:
    return tuple(rng.choice((2_500, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000))
                 for _ in range(projects))


def ballots_for(proposal_ids: list[int], costs: tuple[int, ...], *, ballots: int, budget: int,
                seed: int) -> list[dict[str, int]]:
    """Carts within the budget: two camps (60 / 40 %) with their own favourite projects, popularity falling off."""
    rng = random.Random(seed)
    m = len(proposal_ids)
    half = m // 2
    popularity_a = [0.45 / (1 + j / 6) if j < half else 0.04 for j in range(m)]
    popularity_b = [0.04 if j < half else 0.45 / (1 + (j - half) / 6) for j in range(m)]
    out = []
    for _ in range(ballots):
        popularity = popularity_a if rng.random() < 0.6 else popularity_b
        liked = [j for j in range(m) if rng.random() < popularity[j]]
        rng.shuffle(liked)
        cart, total = {}, 0
        for j in liked:
            if total + costs[j] <= budget:
                cart[str(proposal_ids[j])] = 1
                total += costs[j]
        out.append(cart)
    return out


def make_round(municipality, *, slug: str, projects: int, ballots: list[dict[str, int]] | None, n_ballots: int,
               amount: int, seed: int):
    from django.utils import timezone

    from wijkgericht.budgets.models import Ballot, Round, Voter
    from wijkgericht.budgets.tests.voting_setup import neighbourhood_in, voting_round
    from wijkgericht.participation.models import Item

    costs = costs_for(projects, random.Random(seed))
    round_, share, proposals = voting_round(municipality, amount=amount, costs=costs, slug=slug,
                                            method=Round.Method.CART)
    Item.objects.filter(budget_proposal__in=proposals).update(status="published", is_example=True)  # no mail
    today = timezone.localdate()
    Round.objects.filter(pk=round_.pk).update(voting_from=today - dt.timedelta(days=10),
                                              voting_until=today - dt.timedelta(days=1))
    round_.refresh_from_db()
    ids = [p.pk for p in proposals]
    if ballots is None:
        ballots = ballots_for(ids, costs, ballots=n_ballots, budget=amount, seed=seed)
    else:  # the same ballots by position, on this round's proposals
        ballots = [{str(ids[j]): 1 for j in b} for b in ballots][:n_ballots]
    t = time.perf_counter()
    Ballot.objects.bulk_create([Ballot(share=share, choices=c) for c in ballots], batch_size=5000)
    where = neighbourhood_in(municipality)
    Voter.objects.bulk_create([Voter(round=round_, token=f"{slug}-{n}", way=Voter.Way.ACCOUNT, neighbourhood=where)
                               for n in range(len(ballots))], batch_size=5000)
    seeded = time.perf_counter() - t
    positions = [[ids.index(int(k)) for k in b] for b in ballots]
    return round_, share, positions, seeded


def reset(round_, rule: str, completion: str) -> None:
    from wijkgericht.budgets import workflow
    from wijkgericht.budgets.models import Proposal, ProposalChange, Result, Round

    Result.objects.filter(share__round=round_).delete()
    ProposalChange.objects.filter(proposal__share__round=round_).delete()
    Proposal.objects.filter(share__round=round_).update(status=workflow.ADMITTED)
    Round.objects.filter(pk=round_.pk).update(rule=rule, completion=completion, result_published_at=None,
                                              phase=workflow.VOTING)
    round_.refresh_from_db()


def baseline(share) -> float:
    from wijkgericht.budgets.models import Ballot

    t = time.perf_counter()
    rows = list(Ballot.objects.filter(share=share).values_list("choices", flat=True))
    elapsed = time.perf_counter() - t
    assert rows is not None
    return elapsed


def publish_timed(round_, share, rule: str, completion: str) -> dict:
    """One close-to-published run, then its parts measured apart (same code paths, a second time)."""
    from wijkgericht.budgets.services import results
    from wijkgericht.voting import tally

    reset(round_, rule, completion)
    t = time.perf_counter()
    [result] = results.result_publish(round_)
    total = time.perf_counter() - t
    share.round = round_
    t = time.perf_counter()
    count = results.count_of(share)
    build = time.perf_counter() - t
    t = time.perf_counter()
    outcome = tally(count.election, rule, completion)
    engine = time.perf_counter() - t
    other_rule, other_completion = results.ALTERNATIVE[rule]
    t = time.perf_counter()
    tally(count.election, other_rule, other_completion)
    engine_other = time.perf_counter() - t
    assert outcome.selected == result.selected
    return {"rule": rule, "completion": completion, "total_s": total, "build_s": build, "engine_s": engine,
            "other_rule_s": engine_other, "rest_s": max(total - build - engine - engine_other, 0.0),
            "selected": result.selected, "cost": result.cost, "ballots": result.ballots}


def pabutools(pb: Path, rule: str, completion: str, cap: float) -> dict:
    command = [sys.executable, str(REPO / "bench" / "voting" / "pabutools_ref.py"), str(pb), rule, completion]
    t = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {cap:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    out = json.loads(done.stdout)
    out["wall_s"] = time.perf_counter() - t
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--amount", type=int, default=300_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite in a temporary folder instead of PostgreSQL")
    parser.add_argument("--sample", type=int, default=5_000, help="ballots of the round pabutools counts with add1")
    parser.add_argument("--pabutools", choices=("full", "sample", "off"), default="sample")
    parser.add_argument("--pabutools-cap", type=float, default=900.0)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wj-bench-result-") as tmp:
        data_dir = Path(tmp)
        t = time.perf_counter()
        setup_django(args, data_dir)
        from wijkgericht.demo.services import barendrecht_demo_load
        from wijkgericht.districts.models import Municipality

        barendrecht_demo_load()
        municipality = Municipality.objects.get(code="GM0489")
        prepared = time.perf_counter() - t
        round_, share, positions, seeded = make_round(municipality, slug="bench", projects=args.projects,
                                                      ballots=None, n_ballots=args.ballots, amount=args.amount,
                                                      seed=args.seed)
        print(f"database ready in {prepared:.1f} s; {args.ballots:,} ballots and voters stored in {seeded:.1f} s",
              file=sys.stderr)

        from wijkgericht.budgets.services import results

        publish_timed(round_, share, "greedy", "none")  # warm-up: imports, caches, the database's plans
        base = [baseline(share)]
        runs = []
        for rule, completion in RULES:
            runs.append(publish_timed(round_, share, rule, completion))
            print(f"  {rule}/{completion}: {runs[-1]['total_s']:.2f} s", file=sys.stderr)
        base.append(baseline(share))
        base_s = statistics.mean(base)

        sample = None
        if args.pabutools == "sample" and args.sample < args.ballots:
            sample_round, sample_share, _, _ = make_round(municipality, slug="bench-sample", projects=args.projects,
                                                          ballots=positions, n_ballots=args.sample,
                                                          amount=args.amount, seed=args.seed)
            sample = (sample_round, sample_share)
        for run in runs:
            rule, completion = run["rule"], run["completion"]
            use_sample = sample is not None and completion != "none"
            if args.pabutools == "off":
                run["pabutools"] = None
                continue
            if use_sample:
                sample_round, sample_share = sample
                reset(sample_round, rule, completion)
                [ours] = results.result_publish(sample_round)
                sample_share.round = sample_round
                selected, text, ballots = ours.selected, results.ballots_pabulib(sample_share), ours.ballots
            else:
                round_.refresh_from_db()
                reset(round_, rule, completion)
                [ours] = results.result_publish(round_)
                share.round = round_
                selected, text, ballots = ours.selected, results.ballots_pabulib(share), ours.ballots
            pb = data_dir / f"{rule}-{completion}.pb"
            pb.write_text(text, encoding="utf-8")
            ref = pabutools(pb, rule, completion, args.pabutools_cap)
            ref["ballots"] = ballots
            ref["same"] = ("selected" in ref) and sorted(ref["selected"]) == sorted(selected)
            run["pabutools"] = ref
            print(f"  pabutools {rule}/{completion} on {ballots:,} ballots: "
                  f"{ref.get('wall_s', 0):.1f} s, same: {ref['same']}", file=sys.stderr)

    from django.db import connection

    print()
    print(f"Close → published result: {args.ballots:,} ballots, {args.projects} projects, budget "
          f"€ {args.amount:,} ({connection.vendor}, {platform.machine()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    print(f"Baseline: reading the {args.ballots:,} ballots from the database, {base_s:.3f} s "
          f"({', '.join(f'{b:.3f}' for b in base)} s before/after)")
    print()
    print("| rule | close → published | ratio to baseline | build election | count (rule) | count (other rule) "
          "| store, 60 outcomes | goal < 10 s | selected | pabutools (ballots, time) | same as pabutools |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|")
    for run in runs:
        ref = run["pabutools"]
        if ref is None:
            ref_text, same = "–", "not run"
        elif "error" in ref:
            ref_text, same = f"{ref['ballots']:,}: {ref['error']}", "unknown"
        else:
            ref_text, same = f"{ref['ballots']:,}: {ref['rule_seconds']:.1f} s", "yes" if ref["same"] else "**NO**"
        name = run["rule"] if run["completion"] == "none" and run["rule"] == "greedy" else \
            f"{run['rule']} / {run['completion']}"
        print(f"| {name} | {run['total_s']:.2f} s | {run['total_s'] / base_s:.1f}× | {run['build_s']:.2f} s | "
              f"{run['engine_s']:.2f} s | {run['other_rule_s']:.2f} s | {run['rest_s']:.2f} s | "
              f"{'yes' if run['total_s'] < GOAL_SECONDS else '**no**'} | {len(run['selected'])} | {ref_text} | "
              f"{same} |")
    if args.json:
        args.json.write_text(json.dumps({"ballots": args.ballots, "projects": args.projects, "amount": args.amount,
                                         "database": connection.vendor, "baseline_s": base, "runs": runs},
                                        indent=2, default=str))
    failed = any(r["pabutools"] and "same" in r["pabutools"] and not r["pabutools"]["same"] for r in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
