"""Command line: ``python -m wijkgericht.voting tally FILE.pb --rule greedy|mes [--completion …] [--json] [--explain]``.

Exit status 0 on success, 2 with a one-line error on bad input (unreadable or malformed file, unknown rule).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .explain import Decision
from .pabulib import PabulibError, read_pabulib
from .tally import COMPLETIONS, RULES, Outcome, TallyError, tally


def dutch(decision: Decision) -> str:
    """One plain-Dutch sentence for a decision (the web pages do their own wording from the same codes)."""
    n = decision.numbers
    pid = decision.project_id
    code = decision.code
    if code == "selected":
        return (
            f"Project {pid} is gekozen: plaats {n['rank']} met {n['votes']} stemmen; er was nog € {n['budget_left']} "
            f"over en het kost € {n['cost']}."
        )
    if code == "does_not_fit":
        return (
            f"Project {pid} is niet gekozen: plaats {n['rank']} met {n['votes']} stemmen, maar toen het aan de beurt "
            f"was, was er nog € {n['budget_left']} over en het kost € {n['cost']} (€ {n['shortfall']} te weinig)."
        )
    if code == "not_reached":
        return (
            f"Project {pid} is niet gekozen: plaats {n['rank']} met {n['votes']} stemmen; de telling stopte bij het "
            f"eerste project dat niet meer paste."
        )
    if code == "below_threshold":
        return f"Project {pid} is niet gekozen: {n['votes']} stemmen, minder dan de drempel."
    if code == "bought":
        capped = f"; {n['capped']} van hen betaalden minder, want meer hadden ze niet" if n["capped"] else ""
        return (
            f"Project {pid} is gekozen in ronde {n['round']}: de {n['supporters']} voorstemmers betaalden samen "
            f"€ {n['cost']}, ieder ten hoogste € {n['share']} van hun eigen deel (€ {n['voter_budget']}){capped}."
        )
    if code == "unaffordable":
        return (
            f"Project {pid} is niet gekozen: de {n['supporters']} voorstemmers hadden samen nog € {n['money_left']} "
            f"over, € {n['shortfall']} te weinig voor € {n['cost']}."
        )
    if code == "no_support":
        return f"Project {pid} is niet gekozen: niemand stemde erop (of het kost niets)."
    return f"Project {pid}: {code} {n}"


def _print_text(outcome: Outcome, explain: bool) -> None:
    print(f"Regel: {outcome.rule} (aanvulling: {outcome.completion})")
    print(f"Gekozen ({len(outcome.selected)}): {', '.join(outcome.selected) if outcome.selected else '-'}")
    print(f"Kosten: {outcome.cost} van budget {outcome.budget}")
    if explain:
        for decision in outcome.decisions.values():
            print(dutch(decision))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m wijkgericht.voting", description="Tally a pabulib election."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("tally", help="compute the outcome of a .pb file")
    cmd.add_argument("file", help="pabulib .pb file")
    cmd.add_argument("--rule", required=True, choices=RULES)
    cmd.add_argument("--completion", default="none", choices=COMPLETIONS)
    cmd.add_argument("--json", action="store_true", help="print the outcome as JSON")
    cmd.add_argument("--explain", action="store_true", help="explain every project's decision")
    args = parser.parse_args(argv)

    try:
        election = read_pabulib(args.file)
        outcome = tally(election, args.rule, args.completion)
    except (PabulibError, TallyError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"error: {args.file}: not UTF-8 text", file=sys.stderr)
        return 2

    try:
        if args.json:
            data = outcome.as_json()
            if args.explain:
                data["explanations"] = [d.as_dict() for d in outcome.decisions.values()]
            print(json.dumps(data, ensure_ascii=False))
        else:
            _print_text(outcome, args.explain)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stdout = None  # type: ignore[assignment]
    return 0
