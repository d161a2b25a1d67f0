"""Why each project won or lost, as codes and numbers (no prose) so that any page can word it in Dutch.

Every project gets one :class:`Decision` with a ``code`` and ``numbers``. Money is given as a string with two
decimals (exact rounding of the exact value where the engine has it). Codes:

greedy (also the fill-up stage of ``add1-utilitarian``, stage ``"greedy"``):
  ``selected``         rank, votes, budget_left (before its turn), cost
  ``does_not_fit``     rank, votes, budget_left, cost, shortfall = cost − budget_left
  ``not_reached``      rank, votes (greedy-no-skip stopped at an earlier project that did not fit)
  ``below_threshold``  votes, threshold (greedy-threshold)
mes (stage ``"mes"``):
  ``bought``           round, cost, supporters, share (what one supporter paid at most), capped (supporters who
                       paid all they had left, less than the share), voter_budget (starting budget per voter)
  ``unaffordable``     supporters, cost, money_left (supporters' remaining money at the end), shortfall
  ``no_support``       cost (nobody voted for it, or it costs nothing: MES does not consider it)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

from .profile import Profile
from .rules.greedy import GreedyResult
from .rules.mes.result import MesResult

Number = int | str


def money(value: Fraction | float) -> str:
    if isinstance(value, Fraction):
        cents = (value * 100).__round__()
        sign = "-" if cents < 0 else ""
        whole, rest = divmod(abs(cents), 100)
        return f"{sign}{whole}.{rest:02d}"
    return f"{value:.2f}"


def count(value: Fraction) -> Number:
    return int(value) if value.denominator == 1 else money(value)


@dataclass(frozen=True, slots=True)
class Decision:
    project_id: str
    selected: bool
    stage: str  # "greedy" | "mes"
    code: str
    numbers: dict[str, Number]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def explain_greedy(profile: Profile, result: GreedyResult) -> dict[str, Decision]:
    out: dict[str, Decision] = {}
    for step in result.steps:
        pid = profile.project_ids[step.project]
        cost = profile.costs[step.project]
        votes = count(profile.support[step.project])
        numbers: dict[str, Number]
        if step.reason == "below_threshold":
            numbers = {"votes": votes}
        elif step.reason == "not_reached":
            numbers = {"rank": step.rank, "votes": votes, "cost": money(cost)}
        else:
            numbers = {
                "rank": step.rank,
                "votes": votes,
                "budget_left": money(step.budget_left),
                "cost": money(cost),
            }
            if step.reason == "does_not_fit":
                numbers["shortfall"] = money(cost - step.budget_left)
        out[pid] = Decision(pid, step.selected, "greedy", step.reason, numbers)
    return out


def explain_mes(profile: Profile, result: MesResult) -> dict[str, Decision]:
    out: dict[str, Decision] = {}
    for buy in result.purchases:
        pid = profile.project_ids[buy.project]
        out[pid] = Decision(
            pid,
            True,
            "mes",
            "bought",
            {
                "round": buy.round,
                "cost": money(profile.costs[buy.project]),
                "supporters": buy.supporters,
                "share": money(
                    buy.rho * profile.costs[buy.project] if isinstance(buy.rho, Fraction) else buy.share
                ),
                "capped": buy.capped,
                "voter_budget": money(result.beta),
            },
        )
    for p, left in result.money_left().items():
        pid = profile.project_ids[p]
        cost = profile.costs[p]
        out[pid] = Decision(
            pid,
            False,
            "mes",
            "unaffordable",
            {
                "supporters": count(profile.support[p]),
                "cost": money(cost),
                "money_left": money(left),
                "shortfall": money(max(float(cost) - left, 0.0)),
            },
        )
    return out


def explain_unsupported(profile: Profile, decided: dict[str, Decision]) -> dict[str, Decision]:
    out = dict(decided)
    for p, pid in enumerate(profile.project_ids):
        if pid not in out:
            out[pid] = Decision(pid, False, "mes", "no_support", {"cost": money(profile.costs[p])})
    return out
