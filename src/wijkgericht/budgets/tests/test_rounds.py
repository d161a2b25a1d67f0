"""Rounds: settings checked in Dutch, shares adding up, publishing before voting, rules frozen once voting opened,
phases moved by date (task, command, page load), and who may manage a round."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from wijkgericht.budgets import tasks, workflow
from wijkgericht.budgets.models import Round
from wijkgericht.budgets.services.rounds import (
    round_create,
    round_publish,
    round_tick,
    round_update,
    rounds_advance,
)
from wijkgericht.budgets.tests.round_setup import NIEUWELAND, dates, make_round
from wijkgericht.districts.models import District

pytestmark = pytest.mark.django_db


def fields(phase=workflow.PROPOSALS, **extra):
    return {"title": "Wijkbudget", "slug": "wijkbudget", "amount": 50_000, "method": Round.Method.CART,
            **dates(phase), **extra}


def errors(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


def test_a_district_round_gets_one_share_with_the_whole_amount(roles):
    area = District.objects.get(code=NIEUWELAND)
    round = round_create(municipality=roles.municipality, actor=roles.administrator, district=area, **fields())
    assert [(s.district, s.amount) for s in round.shares.all()] == [(area, 50_000)]
    assert round.phase == workflow.DRAFT and round.published_at is None


def test_a_municipality_round_has_shares_that_add_up_to_the_amount(roles):
    a, b = District.objects.filter(municipality=roles.municipality).order_by("code")[:2]
    round = round_create(municipality=roles.municipality, actor=roles.administrator, shares={a: 30_000, b.pk: 20_000},
                         **fields())
    assert sorted(round.shares.values_list("amount", flat=True)) == [20_000, 30_000]
    with pytest.raises(ValidationError) as exc:
        round_create(municipality=roles.municipality, actor=None, shares={a: 30_000, b: 10_000},
                     **fields(slug="ander"))
    assert "samen € 40.000" in errors(exc)["shares"][0]
    with pytest.raises(ValidationError) as exc:
        round_create(municipality=roles.municipality, actor=None, shares={}, **fields(slug="leeg"))
    assert "shares" in errors(exc)


@pytest.mark.parametrize(("extra", "field"), [
    ({"amount": 0}, "amount"),
    ({"amount": -5}, "amount"),
    ({"amount": 10**15}, "amount"),
    ({"method": Round.Method.APPROVAL}, "max_choices"),  # approval needs a maximum
    ({"method": Round.Method.POINTS}, "points_total"),
    ({"method": Round.Method.POINTS, "points_total": 10**6}, "points_total"),
    ({"min_choices": 5, "max_choices": 2}, "max_choices"),
    ({"min_budget_share": 101}, "min_budget_share"),
    ({"rule": Round.Rule.GREEDY, "completion": Round.Completion.ADD1}, "completion"),
    ({"rule": "borda"}, "rule"),
    ({"vote_with_account": False, "vote_with_code": False}, "vote_with_account"),
    ({"min_age": 300}, "min_age"),
])
def test_odd_settings_are_refused_in_dutch(roles, extra, field):
    area = District.objects.get(code=NIEUWELAND)
    with pytest.raises(ValidationError) as exc:
        round_create(municipality=roles.municipality, actor=None, district=area, **fields(**extra))
    assert field in errors(exc)


def test_dates_out_of_order_are_refused(roles):
    area = District.objects.get(code=NIEUWELAND)
    wrong = fields()
    wrong["voting_until"] = wrong["voting_from"] - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        round_create(municipality=roles.municipality, actor=None, district=area, **wrong)
    assert errors(exc)["voting_until"] == ["Het stemmen eindigt niet voor het begint."]


def test_the_same_short_name_twice_is_refused(roles):
    make_round(roles)
    area = District.objects.get(code=NIEUWELAND)
    with pytest.raises(ValidationError) as exc:
        round_create(municipality=roles.municipality, actor=None, district=area, **fields(slug="wijkbudget-2026"))
    assert "slug" in errors(exc)


@pytest.mark.parametrize("who", ["resident", "civil_servant", "district_alderman", "portfolio_holder", "moderator"])
def test_only_an_administrator_manages_rounds(roles, who):
    area = District.objects.get(code=NIEUWELAND)
    with pytest.raises(PermissionDenied):
        round_create(municipality=roles.municipality, actor=getattr(roles, who), district=area, **fields())
    round = make_round(roles, published=False)
    with pytest.raises(PermissionDenied):
        round_update(round=round, actor=getattr(roles, who), amount=10)
    with pytest.raises(PermissionDenied):
        round_publish(round=round, actor=getattr(roles, who))


def test_publishing_before_voting_makes_it_public_and_moves_it_to_its_phase(roles):
    round = make_round(roles, workflow.PROPOSALS, published=False)
    published = round_publish(round=round, actor=roles.administrator)
    assert published.published_at is not None and published.phase == workflow.PROPOSALS


def test_publishing_on_or_after_the_first_voting_day_is_refused(roles):
    round = make_round(roles, workflow.VOTING, published=False)
    with pytest.raises(ValidationError) as exc:
        round_publish(round=round, actor=roles.administrator)
    assert exc.value.code == "too_late"


def test_rules_change_before_voting_and_are_refused_once_it_opened(roles):
    round = make_round(roles, workflow.REVIEW)
    changed = round_update(round=round, actor=roles.administrator, amount=60_000, rule=Round.Rule.GREEDY,
                           completion=Round.Completion.NONE)
    assert (changed.amount, changed.shares.get().amount, changed.rule) == (60_000, 60_000, Round.Rule.GREEDY)
    voting = make_round(roles, workflow.VOTING, slug="stemmen")
    assert voting.phase == workflow.VOTING
    for change in ({"amount": 1}, {"title": "Andere titel"}, {"method": Round.Method.APPROVAL, "max_choices": 3}):
        with pytest.raises(ValidationError) as exc:
            round_update(round=voting, actor=roles.administrator, **change)
        assert exc.value.code == "frozen"


def test_a_change_is_refused_on_the_voting_day_even_before_any_tick(roles):
    round = make_round(roles, workflow.REVIEW)
    Round.objects.filter(pk=round.pk).update(voting_from=timezone.localdate())  # the tick has not run yet
    round.refresh_from_db()
    assert round.phase == workflow.REVIEW
    with pytest.raises(ValidationError):
        round_update(round=round, actor=roles.administrator, amount=1)


def test_dates_that_would_move_a_round_back_or_open_voting_now_are_refused(roles):
    round = make_round(roles, workflow.REVIEW)
    with pytest.raises(ValidationError) as exc:
        round_update(round=round, actor=None, **dates(workflow.PROPOSALS))
    assert "proposals_from" in errors(exc)
    with pytest.raises(ValidationError) as exc:
        round_update(round=round, actor=None, voting_from=timezone.localdate())
    assert "voting_from" in errors(exc)


def test_phases_move_by_date_through_the_task_the_command_and_the_page_tick(roles):
    round = make_round(roles, workflow.DRAFT)
    assert round.phase == workflow.DRAFT
    today = timezone.localdate()
    assert rounds_advance(today + dt.timedelta(days=6)) >= 1  # (the demo's rounds may move too)
    round.refresh_from_db()
    assert round.phase == workflow.PROPOSALS
    out = StringIO()
    call_command("budgets_advance", "--date", (today + dt.timedelta(days=16)).isoformat(), stdout=out)
    assert "round(s) moved on" in out.getvalue()
    round.refresh_from_db()
    assert round.phase == workflow.REVIEW
    assert round_tick(round, today + dt.timedelta(days=26)).phase == workflow.VOTING
    rounds_advance(today + dt.timedelta(days=26))  # nothing more to do that day
    assert isinstance(tasks.advance_rounds.apply().get(), int)  # today: the round stays where it is (never back)
    round.refresh_from_db()
    assert round.phase == workflow.VOTING


def test_an_unpublished_round_stays_in_preparation(roles):
    round = make_round(roles, workflow.REVIEW, published=False)
    assert round_tick(round).phase == workflow.DRAFT
    rounds_advance()
    round.refresh_from_db()
    assert round.phase == workflow.DRAFT


def test_the_command_refuses_a_bad_date(roles):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("budgets_advance", "--date", "morgen")
