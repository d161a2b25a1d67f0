"""Hypothesis strategies shared by the voting tests (no Django, no pabutools)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from wijkgericht.voting.model import Election, Project


@st.composite
def elections(
    draw: st.DrawFn, max_projects: int = 6, max_voters: int = 9, cardinal: bool = False, max_budget: int = 30
) -> Election:
    m = draw(st.integers(1, max_projects))
    # few distinct costs and names like p10 < p2 make ties and lexicographic tie-breaking common
    costs = [Fraction(draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 10, 12]))) for _ in range(m)]
    if draw(st.booleans()):
        costs = [c + Fraction(draw(st.sampled_from([0, 1, 3])), 4) for c in costs]
    names = draw(st.permutations([f"p{i}" for i in range(1, 13)]))[:m]
    n = draw(st.integers(0, max_voters))
    indptr = [0]
    indices: list[int] = []
    points: list[str] = []
    for _ in range(n):
        chosen = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        indices.extend(chosen)
        indptr.append(len(indices))
        if cardinal:
            points.append(",".join(str(draw(st.integers(1, 3))) for _ in chosen))
    budget = Fraction(draw(st.integers(0, max_budget)))
    if draw(st.booleans()):
        budget += Fraction(draw(st.integers(1, 6)), 7)
    vote_type = "cumulative" if cardinal else draw(st.sampled_from(["approval", "approval", "choose-1"]))
    projects = [
        Project(names[j], costs[j], {"project_id": names[j], "cost": str(costs[j])}) for j in range(m)
    ]
    return Election(
        meta={"budget": str(budget), "vote_type": vote_type},
        projects=projects,
        project_columns=["project_id", "cost"],
        voter_ids=[str(v) for v in range(n)],
        ballot_indptr=np.asarray(indptr, dtype=np.int64),
        ballot_indices=np.asarray(indices, dtype=np.int32),
        vote_columns=["voter_id", "vote"] + (["points"] if cardinal else []),
        points_raw=points if cardinal else None,
    )


@st.composite
def tight_elections(draw: st.DrawFn, max_projects: int = 5, max_voters: int = 30) -> Election:
    """Approval elections where the float pass is most tempted to guess: many voters with distinct ballots (each
    also approves a project of their own that nobody can afford, so no two voters merge into one group and float
    sums over supporters really accumulate rounding), and costs of exactly k starting shares ``budget × k / n``,
    which a group of k supporters can pay only to the last cent; optionally every project with a twin."""
    n = draw(st.integers(2, max_voters))
    m = draw(st.integers(1, max_projects))
    budget = Fraction(draw(st.integers(1, 60)))
    if draw(st.booleans()):
        budget += Fraction(draw(st.integers(1, 6)), 7)
    ballots = [draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m)) for _ in range(n)]
    support = [sum(j in ballot for ballot in ballots) for j in range(m)]
    costs: list[Fraction] = []
    for j in range(m):
        kind = draw(st.sampled_from(["all supporters", "k shares", "plain"]))
        if kind == "all supporters" and support[j]:
            costs.append(budget * support[j] / n)  # its supporters hold exactly its cost
        elif kind == "k shares":
            costs.append(budget * draw(st.integers(1, n)) / n)
        else:
            costs.append(Fraction(draw(st.integers(1, 12))))
    if draw(st.booleans()):
        # twins: a second electorate votes the same way on copies of the projects, so every project has a twin
        # with the same price in every round (genuine ties, summed in another order), broken by the project id
        ballots += [[j + m for j in ballot] for ballot in ballots]
        costs += costs
        budget, n, m = budget * 2, n * 2, m * 2
    costs += [budget + 1] * n  # one project per voter, beyond anyone's reach
    indptr = [0]
    indices: list[int] = []
    for v, ballot in enumerate(ballots):
        indices.extend(ballot + [m + v])
        indptr.append(len(indices))
    names = [f"p{j}" for j in range(len(costs))]
    return Election(
        meta={"budget": str(budget), "vote_type": "approval"},
        projects=[
            Project(names[j], c, {"project_id": names[j], "cost": str(c)}) for j, c in enumerate(costs)
        ],
        project_columns=["project_id", "cost"],
        voter_ids=[str(v) for v in range(n)],
        ballot_indptr=np.asarray(indptr, dtype=np.int64),
        ballot_indices=np.asarray(indices, dtype=np.int32),
        vote_columns=["voter_id", "vote"],
    )
