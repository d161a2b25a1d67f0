"""The result page (public: chosen projects, chart and table, turnout, an explanation per project) and the council's
comparison of the two rules (staff only), in every role."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets.models import Result, Round
from wijkgericht.budgets.services import results
from wijkgericht.budgets.tests.result_setup import closed_round, second_share
from wijkgericht.districts.paths import page_path

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "resident", "civil_servant", "district_alderman", "portfolio_holder", "moderator",
         "administrator")
MAY_COMPARE = {"civil_servant", "district_alderman", "portfolio_holder", "administrator"}


def _sign_in(client, roles, role):
    if role != "anonymous":
        sign_in_verified(client, getattr(roles, role))


def _result_url(round_: Round) -> str:
    return page_path("budgets:result", round_.municipality, round_slug=round_.slug)


@pytest.mark.parametrize("role", ROLES)
def test_the_result_page_counts_on_first_load_and_explains_every_project(client, roles, role):
    round_, share, proposals = closed_round(roles.municipality, rule="mes", completion="add1")
    _sign_in(client, roles, role)
    response = client.get(_result_url(round_))
    assert response.status_code == 200
    html = response.content.decode()
    result = Result.objects.get(share=share)  # the page load counted (the embedded default)
    assert result.selected
    assert "160 inwoners stemden mee." in html
    assert html.count("<svg") >= 1 and 'role="img"' in html and "<title id=" in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # CSP: no inline styles in the chart
    for proposal in proposals:
        assert proposal.item.title in html
        assert results.explanation_of(result, proposal.pk) in html
    assert re.search(r"Gekozen in ronde \d+: [\d.]+ stemmers betaalden elk € [\d.,]+\.", html)
    assert f"/api/v1/budgets/{round_.pk}/ballots.pb" in html
    assert "Gelijke delen" in html
    assert "Alleen gekozen met" not in html  # the other rule's outcome is never shown as the result


def test_the_page_waits_while_voting_is_open(client, roles):
    round_, share, _ = closed_round(roles.municipality)
    Round.objects.filter(pk=round_.pk).update(voting_until=timezone.localdate() + dt.timedelta(days=3))
    html = client.get(_result_url(round_)).content.decode()
    assert "De uitslag is er nog niet." in html
    assert not Result.objects.exists()


def test_points_and_several_districts(client, roles):
    round_, _, _ = closed_round(roles.municipality, method=Round.Method.POINTS, rule="greedy", completion="none")
    other = second_share(round_, roles.municipality)
    html = client.get(_result_url(round_)).content.decode()
    assert f"Gekozen in {other.district.name}" in html and "Punten" in html
    assert f"ballots.pb?wijk={other.district.code}" in html
    assert "punten van" in html  # greedy on points: "plaats 1 met 412 punten van 60 stemmers"


def test_an_unknown_round_is_404(client, roles):
    assert client.get(page_path("budgets:result", roles.municipality, round_slug="bestaat-niet")).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_comparison_is_for_the_council_and_staff(client, roles, role):
    round_, share, _ = closed_round(roles.municipality, rule="greedy", completion="none")
    url = reverse("budgets:result_compare", kwargs={"round_id": round_.pk})
    _sign_in(client, roles, role)
    assert client.get(url).status_code in ((302,) if role == "anonymous" else (403, 404))  # not published yet
    [result] = results.result_publish(round_)
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "next=" in response["Location"]
        return
    if role not in MAY_COMPARE:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "meeste stemmen eerst" in html.lower() and "gelijke delen" in html.lower()
    assert "Alleen gekozen met" in html  # the generated camps make the rules differ
    assert result.alternative["selected"] != result.selected


def test_the_comparison_of_an_unknown_round_is_404(client, roles):
    sign_in_verified(client, roles.administrator)
    assert client.get(reverse("budgets:result_compare", kwargs={"round_id": 987654})).status_code == 404


def test_the_desk_links_to_the_comparison_once_the_result_is_out(client, roles):
    round_, _, _ = closed_round(roles.municipality, rule="greedy", completion="none")
    url = reverse("budgets:result_compare", kwargs={"round_id": round_.pk})
    sign_in_verified(client, roles.civil_servant)
    assert url not in client.get(reverse("budgets:staff_desk")).content.decode()
    results.result_publish(round_)
    assert url in client.get(reverse("budgets:staff_desk")).content.decode()
