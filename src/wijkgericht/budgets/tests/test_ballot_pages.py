"""The ballot's pages (pages/ballot.py) in every role, without JavaScript: the cart recomputes on the server, the
check page shows the ballot before it is cast, the receipt shows nothing of it, a second press is told kindly."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets import hashing
from wijkgericht.budgets.models import Ballot, Round, Voter, VotingCode
from wijkgericht.budgets.pages.codes import SESSION_KEY
from wijkgericht.budgets.tests.voting_setup import verify, voting_round
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db


def url(name: str, round: Round) -> str:  # noqa: A002
    return reverse(f"budgets:{name}", kwargs={"round_slug": round.slug})


@pytest.fixture
def cart(barendrecht):
    return voting_round(barendrecht)


@pytest.fixture
def resident(client, barendrecht):
    user = make_user("kiezer@example.nl")
    verify(user, barendrecht)
    client.force_login(user)
    return user


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_an_eligible_resident_sees_the_ballot_with_the_budget_and_no_counts(client, cart, resident):
    round, share, proposals = cart
    page = client.get(url("ballot", round))
    assert page.status_code == 200
    body = text(page)
    for p in proposals:
        assert p.item.title in body
    assert "U koos voor € 0 van € 100.000. Nog te besteden: € 100.000." in body
    assert 'aria-live="polite"' in body and "budgets/ballot.js" in body
    assert "stemmen)" not in body and "stemmers" not in body  # no counts while voting
    assert page["Cache-Control"] == "private, no-store"


def test_the_order_is_random_per_voter_and_stable_within_a_session(client, barendrecht, resident):
    round, _share, proposals = voting_round(barendrecht, costs=tuple(range(1000, 13000, 1000)))

    def order(c):
        return re.findall(r'name="project" value="(\d+)"', c.get(url("ballot", round)).content.decode())

    first = order(client)
    assert first == order(client)
    others = set()
    for n in range(6):
        other = make_user(f"ander{n}@example.nl")
        verify(other, barendrecht)
        c = type(client)()
        c.force_login(other)
        others.add(tuple(order(c)))
    assert len(others | {tuple(first)}) > 1
    Round.objects.filter(pk=round.pk).update(random_order=False)
    assert order(client) == [str(p.pk) for p in sorted(proposals, key=lambda p: p.item.title.casefold())]


def test_without_javascript_the_cart_recomputes_on_submit(client, cart, resident):
    round, _share, proposals = cart
    page = client.post(url("ballot", round), {"project": [proposals[0].pk, proposals[1].pk], "action": "recompute"})
    assert page.status_code == 200
    assert "U koos voor € 70.000 van € 100.000. Nog te besteden: € 30.000." in text(page)
    over = client.post(url("ballot", round), {"project": [p.pk for p in proposals[:4]], "action": "recompute"})
    assert "Dat is € 15.000 meer dan het budget van € 100.000" in text(over)


def test_over_budget_is_refused_with_a_clear_message(client, cart, resident):
    round, _share, proposals = cart
    page = client.post(url("ballot", round), {"project": [p.pk for p in proposals[:4]], "action": "review"})
    assert page.status_code == 400
    assert "Uw keuze kost € 115.000. Dat is € 15.000 meer dan het budget van € 100.000." in text(page)
    assert not Voter.objects.exists()


def test_check_then_cast_then_a_receipt_without_content_then_told_kindly(client, cart, resident):
    round, share, proposals = cart
    chosen = [proposals[0].pk, proposals[2].pk]
    check = client.post(url("ballot", round), {"project": chosen, "action": "review"})
    assert check.status_code == 200
    body = text(check)
    assert "Controleer uw stem" in body and proposals[0].item.title in body and "€ 65.000" in body
    assert proposals[1].item.title not in body
    assert not Ballot.objects.exists()  # nothing cast by looking
    cast = client.post(url("ballot_cast", round), {"project": chosen})
    assert cast.status_code == 302 and cast["Location"] == url("ballot_receipt", round)
    receipt = client.get(cast["Location"])
    assert "Uw stem is geteld" in text(receipt)
    assert proposals[0].item.title not in text(receipt)  # only that it counted
    assert Ballot.objects.get(share=share).choices == {str(proposals[0].pk): 1, str(proposals[2].pk): 1}
    again = client.post(url("ballot_cast", round), {"project": [proposals[1].pk]})
    assert again.status_code == 302 and again["Location"] == url("ballot_already", round)
    assert "U hebt al gestemd" in text(client.get(again["Location"]))
    assert client.get(url("ballot", round))["Location"] == url("ballot_already", round)
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1


def test_edit_goes_back_to_the_ballot_with_the_choice(client, cart, resident):
    round, _share, proposals = cart
    page = client.post(url("ballot", round), {"project": [proposals[3].pk], "action": "edit"})
    assert page.status_code == 200
    assert re.search(rf'value="{proposals[3].pk}"[^>]*checked', page.content.decode())


def test_changing_shows_the_current_choice_and_replaces(client, barendrecht, resident):
    round, share, proposals = voting_round(barendrecht, allow_change=True)
    client.post(url("ballot_cast", round), {"project": [proposals[0].pk]})
    page = client.get(url("ballot", round))
    assert "U mag uw stem wijzigen" in text(page)
    assert re.search(rf'value="{proposals[0].pk}"[^>]*checked', page.content.decode())
    client.post(url("ballot_cast", round), {"project": [proposals[1].pk]})
    assert [b.choices for b in Ballot.objects.filter(share=share)] == [{str(proposals[1].pk): 1}]


def test_voting_with_a_code_from_the_session(client, barendrecht):
    round, share, proposals = voting_round(barendrecht, vote_with_code=True, vote_with_account=False)
    code = VotingCode.objects.create(round=round, share=share, code_hash=hashing.code_hash("ACDEFGHJKMNP"),
                                     address_hash="x")
    page = client.get(url("ballot", round))
    assert "stemcode" in text(page) and 'name="project"' not in text(page)
    session = client.session
    session[SESSION_KEY] = {str(round.pk): "ACDEFGHJKMNP"}
    session.save()
    assert 'name="project"' in text(client.get(url("ballot", round)))
    cast = client.post(url("ballot_cast", round), {"project": [proposals[0].pk]})
    assert cast["Location"] == url("ballot_receipt", round)
    code.refresh_from_db()
    assert code.status == VotingCode.Status.USED
    assert SESSION_KEY not in client.session or str(round.pk) not in client.session[SESSION_KEY]


@pytest.mark.parametrize("who", ["anonymous", "resident_unverified", "district_alderman", "portfolio_holder",
                                 "civil_servant", "moderator", "administrator"])
def test_who_is_not_a_verified_resident_may_not_vote(client, cart, roles, who):
    round, _share, proposals = cart
    if who != "anonymous":
        sign_in_verified(client, roles.resident if who == "resident_unverified" else getattr(roles, who))
    page = client.get(url("ballot", round))
    assert page.status_code == 200 and 'name="project"' not in page.content.decode()
    refused = client.post(url("ballot_cast", round), {"project": [proposals[0].pk]})
    assert refused.status_code == 403
    assert not Ballot.objects.exists()


def test_a_verified_staff_member_votes_like_any_resident(client, cart, roles):
    round, _share, proposals = cart
    verify(roles.civil_servant, roles.municipality)
    sign_in_verified(client, roles.civil_servant)
    assert client.post(url("ballot_cast", round), {"project": [proposals[0].pk]}).status_code == 302
    assert Ballot.objects.count() == 1


def test_a_closed_round_takes_no_ballots(client, cart, resident):
    import datetime as dt

    from django.utils import timezone

    round, _share, proposals = cart
    Round.objects.filter(pk=round.pk).update(voting_until=timezone.localdate() - dt.timedelta(days=1),
                                             voting_from=timezone.localdate() - dt.timedelta(days=3))
    assert "U kunt nu niet stemmen" in text(client.get(url("ballot", round)))
    assert client.post(url("ballot_cast", round), {"project": [proposals[0].pk]}).status_code == 200
    assert not Ballot.objects.exists()


def test_an_unpublished_or_unknown_round_is_not_found(client, cart, resident):
    round, _share, _ = cart
    Round.objects.filter(pk=round.pk).update(published_at=None)
    assert client.get(url("ballot", round)).status_code == 404
    assert client.get(reverse("budgets:ballot", kwargs={"round_slug": "bestaat-niet"})).status_code == 404
    assert client.get(url("ballot_cast", round)).status_code in (404, 405)


@pytest.mark.parametrize("odd", [["9" * 40], ["-1"], ["１"], ["abc"], ["0"], ["999999"]])
def test_odd_project_values_get_a_dutch_message(client, cart, resident, odd):
    round, _share, _ = cart
    page = client.post(url("ballot_cast", round), {"project": odd})
    assert page.status_code == 400
    assert "utrecht-alert--error" in page.content.decode()
    assert not Ballot.objects.exists()


def test_points_ballot_without_javascript(client, barendrecht, resident):
    round, share, proposals = voting_round(barendrecht, method=Round.Method.POINTS, points_total=10)
    page = client.post(url("ballot", round), {f"punten-{proposals[0].pk}": "12", "action": "recompute"})
    assert "Dat zijn er 2 te veel" in text(page)
    odd = client.post(url("ballot", round), {f"punten-{proposals[0].pk}": "٣", "action": "review"})
    assert odd.status_code == 400 and "Gebruik alleen de cijfers 0 tot en met 9" in text(odd)
    fields = {f"punten-{proposals[0].pk}": "7", f"punten-{proposals[1].pk}": "3"}
    assert client.post(url("ballot", round), {**fields, "action": "review"}).status_code == 200
    assert client.post(url("ballot_cast", round), fields).status_code == 302
    assert Ballot.objects.get(share=share).choices == {str(proposals[0].pk): 7, str(proposals[1].pk): 3}


def test_the_receipt_needs_a_ballot_of_this_session(client, cart):
    round, _share, _ = cart
    assert client.get(url("ballot_receipt", round))["Location"] == url("ballot", round)


def test_the_municipality_address_works_too(client, cart, resident):
    round, _share, _ = cart
    page = client.get(reverse("budgets:ballot", kwargs={"round_slug": round.slug, "municipality": "GM0489"}))
    assert page.status_code == 200
