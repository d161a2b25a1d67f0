"""One entry point: an election, a rule and a completion in; the outcome with its explanation out."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from .completion import fill_with_greedy, mes_add1
from .explain import Decision, explain_greedy, explain_mes, explain_unsupported
from .model import Election, parse_number
from .profile import Profile, build_profile
from .rules.greedy import greedy
from .rules.mes.engine import method_of_equal_shares

RULES: Final = ("greedy", "mes", "greedy-no-skip", "greedy-threshold")
COMPLETIONS: Final = ("none", "add1", "add1-utilitarian")
# how pabulib's META "rule" names what this engine computed
PABULIB_RULE: Final = {
    ("greedy", "none"): "greedy",
    ("greedy-no-skip", "none"): "greedy-no-skip",
    ("greedy-threshold", "none"): "greedy-threshold",
    ("mes", "none"): "equalshares",
    ("mes", "add1"): "equalshares/add1",
    ("mes", "add1-utilitarian"): "equalshares/add1/utilitarian",
}


class TallyError(ValueError):
    """A rule/completion combination or election this engine does not count."""


@dataclass(slots=True)
class Outcome:
    rule: str
    completion: str
    selected: list[str]  # in the order the rule took them
    cost: Fraction
    budget: Fraction
    decisions: dict[str, Decision]  # per project id, in file order
    info: dict[str, int | str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "selected": self.selected,
            "cost": _json_number(self.cost),
            "budget": _json_number(self.budget),
            "rule": self.rule,
            "completion": self.completion,
        }


def _json_number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def tally(
    election: Election, rule: str, completion: str = "none", *, profile: Profile | None = None
) -> Outcome:
    if rule not in RULES:
        raise TallyError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}")
    if completion not in COMPLETIONS:
        raise TallyError(f"unknown completion {completion!r}; choose from {', '.join(COMPLETIONS)}")
    if completion != "none" and rule != "mes":
        raise TallyError(f"completion {completion!r} only applies to rule 'mes'")
    if profile is None:
        profile = build_profile(election)
    info: dict[str, int | str] = {}
    decisions: dict[str, Decision]
    if rule == "mes":
        if completion == "none":
            mes = method_of_equal_shares(profile)
            info["exact_fallback"] = int(mes.fallback)
        else:
            run = mes_add1(profile)
            mes = run.mes
            info.update(
                passes=run.passes, computed_passes=run.computed, exact_passes=run.exact_passes, stop=run.stop
            )
        info["voter_budget"] = str(mes.beta)
        selected = list(mes.selected)
        decisions = explain_unsupported(profile, explain_mes(profile, mes))
        if completion == "add1-utilitarian":
            fill = fill_with_greedy(profile, selected)
            if fill is not None:
                selected = fill.selected
                for pid, decision in explain_greedy(profile, fill).items():
                    decisions[pid] = decision
    else:
        threshold: Fraction | None = None
        if rule == "greedy-threshold":
            raw = election.meta.get("min_project_score_threshold")
            if raw is None:
                raise TallyError("greedy-threshold needs META min_project_score_threshold")
            threshold = parse_number(raw)
        result = greedy(
            profile, variant="no-skip" if rule == "greedy-no-skip" else "skip", threshold=threshold
        )
        selected = result.selected
        decisions = explain_greedy(profile, result)
    ids = profile.project_ids
    chosen = [ids[p] for p in selected]
    return Outcome(
        rule=rule,
        completion=completion,
        selected=chosen,
        cost=sum((profile.costs[p] for p in selected), Fraction(0)),
        budget=profile.budget,
        decisions={pid: decisions[pid] for pid in ids},
        info=info,
    )
