"""Run pabutools 1.2.3 (the reference) on one .pb file and one rule, in this process; print JSON.

Used by the benchmark (in a subprocess, so that it can be capped at ten minutes and its peak memory measured) and by
``make_golden.py``. Rules are called exactly as the issue describes:

* greedy: ``greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)``
* mes: ``method_of_equal_shares(instance, profile, sat_class=Cost_Sat)``
* mes add1: the same with ``voter_budget_increment=1``
* mes add1-utilitarian: ``completion_by_rule_combination`` of mes add1 and greedy

    python bench/voting/pabutools_ref.py FILE.pb RULE COMPLETION
"""

from __future__ import annotations

import json
import resource
import sys
import time


def peak_rss_kib() -> int:
    """Peak resident memory of this process (VmHWM starts afresh with exec; ru_maxrss inherits the parent's)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(path: str, rule: str, completion: str) -> dict[str, object]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    t0 = time.perf_counter()
    instance, profile = parse_pabulib(path)
    t1 = time.perf_counter()
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif completion == "none":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    elif completion == "add1":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    else:
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    t2 = time.perf_counter()
    return {
        "selected": sorted(str(p.name) for p in outcome),
        "parse_seconds": round(t1 - t0, 3),
        "rule_seconds": round(t2 - t1, 3),
        "peak_rss_kib": peak_rss_kib(),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2], sys.argv[3])))
