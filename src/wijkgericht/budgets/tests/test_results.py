"""The count: the published selection is what the engine gives on the ballots, anyone can re-count it from the
pabulib file with `python -m wijkgericht.voting tally`, for every rule and every way of voting; every proposal gets
its outcome with a Dutch explanation."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.utils import translation

from wijkgericht.budgets import workflow
from wijkgericht.budgets.explain import dutch_money, dutch_number, explanation
from wijkgericht.budgets.models import Proposal, ProposalChange, Result, Round
from wijkgericht.budgets.services import results
from wijkgericht.budgets.tests.result_setup import closed_round
from wijkgericht.voting import read_pabulib_string, tally

pytestmark = pytest.mark.django_db

RULES = [("greedy", "none"), ("mes", "none"), ("mes", "add1"), ("mes", "add1-utilitarian")]
METHODS = [Round.Method.APPROVAL, Round.Method.CART, Round.Method.POINTS]


def _retally(path, rule: str, completion: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "wijkgericht.voting", "tally", str(path), "--rule", rule,
                           "--completion", completion, "--json"], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("rule", "completion"), RULES)
def test_the_pabulib_file_recounts_to_the_published_selection(barendrecht, tmp_path, method, rule, completion):
    round_, share, proposals = closed_round(barendrecht, method=method, rule=rule, completion=completion)
    [result] = results.result_publish(round_)
    assert result.ballots == 160 and result.voters == 160
    text = results.ballots_pabulib(share)
    path = tmp_path / "wijk.pb"
    path.write_text(text, encoding="utf-8")
    recount = _retally(path, rule, completion)
    assert recount["selected"] == result.selected
    assert recount["cost"] == result.cost <= share.amount
    assert recount["budget"] == share.amount
    election = read_pabulib_string(text)
    assert election.meta["rule"] == {"greedy": "greedy", "none": "equalshares", "add1": "equalshares/add1",
                                     "add1-utilitarian": "equalshares/add1/utilitarian"}[
        completion if rule == "mes" else "greedy"]
    assert election.meta["vote_type"] == ("cumulative" if method == Round.Method.POINTS else "approval")
    assert [p.project_id for p in election.projects] == [str(p.pk) for p in proposals]
    assert election.num_voters == 160
    # the proposals' statuses follow the count
    statuses = dict(Proposal.objects.filter(share=share).values_list("pk", "status"))
    assert {str(pk) for pk, s in statuses.items() if s == workflow.SELECTED} == set(result.selected)
    assert all(s in (workflow.SELECTED, workflow.NOT_SELECTED) for s in statuses.values())


@pytest.mark.parametrize("method", METHODS)
def test_the_alternative_is_the_other_rule_on_the_same_ballots(barendrecht, method):
    round_, share, _ = closed_round(barendrecht, method=method, rule="mes", completion="add1")
    [result] = results.result_publish(round_)
    election = read_pabulib_string(results.ballots_pabulib(share))
    assert result.alternative["rule"] == "greedy"
    assert result.alternative["selected"] == tally(election, "greedy").selected
    assert result.selected == tally(election, "mes", "add1").selected


def test_equal_shares_changes_the_outcome_here(barendrecht):
    """The generated camps are chosen so that the comparison shows something: greedy spends on the big camp's
    projects, Equal Shares gives the smaller camp its part."""
    round_, _, _ = closed_round(barendrecht, rule="greedy", completion="none")
    [result] = results.result_publish(round_)
    assert result.alternative["rule"] == "mes" and result.alternative["completion"] == "add1"
    assert set(result.selected) != set(result.alternative["selected"])


def test_publishing_twice_counts_once_and_explains_every_proposal(barendrecht):
    round_, share, proposals = closed_round(barendrecht)
    first = results.result_publish(round_)
    again = results.result_publish(round_)
    assert [r.pk for r in first] == [r.pk for r in again]
    assert Result.objects.count() == 1
    round_.refresh_from_db()
    assert round_.result_published_at is not None
    for proposal in proposals:
        change = ProposalChange.objects.filter(proposal=proposal).last()
        assert change.target in (workflow.SELECTED, workflow.NOT_SELECTED)
        assert change.reason.startswith("Gekozen" if change.target == workflow.SELECTED else "Niet gekozen")
        assert "€ " in change.reason


def test_a_round_before_voting_is_not_counted(barendrecht):
    round_, _, _ = closed_round(barendrecht)
    Round.objects.filter(pk=round_.pk).update(phase=workflow.REVIEW)
    round_.refresh_from_db()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        results.result_publish(round_)
    assert not Result.objects.exists()


def test_a_round_without_ballots_selects_nothing(barendrecht):
    round_, share, _ = closed_round(barendrecht, voters=0)
    [result] = results.result_publish(round_)
    assert result.selected == [] and result.ballots == 0
    assert all(d["code"] == "no_support" for d in result.decisions.values())


# --- wording ------------------------------------------------------------------------------------------------------

def test_dutch_numbers():
    assert dutch_money("9.71") == "€ 9,71"
    assert dutch_money("4500.00") == "€ 4.500"
    assert dutch_money(1234567) == "€ 1.234.567"
    assert dutch_money("310.004") == "€ 310"
    assert dutch_money("0.5") == "€ 0,50"
    assert dutch_number(4500) == "4.500"


def _nl(decision: dict, rule: str = "mes", method: str = "approval") -> str:
    with translation.override("nl"):
        return explanation(decision, rule=rule, method=method)


def test_equal_shares_wording():
    bought = {"code": "bought", "stage": "mes", "selected": True, "voters": 412,
              "numbers": {"round": 3, "cost": "4000.00", "supporters": 412, "share": "9.71", "capped": 0,
                          "voter_budget": "12.50"}}
    assert _nl(bought) == ("Gekozen in ronde 3: 412 stemmers betaalden elk € 9,71. "
                           "Elke stemmer had € 12,50 te besteden.")
    bought["numbers"]["capped"] = 5
    assert "5 van hen betaalden minder: meer hadden zij niet meer over." in _nl(bought)
    unaffordable = {"code": "unaffordable", "stage": "mes", "selected": False, "voters": 88,
                    "numbers": {"supporters": 88, "cost": "4500.00", "money_left": "310.00", "shortfall": "4190.00"}}
    assert _nl(unaffordable) == "Niet gekozen: de 88 stemmers die dit kozen hadden samen nog € 310 over, het kost € 4.500."
    assert _nl({"code": "no_support", "stage": "mes", "selected": False, "numbers": {"cost": "10.00"}}) == (
        "Niet gekozen: niemand koos dit project.")
    points = dict(bought, points=1230)
    assert "412 stemmers betaalden € 9,71 per punt" in _nl(points, method="points")


def test_greedy_wording():
    selected = {"code": "selected", "stage": "greedy", "selected": True, "voters": 1234,
                "numbers": {"rank": 2, "votes": 1234, "budget_left": "20000.00", "cost": "4500.00"}}
    assert _nl(selected, rule="greedy") == ("Gekozen: plaats 2 met 1.234 stemmen. Er was nog € 20.000 over, "
                                            "het kost € 4.500.")
    assert _nl(selected, rule="mes").startswith("Gekozen bij het aanvullen: met 1.234 stemmen stond het op plaats 2.")
    misfit = {"code": "does_not_fit", "stage": "greedy", "selected": False, "voters": 1,
              "numbers": {"rank": 5, "votes": 1, "budget_left": "300.50", "cost": "4500.00", "shortfall": "4199.50"}}
    assert _nl(misfit, rule="greedy") == ("Niet gekozen: plaats 5 met 1 stem, maar er was nog € 300,50 over en het "
                                          "kost € 4.500.")
    assert _nl(dict(selected, points=40, voters=12), rule="greedy", method="points").startswith(
        "Gekozen: plaats 2 met 40 punten van 12 stemmers.")
    assert _nl({"code": "not_reached", "stage": "greedy", "selected": False, "voters": 3,
                "numbers": {"rank": 7, "votes": 3, "cost": "10.00"}}, rule="greedy").startswith("Niet gekozen: plaats 7")


def test_english_wording():
    unaffordable = {"code": "unaffordable", "stage": "mes", "selected": False, "voters": 88,
                    "numbers": {"supporters": 88, "cost": "4500.00", "money_left": "310.00", "shortfall": "4190.00"}}
    with translation.override("en"):
        text = explanation(unaffordable, rule="mes", method="approval")
    assert text.startswith("Not chosen") and "€ 310" in text


def test_every_published_decision_is_worded(barendrecht):
    for n, (rule, completion) in enumerate(RULES):
        round_, share, _ = closed_round(barendrecht, rule=rule, completion=completion, slug=f"r{n}", seed=n)
        [result] = results.result_publish(round_)
        for pid in result.decisions:
            for alternative in (False, True):
                text = results.explanation_of(result, pid, alternative=alternative)
                assert text.startswith(("Gekozen", "Niet gekozen")), text


def test_with_a_broker_the_count_goes_to_the_worker(barendrecht, settings, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    from celery import current_app

    from wijkgericht.budgets import tasks
    from wijkgericht.budgets.services.rounds import round_tick

    round_, share, _ = closed_round(barendrecht)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        round_tick(round_)  # a page load after voting closed: queues the count, does not count
    assert sent == [("wijkgericht.budgets.tasks.publish_result", [round_.pk])]
    assert not Result.objects.exists()
    assert tasks.publish_result(round_.pk) == 1  # the worker
    round_.refresh_from_db()
    assert round_.result_published_at is not None and round_.phase == workflow.RESULT
    assert Result.objects.get(share=share).selected
