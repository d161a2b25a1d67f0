"""A ballot's rules as plain functions (no Django): what a voter may choose in a round, and what is wrong with a
ballot. The services turn each Problem into a Dutch sentence; the pages show them beside the ballot.

Choices map a proposal id to its points: 1 for approval and the cart (a chosen project), the points given for the
points method. A project not chosen is simply absent.

- approval: `min_choices`..`max_choices` projects;
- cart: the same, and the chosen projects' costs together at most `budget`, and at least `min_budget_share` percent
  of it;
- points: `points_total` points over at least `min_choices` and at most `max_choices` projects, all of them used.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

APPROVAL = "approval"
CART = "cart"
POINTS = "points"
METHODS = (APPROVAL, CART, POINTS)

# The largest number any one field of a ballot may hold (points, ids): beyond it a value is nonsense, not a vote.
LARGEST = 10**9


@dataclass(frozen=True, slots=True)
class BallotRules:
    method: str
    budget: int
    min_choices: int = 1
    max_choices: int | None = None
    min_budget_share: int = 0  # percent of the budget a cart must fill
    points_total: int | None = None

    @property
    def min_spend(self) -> int:
        """The least a cart must spend (rounded up to whole euros)."""
        if self.method != CART or not self.min_budget_share:
            return 0
        return -(-self.budget * self.min_budget_share // 100)


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    numbers: Mapping[str, int] = field(default_factory=dict)


def total_cost(costs: Mapping[int, int], choices: Mapping[int, int]) -> int:
    """What the chosen projects cost together (unknown projects count nothing)."""
    return sum(costs.get(pid, 0) for pid, value in choices.items() if value > 0)


def problems(rules: BallotRules, costs: Mapping[int, int], choices: Mapping[int, int]) -> list[Problem]:
    """Everything wrong with `choices` under `rules` for a ballot of the projects in `costs` (id → cost), in the
    order a voter should read them. Empty: the ballot may be cast."""
    found: list[Problem] = []
    unknown = sorted(pid for pid in choices if pid not in costs)
    if unknown:
        found.append(Problem("unknown_project", {"count": len(unknown)}))
    bad = {pid for pid, value in choices.items() if value <= 0 or value > LARGEST
           or (rules.method != POINTS and value != 1)}
    if bad:
        found.append(Problem("not_positive", {"count": len(bad)}))
    chosen = {pid: value for pid, value in choices.items() if pid in costs and pid not in bad}
    count = len(chosen)
    if count < rules.min_choices:
        found.append(Problem("too_few", {"min": rules.min_choices, "count": count}))
    if rules.max_choices is not None and count > rules.max_choices:
        found.append(Problem("too_many", {"max": rules.max_choices, "count": count}))
    if rules.method == CART:
        total = total_cost(costs, chosen)
        if total > rules.budget:
            found.append(Problem("over_budget", {"total": total, "budget": rules.budget,
                                                 "over": total - rules.budget}))
        elif total < rules.min_spend and count:
            found.append(Problem("under_min_share", {"total": total, "needed": rules.min_spend,
                                                     "share": rules.min_budget_share}))
    if rules.method == POINTS and rules.points_total is not None:
        given = sum(chosen.values())
        if given > rules.points_total:
            found.append(Problem("points_over", {"given": given, "total": rules.points_total,
                                                 "over": given - rules.points_total}))
        elif given < rules.points_total:
            found.append(Problem("points_not_all_used", {"given": given, "total": rules.points_total,
                                                         "left": rules.points_total - given}))
    return found


def parse_choices(method: str, chosen: Iterable[str], points: Mapping[str, str]) -> tuple[dict[int, int], bool]:
    """Choices from a form: `chosen` (the ids ticked, approval and cart) or `points` (id → points typed).
    Returns the choices and whether anything could not be read (then the ballot says so; nothing is guessed)."""
    out: dict[int, int] = {}
    unreadable = False
    if method == POINTS:
        for key, raw in points.items():
            text = (raw or "").strip()
            if not text:
                continue
            number = _number(key), _number(text)
            if number[0] is None or number[1] is None:
                unreadable = True
            elif number[1] != 0:
                out[number[0]] = number[1]
        return out, unreadable
    for raw in chosen:
        pid = _number(raw)
        if pid is None or pid <= 0:
            unreadable = True
        else:
            out[pid] = 1
    return out, unreadable


def _number(text: str) -> int | None:
    """A whole number written in ASCII digits (an optional minus), or None: no look-alike digits, no huge ones."""
    text = text.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits or len(digits) > 12 or not all("0" <= ch <= "9" for ch in digits):
        return None
    return int(text)


def voter_order(ids: Iterable[int], seed: str) -> list[int]:
    """The projects in an order of this voter's own (against position bias): random, but the same each time for
    the same seed (one per voter's session), so the list does not jump while they vote."""
    ordered = sorted(ids)
    random.Random(seed).shuffle(ordered)  # noqa: S311 - an order on screen, not a secret
    return ordered
