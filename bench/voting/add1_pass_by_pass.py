"""Run MES add1 pass by pass (no skipping) and record every change of the round order, as JSON lines.

The reference for instances where pabutools cannot finish (Budapest 2024: ~22,000 passes). Each pass is the engine's
certified float pass (exact fallback included), which the tests compare with pabutools and with the exact engine. The
number of distinct round orders is a floor for any skipping scheme that certifies same-order intervals.

    PYTHONPATH=src python bench/voting/add1_pass_by_pass.py FILE.pb OUT.jsonl

Output lines: ``[k, [project indices in round order], exact_fallback]`` whenever the order changes, then
``["STOP <reason>", k, [returned projects]]``.
"""

from __future__ import annotations

import json
import sys
import time
from fractions import Fraction

from wijkgericht.voting import build_profile, read_pabulib
from wijkgericht.voting.completion import is_exhaustive
from wijkgericht.voting.rules.mes.engine import MesEngine


def main(path: str, out_path: str) -> int:
    profile = build_profile(read_pabulib(path))
    engine = MesEngine(profile)
    beta0 = engine.initial_beta()
    previous: list[int] | None = None
    changes = 0
    t0 = time.perf_counter()
    with open(out_path, "w") as out:
        k = 0
        while True:
            result = engine.run(beta0 + k)
            if result.selected != previous:
                changes += 1
                out.write(json.dumps([k, result.selected, result.fallback]) + "\n")
            if sum((profile.costs[p] for p in result.selected), Fraction(0)) > profile.budget:
                out.write(json.dumps(["STOP over_budget", k, previous]) + "\n")
                break
            if is_exhaustive(profile, result.selected, engine.eligible):
                out.write(json.dumps(["STOP exhaustive", k, result.selected]) + "\n")
                break
            previous = result.selected
            k += 1
    print(
        json.dumps({"passes": k + 1, "round_orders": changes, "seconds": round(time.perf_counter() - t0, 1)}),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
