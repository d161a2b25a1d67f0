"""Completions for MES, which usually leaves part of the budget unspent.

``add1``: iterated MES (pabutools' ``voter_budget_increment=1``). Run MES with a starting budget per voter of
``budget / voters``, then ``+1``, ``+2``, … currency unit. Stop at the first pass whose outcome costs more than the
budget (and return the previous pass's outcome) or is exhaustive — no project that MES could consider (one with
support and a cost) still fits in what is left of the real budget.

``add1-utilitarian``: ``add1``, then, if the result is not exhaustive over all projects, ``greedy`` fills up what is
left (pabutools' ``completion_by_rule_combination``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .profile import Profile
from .rules.greedy import GreedyResult, greedy
from .rules.mes.engine import MesEngine
from .rules.mes.result import MesResult


@dataclass(slots=True)
class Add1Result:
    mes: MesResult  # the pass whose outcome is returned
    passes: int  # MES passes the definition goes through (as pabutools counts them)
    exact_passes: int  # computed passes whose float pass fell back to the exact engine (NeedExact)
    stop: str  # "exhaustive" | "over_budget" | "no_voters"
    computed: int = 0  # passes actually computed (the others were certified identical and skipped)


def _cost(profile: Profile, projects: Iterable[int]) -> Fraction:
    return sum((profile.costs[p] for p in projects), Fraction(0))


def is_exhaustive(profile: Profile, selected: Iterable[int], available: Iterable[int]) -> bool:
    chosen = set(selected)
    left = profile.budget - _cost(profile, chosen)
    return all(profile.costs[p] > left for p in available if p not in chosen)


class _StopTest:
    """add1's two stop conditions in integers: costs and budget scaled by their common denominator, so a pass is
    checked without Fraction arithmetic (exactly the same comparisons as ``_cost`` and ``is_exhaustive``)."""

    def __init__(self, profile: Profile, available: Iterable[int]) -> None:
        den = math.lcm(profile.budget.denominator, *(c.denominator for c in profile.costs))
        self.costs = [int(c * den) for c in profile.costs]
        self.budget = int(profile.budget * den)
        self.available = list(available)

    def over_budget(self, selected: list[int]) -> bool:
        return sum(self.costs[p] for p in selected) > self.budget

    def exhaustive(self, selected: list[int]) -> bool:
        chosen = set(selected)
        left = self.budget - sum(self.costs[p] for p in chosen)
        return all(self.costs[p] > left for p in self.available if p not in chosen)


def mes_add1(
    profile: Profile,
    *,
    increment: Fraction = Fraction(1),
    force_exact: bool = False,
    skip: bool = True,
    max_jump: int = 1 << 16,
) -> Add1Result:
    """Iterated MES, skipping passes that are certified to repeat an earlier outcome.

    From a computed pass (the anchor, starting budget beta_a) the next pass computed is beta_a + J. If it takes the
    same decisions round by round and every other project certainly loses each round on the whole interval (see
    :func:`.rules.mes.certificate.others_lose_throughout`), every pass in between has the anchor's outcome, which
    did not stop the iteration, so they are skipped and J doubles. An attempt whose round order differs from the anchor's is
    remembered as a limit and the next attempts bisect towards it; one that failed only because the certificate
    was too loose for that length caps J below it (the cap grows slowly again). At J < 2 the next pass is computed on
    its own and becomes the anchor. Failed attempts of 2 back off (passes one by one, 1, 2, 4, … up to 16) so that instances
    whose order changes every pass or two do not pay for attempts that fail. Only a computed pass can stop the
    iteration: a certified one has its anchor's outcome.
    """
    engine = MesEngine(profile)
    if profile.num_voters == 0:
        return Add1Result(engine.run(Fraction(0), force_exact=True), 0, 0, "no_voters")
    beta0 = engine.initial_beta()
    stop = _StopTest(profile, engine.eligible)

    def run(k: int, anchor: MesResult | None = None, hint: MesResult | None = None) -> MesResult:
        """Pass k; the previous pass's round order is the hint of which project to evaluate first each round."""
        if force_exact:
            return engine.run(beta0 + k * increment, force_exact=True)
        return engine.run(
            beta0 + k * increment,
            trace=skip,
            anchor=None if anchor is None else anchor.trace,
            hint=None if hint is None else hint.selected,
        )

    k = 0
    outcome = run(0)
    computed = 1
    exact_passes = int(outcome.fallback)
    if stop.exhaustive(outcome.selected):
        return Add1Result(outcome, 1, exact_passes, "exhaustive", computed)
    previous = outcome  # the anchor: the last pass known to have its own outcome, which did not stop
    jump = 2
    limit: int | None = None  # the round order changes at or before this pass: bisect below it
    ceiling = max_jump  # a jump this long failed only because the certificate was too loose: stay below it
    last_ok = 2  # the last successful jump: where the doubling starts again after a pass computed on its own
    backoff = 1  # after a failed attempt of 2, compute this many passes one by one before trying again
    wait = 0
    while True:
        step = 1
        if skip and wait == 0 and previous.trace is not None:
            step = min(jump, max_jump) if limit is None else min(jump, max_jump, (limit - k) // 2)
        if step >= 2:
            outcome = run(k + step, previous, previous)
            computed += 1
            exact_passes += int(outcome.fallback)
            if not outcome.verified:
                if outcome.diverged:
                    limit = k + step
                else:
                    ceiling = step
                if step == 2:
                    wait = backoff
                    backoff = min(backoff * 2, 16)
                jump = step // 2
                continue
            # every pass in (k, k + step] repeats the anchor's outcome, which did not stop the iteration
            k += step
            previous = outcome
            backoff = 1
            last_ok = step
            jump = step * 2 if step * 2 < ceiling else step
            ceiling += ceiling // 4 + 1  # margins drift: let the jumps grow again, slowly
            if limit is not None and limit - k < 2:
                limit = None
            continue
        outcome = run(k + 1, None, previous)
        computed += 1
        exact_passes += int(outcome.fallback)
        k += 1
        wait = max(0, wait - 1)
        if limit is not None and limit <= k:
            limit = None
        if stop.over_budget(outcome.selected):
            return Add1Result(previous, k + 1, exact_passes, "over_budget", computed)
        if stop.exhaustive(outcome.selected):
            return Add1Result(outcome, k + 1, exact_passes, "exhaustive", computed)
        previous = outcome
        jump = max(2, last_ok)


def fill_with_greedy(profile: Profile, selected: list[int]) -> GreedyResult | None:
    """Greedy on top of ``selected`` unless it is already exhaustive over all projects."""
    if is_exhaustive(profile, selected, range(profile.num_projects)):
        return None
    return greedy(profile, initial=selected)
