"""Greedy by votes: projects in order of support, each taken if it still fits.

Same semantics as pabutools' ``greedy_utilitarian_welfare`` with ``Cost_Sat`` (additive, resolute): a project's
score is its total satisfaction divided by its cost, which with cost satisfaction is its number of approvals (or
points); a project that costs nothing or has no support scores 0. Projects are ordered by score, highest first,
ties broken lexicographically by project id (pabutools' default ``lexico_tie_breaking``: plain ``str`` order).

Two variants seen in Polish pabulib files are offered as well: ``greedy-no-skip`` stops at the first project that
no longer fits, and ``greedy-threshold`` only considers projects whose support reaches META
``min_project_score_threshold``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from ..profile import Profile

Variant = Literal["skip", "no-skip"]


@dataclass(frozen=True, slots=True)
class GreedyStep:
    """One project considered by greedy: its rank and the budget left when its turn came."""

    project: int
    rank: int
    score: Fraction
    budget_left: Fraction
    selected: bool
    reason: str  # "selected" | "does_not_fit" | "not_reached" | "below_threshold"


@dataclass(slots=True)
class GreedyResult:
    selected: list[int]
    steps: list[GreedyStep] = field(default_factory=list)


def greedy_score(profile: Profile, p: int) -> Fraction:
    cost = profile.costs[p]
    if cost > 0 and profile.support[p] > 0:
        return profile.support[p]
    return Fraction(0)


def greedy(
    profile: Profile,
    *,
    initial: Iterable[int] = (),
    variant: Variant = "skip",
    threshold: Fraction | None = None,
) -> GreedyResult:
    chosen = list(initial)
    taken = set(chosen)
    remaining = profile.budget - sum((profile.costs[p] for p in chosen), Fraction(0))
    candidates = [p for p in range(profile.num_projects) if p not in taken]
    scores = {p: greedy_score(profile, p) for p in candidates}
    order = sorted(candidates, key=lambda p: (-scores[p], profile.project_ids[p]))
    result = GreedyResult(selected=list(chosen))
    stopped = False
    rank = 0
    for p in order:
        if threshold is not None and profile.support[p] < threshold:
            result.steps.append(GreedyStep(p, 0, scores[p], remaining, False, "below_threshold"))
            continue
        rank += 1
        if stopped:
            result.steps.append(GreedyStep(p, rank, scores[p], remaining, False, "not_reached"))
        elif profile.costs[p] <= remaining:
            result.steps.append(GreedyStep(p, rank, scores[p], remaining, True, "selected"))
            result.selected.append(p)
            remaining -= profile.costs[p]
        else:
            result.steps.append(GreedyStep(p, rank, scores[p], remaining, False, "does_not_fit"))
            stopped = variant == "no-skip"
    return result
