"""Random elections: the engine against pabutools (exact Fractions), and the float engine against our exact one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkgericht.voting import build_profile, tally
from wijkgericht.voting.completion import mes_add1
from wijkgericht.voting.model import Election
from wijkgericht.voting.rules.mes.engine import MesEngine

from .oracle import reference
from .strategies import elections

pytest.importorskip("pabutools")

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
