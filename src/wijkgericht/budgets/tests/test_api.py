"""/api/v1/budgets: rounds, one round with `selected` once the result is published, and the anonymous ballots in
pabulib, which recount to `selected`. Public data: every role gets the same answers; what is not public yet is 404
for everyone."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets.models import Round
from wijkgericht.budgets.services import results
from wijkgericht.budgets.tests.result_setup import closed_round, second_share
from wijkgericht.voting import read_pabulib_string, tally

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "resident", "civil_servant", "district_alderman", "portfolio_holder", "moderator",
         "administrator")


def _client(client, roles, role):
    if role != "anonymous":
        sign_in_verified(client, getattr(roles, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_rounds_result_and_ballots(client, roles, role):
    round_, share, proposals = closed_round(roles.municipality, rule="mes", completion="add1-utilitarian")
    Round.objects.create(municipality=roles.municipality, district=round_.district, title="Concept", slug="concept",
                         amount=1000, proposals_from=round_.proposals_from, review_from=round_.review_from,
                         voting_from=round_.voting_from, voting_until=round_.voting_until,
                         realisation_from=round_.realisation_from)  # not published: in no answer
    api = _client(client, roles, role)

    listed = api.get("/api/v1/budgets").json()
    assert [r["slug"] for r in listed] == ["telling"]
    assert listed[0]["rule"] == "mes" and listed[0]["completion"] == "add1-utilitarian"
    assert listed[0]["district"]["code"] == "WK048909" and listed[0]["result_published"] is False

    before = api.get(f"/api/v1/budgets/{round_.pk}").json()
    assert before["selected"] is None and before["phase"] == "voting" and before["method"] == "approval"
    assert {p["id"] for p in before["projects"]} == {str(p.pk) for p in proposals}
    assert all(p["votes"] is None for p in before["projects"])  # counts hidden until the result
    refused = api.get(f"/api/v1/budgets/{round_.pk}/ballots.pb")
    assert refused.status_code == 404 and "nog niet bekend" in refused.json()["detail"]

    [result] = results.result_publish(round_)
    after = api.get(f"/api/v1/budgets/{round_.pk}").json()
    assert after["selected"] == result.selected and after["shares"][0]["selected"] == result.selected
    assert after["shares"][0]["ballots_url"].endswith(f"/api/v1/budgets/{round_.pk}/ballots.pb")
    assert sum(p["votes"] for p in after["projects"]) >= len(result.selected)

    pb = api.get(f"/api/v1/budgets/{round_.pk}/ballots.pb")
    assert pb.status_code == 200 and pb["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in pb["Content-Disposition"]
    election = read_pabulib_string(pb.content.decode())
    assert election.meta["rule"] == "equalshares/add1/utilitarian"
    assert tally(election, "mes", "add1-utilitarian").selected == after["selected"]


def test_a_round_with_a_share_per_district_needs_the_district(client, roles):
    round_, share, _ = closed_round(roles.municipality, rule="greedy", completion="none")
    other = second_share(round_, roles.municipality)
    [first, second] = sorted(results.result_publish(round_), key=lambda r: r.share_id)
    missing = client.get(f"/api/v1/budgets/{round_.pk}/ballots.pb")
    assert missing.status_code == 400
    assert share.district.code in missing.json()["detail"] and other.district.code in missing.json()["detail"]
    unknown = client.get(f"/api/v1/budgets/{round_.pk}/ballots.pb?wijk=WK999999")
    assert unknown.status_code == 404
    for result in (first, second):
        code = result.share.district.code
        pb = client.get(f"/api/v1/budgets/{round_.pk}/ballots.pb?wijk={code}")
        assert pb.status_code == 200
        election = read_pabulib_string(pb.content.decode())
        assert election.meta["district"] == code and election.meta["budget"] == str(result.share.amount)
        assert tally(election, "greedy").selected == result.selected
    detail = client.get(f"/api/v1/budgets/{round_.pk}").json()
    assert detail["district"] is None
    assert detail["selected"] == [pid for s in detail["shares"] for pid in s["selected"]]
    assert sorted(detail["selected"]) == sorted(first.selected + second.selected)
    assert all(s["ballots_url"].endswith(f"?wijk={s['district']['code']}") for s in detail["shares"])


@pytest.mark.parametrize("path", ["/api/v1/budgets/0", "/api/v1/budgets/-3", "/api/v1/budgets/99999999999999999999",
                                  "/api/v1/budgets/abc", "/api/v1/budgets/１２", "/api/v1/budgets/1/ballots.pb?wijk=%00"])
def test_odd_ids_are_refused_clearly(client, roles, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert response.json()["detail"]


def test_an_unknown_round_is_404(client, roles):
    response = client.get("/api/v1/budgets/123456")
    assert response.status_code == 404 and "bestaat niet" in response.json()["detail"]
