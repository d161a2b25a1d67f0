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
    passes: int  # MES passes computed
    exact_passes: int  # passes that needed the exact engine
    stop: str  # "exhaustive" | "over_budget" | "no_voters"


def _cost(profile: Profile, projects: Iterable[int]) -> Fraction:
    return sum((profile.costs[p] for p in projects), Fraction(0))


def is_exhaustive(profile: Profile, selected: Iterable[int], available: Iterable[int]) -> bool:
    chosen = set(selected)
    left = profile.budget - _cost(profile, chosen)
    return all(profile.costs[p] > left for p in available if p not in chosen)


def mes_add1(profile: Profile, *, increment: Fraction = Fraction(1), force_exact: bool = False) -> Add1Result:
    engine = MesEngine(profile)
    if profile.num_voters == 0:
        return Add1Result(engine.run(Fraction(0), force_exact=True), 0, 0, "no_voters")
    beta = engine.initial_beta()
    previous: MesResult | None = None
    passes = exact_passes = 0
    while True:
        outcome = engine.run(beta, force_exact=force_exact)
        passes += 1
        exact_passes += outcome.exact
        if _cost(profile, outcome.selected) > profile.budget:
            assert previous is not None  # the first pass never overspends
            return Add1Result(previous, passes, exact_passes, "over_budget")
        if is_exhaustive(profile, outcome.selected, engine.eligible):
            return Add1Result(outcome, passes, exact_passes, "exhaustive")
        previous = outcome
        beta += increment


def fill_with_greedy(profile: Profile, selected: list[int]) -> GreedyResult | None:
    """Greedy on top of ``selected`` unless it is already exhaustive over all projects."""
    if is_exhaustive(profile, selected, range(profile.num_projects)):
        return None
    return greedy(profile, initial=selected)
