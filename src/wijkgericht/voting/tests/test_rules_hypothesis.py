"""Random elections: the engine against pabutools (exact Fractions), and the float engine against our exact one."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkgericht.voting import build_profile, tally
from wijkgericht.voting.completion import mes_add1
from wijkgericht.voting.model import Election, Project
from wijkgericht.voting.rules.mes import MesEngine

from .oracle import reference

pytest.importorskip("pabutools")


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


COMBOS = [("greedy", "none"), ("mes", "none"), ("mes", "add1"), ("mes", "add1-utilitarian")]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("rule", "completion"), COMBOS, ids=[f"{r}-{c}" for r, c in COMBOS])
@FAST
@given(election=elections(max_budget=60))
def test_same_outcome_as_pabutools_approval(election: Election, rule: str, completion: str) -> None:
    assert sorted(tally(election, rule, completion).selected) == reference(election, rule, completion)


@pytest.mark.parametrize(("rule", "completion"), COMBOS, ids=[f"{r}-{c}" for r, c in COMBOS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections(cardinal=True))
def test_same_outcome_as_pabutools_cumulative(election: Election, rule: str, completion: str) -> None:
    assert sorted(tally(election, rule, completion).selected) == reference(election, rule, completion)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections(max_projects=9, max_voters=40), step=st.integers(0, 5))
def test_float_engine_equals_exact_engine(election: Election, step: int) -> None:
    profile = build_profile(election)
    if profile.num_voters == 0:
        return
    engine = MesEngine(profile)
    beta = engine.initial_beta() + step
    fast = engine.run(beta)
    exact = engine.run(beta, force_exact=True)
    assert fast.selected == exact.selected  # same projects in the same rounds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections(max_projects=8, max_voters=30))
def test_add1_float_equals_exact(election: Election) -> None:
    profile = build_profile(election)
    assert mes_add1(profile).mes.selected == mes_add1(profile, force_exact=True).mes.selected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(election=elections(max_projects=7, max_voters=25, max_budget=150))
def test_add1_skipping_passes_changes_nothing(election: Election) -> None:
    """Skipped passes are certified identical: outcome, number of passes and stop reason are unchanged."""
    profile = build_profile(election)
    skipped = mes_add1(profile)
    one_by_one = mes_add1(profile, skip=False)
    assert (skipped.mes.selected, skipped.passes, skipped.stop) == (
        one_by_one.mes.selected,
        one_by_one.passes,
        one_by_one.stop,
    )
