"""The rounds' back office: settings checked by the services' rules, publishing as an action (refused on the voting
day), everything read-only once voting opened, and no admin view of who voted or what."""

from __future__ import annotations

import pytest
from django.contrib import admin

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import Ballot, Round, Voter
from wijkgericht.budgets.tests.round_setup import dates, make_round
from wijkgericht.districts.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("beheer-budget@example.nl", "een-lang-wachtwoord")
    sign_in_verified(client, user)
    return client


def post_data(roles, **extra):
    area = District.objects.get(code="WK048909")
    data = {"municipality": roles.municipality.pk, "district": area.pk, "title": "Wijkbudget", "slug": "wb",
            "explanation": "", "amount": "40000", "method": "cart", "min_choices": "1", "max_choices": "",
            "min_budget_share": "0", "points_total": "", "rule": "mes", "completion": "add1", "min_age": "16",
            "vote_with_account": "on", "random_order": "on", "hide_counts": "on",
            "shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0", "shares-MIN_NUM_FORMS": "0",
            "shares-MAX_NUM_FORMS": "1000"}
    data.update({k: v.isoformat() for k, v in dates(workflow.PROPOSALS).items()})
    data.update(extra)
    return data


def test_a_round_made_in_the_admin_gets_its_share_and_odd_settings_are_refused(staff, roles):
    response = staff.post("/admin/budgets/round/add/", post_data(roles, amount="-4"))
    assert response.status_code == 200 and "errornote" in response.content.decode()
    response = staff.post("/admin/budgets/round/add/", post_data(roles, rule="greedy"))
    assert "geen aanvulling" in response.content.decode()
    response = staff.post("/admin/budgets/round/add/", post_data(roles))
    assert response.status_code == 302, response.content.decode()[:3000]
    round = Round.objects.get(slug="wb")
    assert [(s.district.code, s.amount) for s in round.shares.all()] == [("WK048909", 40_000)]
    response = staff.post("/admin/budgets/round/", {"action": "publish", "_selected_action": [round.pk]})
    round.refresh_from_db()
    assert round.published_at is not None and round.phase == workflow.PROPOSALS


def test_publishing_on_the_voting_day_is_refused_in_the_admin(staff, roles):
    round = make_round(roles, workflow.VOTING, published=False)
    response = staff.post("/admin/budgets/round/", {"action": "publish", "_selected_action": [round.pk]},
                          follow=True)
    assert "Publiceer de ronde voor de eerste stemdag" in response.content.decode()
    round.refresh_from_db()
    assert round.published_at is None


def test_a_round_in_voting_is_read_only_in_the_admin(staff, roles):
    round = make_round(roles, workflow.VOTING)
    page = staff.get(f"/admin/budgets/round/{round.pk}/change/").content.decode()
    assert 'name="amount"' not in page and "50000" in page.replace(".", "").replace(",", "")
    staff.post(f"/admin/budgets/round/{round.pk}/change/", post_data(roles, amount="1"))
    round.refresh_from_db()
    assert round.amount == 50_000
    assert staff.get(f"/admin/budgets/round/{round.pk}/delete/").status_code == 403


def test_who_voted_and_what_has_no_admin_view():
    assert Voter not in admin.site._registry and Ballot not in admin.site._registry


def test_the_proposal_admin_is_for_looking_up(staff, roles):
    from wijkgericht.budgets.tests.round_setup import proposal_in, share_of

    proposal = proposal_in(roles, share_of(make_round(roles)))
    assert staff.get("/admin/budgets/proposal/").status_code == 200
    assert staff.get(f"/admin/budgets/proposal/{proposal.pk}/change/").status_code == 200
    assert staff.get("/admin/budgets/proposal/add/").status_code == 403
