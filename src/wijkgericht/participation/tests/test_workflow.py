"""Every transition of the workflow table, allowed and refused, and the coordination rule (pure, no database)."""

import itertools

import pytest

from wijkgericht.participation import workflow as wf


@pytest.mark.parametrize("source, target", sorted(itertools.product(wf.STATUSES, wf.STATUSES)))
def test_every_pair_of_statuses(source, target):
    allowed = target in wf.TRANSITIONS[source]
    try:
        wf.check_transition(source, target, needs_coordination=False, advice_answered=False, reason="omdat")
    except wf.TransitionRefused as refused:
        assert not allowed and refused.code == "not_allowed"
    else:
        assert allowed


@pytest.mark.parametrize("decision", sorted(wf.DECISIONS))
def test_no_decision_before_the_portfolio_holder_answered(decision):
    with pytest.raises(wf.TransitionRefused) as refused:
        wf.check_transition(wf.COORDINATION, decision, needs_coordination=True, advice_answered=False, reason="x")
    assert refused.value.code == "coordination_pending"
    with pytest.raises(wf.TransitionRefused):
        # skipping the coordination step does not get around it either
        wf.check_transition(wf.UNDER_CONSIDERATION, decision, needs_coordination=True, advice_answered=False,
                            reason="x")
    wf.check_transition(wf.COORDINATION, decision, needs_coordination=True, advice_answered=True, reason="x")


@pytest.mark.parametrize("target", sorted(wf.REASON_REQUIRED))
def test_rejections_and_decisions_need_a_reason(target):
    source = next(s for s, targets in wf.TRANSITIONS.items() if target in targets)
    with pytest.raises(wf.TransitionRefused) as refused:
        wf.check_transition(source, target, needs_coordination=False, advice_answered=True, reason="  ")
    assert refused.value.code == "reason_required"


def test_every_status_is_reachable_from_submitted():
    seen, frontier = {wf.SUBMITTED}, [wf.SUBMITTED]
    while frontier:
        for target in wf.TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(wf.STATUSES)
