"""Completions for MES, which usually leaves part of the budget unspent.

``add1``: iterated MES (pabutools' ``voter_budget_increment=1``). Run MES with a starting budget per voter of
``budget / voters``, then ``+1``, ``+2``, … currency unit. Stop at the first pass whose outcome costs more than the
budget (and return the previous pass's outcome) or is exhaustive — no project that MES could consider (one with
support and a cost) still fits in what is left of the real budget.

``add1-utilitarian``: ``add1``, then, if the result is not exhaustive over all projects, ``greedy`` fills up what is
left (pabutools' ``completion_by_rule_combination``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .profile import Profile
from .rules.greedy import GreedyResult, greedy
from .rules.mes import MesEngine, MesResult


@dataclass(slots=True)
class Add1Result:
    mes: MesResult  # the pass whose outcome is returned
    passes: int  # MES passes the definition goes through (as pabutools counts them)
    exact_passes: int  # passes that needed the exact engine
    stop: str  # "exhaustive" | "over_budget" | "no_voters"
    computed: int = 0  # passes actually computed (the others were certified identical and skipped)


def _cost(profile: Profile, projects: Iterable[int]) -> Fraction:
    return sum((profile.costs[p] for p in projects), Fraction(0))


def is_exhaustive(profile: Profile, selected: Iterable[int], available: Iterable[int]) -> bool:
    chosen = set(selected)
    left = profile.budget - _cost(profile, chosen)
    return all(profile.costs[p] > left for p in available if p not in chosen)


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
    ``MesEngine._others_lose_throughout``), every pass in between has the anchor's outcome, which did not stop the
    iteration, so they are skipped and J doubles. Otherwise J halves (down to 1, after which attempts back off
    exponentially). Attempts are only made after two computed passes in a row had the same outcome.
    """
    engine = MesEngine(profile)
    if profile.num_voters == 0:
        return Add1Result(engine.run(Fraction(0), force_exact=True), 0, 0, "no_voters")
    beta0 = engine.initial_beta()

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
    exact_passes = int(outcome.exact)
    if is_exhaustive(profile, outcome.selected, engine.eligible):
        return Add1Result(outcome, 1, exact_passes, "exhaustive", computed)
    previous = outcome
    jump = 1
    stable = False  # the last two computed passes had the same outcome: worth trying to skip
    backoff = 1  # after a failed attempt, compute this many passes one by one before trying again
    wait = 0
    while True:
        use_anchor = skip and stable and wait == 0 and jump > 1 and previous.trace is not None
        step = jump if use_anchor else 1
        outcome = run(k + step, previous if use_anchor else None, previous)
        computed += 1
        exact_passes += int(outcome.exact)
        if step > 1 and not outcome.verified:
            if jump > 2:
                jump //= 2  # the anchor still stands: try a shorter jump at once
            else:
                jump = 1
                stable = False
                wait = backoff
                backoff = min(backoff * 4, 256)
            continue
        if step > 1:
            backoff = 1
        wait = max(0, wait - 1)
        k += step
        if _cost(profile, outcome.selected) > profile.budget:
            if step > 1:
                # pass k-1 has the anchor's outcome; compute it to report its own figures
                previous = run(k - 1, hint=previous)
                computed += 1
            return Add1Result(previous, k + 1, exact_passes, "over_budget", computed)
        if is_exhaustive(profile, outcome.selected, engine.eligible):
            return Add1Result(outcome, k + 1, exact_passes, "exhaustive", computed)
        stable = outcome.selected == previous.selected
        previous = outcome
        jump = min(max(2, jump * 2), max_jump) if skip and stable else 1


def fill_with_greedy(profile: Profile, selected: list[int]) -> GreedyResult | None:
    """Greedy on top of ``selected`` unless it is already exhaustive over all projects."""
    if is_exhaustive(profile, selected, range(profile.num_projects)):
        return None
    return greedy(profile, initial=selected)
