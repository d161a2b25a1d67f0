"""pabutools 1.2.3 as a test oracle (test-only dependency; the engine never imports it)."""

from __future__ import annotations

from fractions import Fraction

from wijkgericht.voting.model import CARDINAL_VOTE_TYPES, Election


def _frac(x: Fraction) -> object:
    from pabutools.fractions import frac

    return frac(x.numerator, x.denominator) if x.denominator != 1 else int(x)


def to_pabutools(election: Election) -> tuple[object, object]:
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        CumulativeBallot,
        CumulativeProfile,
        Instance,
    )
    from pabutools.election import Project as PbProject

    instance = Instance(budget_limit=_frac(election.budget))
    projects = []
    for p in election.projects:
        project = PbProject(p.project_id, _frac(p.cost))
        instance.add(project)
        projects.append(project)
    indptr = election.ballot_indptr.tolist()
    indices = election.ballot_indices.tolist()
    if election.vote_type in CARDINAL_VOTE_TYPES:
        points = election.points() or []
        cballots = []
        for v in range(election.num_voters):
            ballot = CumulativeBallot()
            for k in range(indptr[v], indptr[v + 1]):
                ballot[projects[indices[k]]] = _frac(points[k])
            cballots.append(ballot)
        return instance, CumulativeProfile(cballots)
    aballots = []
    for v in range(election.num_voters):
        aballots.append(ApprovalBallot(projects[j] for j in indices[indptr[v] : indptr[v + 1]]))
    return instance, ApprovalProfile(aballots)


def points_cost_sat() -> type:
    """Cost satisfaction for cardinal ballots: points × cost (so greedy orders by points, as pabulib does)."""
    from pabutools.election import AdditiveSatisfaction

    def func(instance: object, profile: object, ballot: dict, project: object, precomputed: object) -> object:  # type: ignore[type-arg]
        return ballot.get(project, 0) * project.cost  # type: ignore[attr-defined]

    class PointsCostSat(AdditiveSatisfaction):  # type: ignore[misc]
        def __init__(self, instance: object, profile: object, ballot: object) -> None:
            AdditiveSatisfaction.__init__(self, instance, profile, ballot, func)

    return PointsCostSat


def reference(election: Election, rule: str, completion: str = "none") -> list[str]:
    from pabutools.election import Cost_Sat
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    instance, profile = to_pabutools(election)
    sat = points_cost_sat() if election.vote_type in CARDINAL_VOTE_TYPES else Cost_Sat
    if rule == "greedy":
        out = greedy_utilitarian_welfare(instance, profile, sat_class=sat)
    elif completion == "none":
        out = method_of_equal_shares(instance, profile, sat_class=sat)
    elif completion == "add1":
        out = method_of_equal_shares(instance, profile, sat_class=sat, voter_budget_increment=1)
    else:
        out = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        )
    return sorted(str(p.name) for p in out)
