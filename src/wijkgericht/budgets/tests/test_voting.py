"""Casting a ballot (services/voting.py) and who may (services/eligibility.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wijkgericht.budgets import hashing
from wijkgericht.budgets.models import Ballot, Round, Voter, VotingCode
from wijkgericht.budgets.services import eligibility as elig
from wijkgericht.budgets.services.voting import (
    AlreadyVoted,
    ballot_cast,
    ballot_problems,
    current_choices,
    has_voted,
    turnout,
)
from wijkgericht.budgets.tests.voting_setup import neighbourhood_in, verify, voting_round
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(barendrecht):
    return voting_round(barendrecht)


@pytest.fixture
def voter(barendrecht):
    user = make_user("stemmer@example.nl")
    verify(user, barendrecht)
    return user


def make_code(round, share, raw="ACDE-FGHJ-KMNP", neighbourhood=None):  # noqa: A002
    return VotingCode.objects.create(round=round, share=share, neighbourhood=neighbourhood,
                                     code_hash=hashing.code_hash(raw), address_hash=hashing.address_hash(round.pk, raw))


# --- eligibility ---------------------------------------------------------------------------------------------------

def test_a_verified_resident_of_the_district_may_vote_on_its_share(cart, voter):
    round, share, _ = cart
    assert elig.eligible_share(round, voter) == share


@pytest.mark.parametrize(("setup", "reason"), [
    ("anonymous", elig.NOT_SIGNED_IN),
    ("unverified", elig.NOT_VERIFIED),
    ("young", elig.TOO_YOUNG),
    ("worker", elig.WORKERS_NOT_INCLUDED),
    ("elsewhere", elig.OTHER_DISTRICT),
    ("neighbourhood", elig.NEIGHBOURHOOD_NOT_INCLUDED),
    ("codes_only", elig.NO_ACCOUNT_VOTING),
])
def test_who_may_not_vote_and_why(barendrecht, cart, setup, reason):
    from django.contrib.auth.models import AnonymousUser

    round, share, _ = cart
    user = make_user(f"{setup}@example.nl")
    if setup == "anonymous":
        user = AnonymousUser()
    elif setup == "young":
        verify(user, barendrecht, birth_year=round.voting_until.year - 15)
    elif setup == "worker":
        verify(user, barendrecht, works_or_studies=True)
    elif setup == "elsewhere":
        other = share.district.municipality.districts.exclude(pk=share.district_id).order_by("code").first()
        verify(user, barendrecht, district_code=other.code)
    elif setup == "neighbourhood":
        verify(user, barendrecht, index=1)
        share.neighbourhoods.add(neighbourhood_in(barendrecht, index=0))
    elif setup == "codes_only":
        Round.objects.filter(pk=round.pk).update(vote_with_account=False)
        round.refresh_from_db()
    result = elig.eligibility(round, user)
    assert (result.share, result.reason) == (None, reason)
    assert result.message  # said in Dutch


def test_the_minimum_age_counts_in_the_year_voting_closes_and_workers_when_the_round_includes_them(barendrecht, cart):
    round, share, _ = cart
    sixteen = make_user("zestien@example.nl")
    verify(sixteen, barendrecht, birth_year=round.voting_until.year - 16)
    assert elig.eligible_share(round, sixteen) == share
    worker = make_user("werker@example.nl")
    verify(worker, barendrecht, works_or_studies=True)
    Round.objects.filter(pk=round.pk).update(include_workers=True)
    round.refresh_from_db()
    assert elig.eligible_share(round, worker) == share


# --- casting ---------------------------------------------------------------------------------------------------------

def test_a_cart_within_budget_is_cast_once_and_the_second_is_told_kindly(cart, voter):
    round, share, proposals = cart
    choice = {proposals[0].pk: 1, proposals[1].pk: 1}
    receipt = ballot_cast(round=round, share=share, choices=choice, account=voter)
    assert receipt.replaced is False
    assert has_voted(round, account=voter)
    with pytest.raises(AlreadyVoted) as refused:
        ballot_cast(round=round, share=share, choices={proposals[2].pk: 1}, account=voter)
    assert "al gestemd" in refused.value.messages[0]
    assert Voter.objects.filter(round=round).count() == 1
    [ballot] = Ballot.objects.filter(share=share)
    assert ballot.choices == {str(proposals[0].pk): 1, str(proposals[1].pk): 1}
    assert ballot.change_key is None  # not changeable: nothing can find it again


def test_over_budget_is_refused_with_the_amount(cart, voter):
    round, share, proposals = cart
    with pytest.raises(ValidationError) as refused:
        ballot_cast(round=round, share=share, choices={p.pk: 1 for p in proposals[:4]}, account=voter)
    assert "€ 115.000" in refused.value.messages[0] and "€ 15.000" in refused.value.messages[0]
    assert not Voter.objects.exists() and not Ballot.objects.exists()


def test_problems_in_dutch(cart):
    _round, share, proposals = cart
    assert ballot_problems(share, {}) == ["Kies minstens 1 project. U koos er 0."]
    assert ballot_problems(share, {proposals[0].pk: 1}) == []


def test_changing_a_ballot_replaces_it(barendrecht, voter):
    round, share, proposals = voting_round(barendrecht, allow_change=True)
    ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, account=voter)
    receipt = ballot_cast(round=round, share=share, choices={proposals[1].pk: 1}, account=voter)
    assert receipt.replaced
    [ballot] = Ballot.objects.filter(share=share)
    assert ballot.choices == {str(proposals[1].pk): 1}
    assert current_choices(round, account=voter) == {proposals[1].pk: 1}
    assert Voter.objects.filter(round=round).count() == 1


def test_voting_with_a_code_once(cart):
    round, share, proposals = cart
    Round.objects.filter(pk=round.pk).update(vote_with_code=True)
    round.refresh_from_db()
    code = make_code(round, share, neighbourhood=neighbourhood_in(round.municipality))
    ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, code="acde fghj kmnp")
    code.refresh_from_db()
    assert code.status == VotingCode.Status.USED
    with pytest.raises(AlreadyVoted):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, code="ACDE-FGHJ-KMNP")
    with pytest.raises(ValidationError) as unknown:
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, code="XXXX-XXXX-XXXX")
    assert unknown.value.code == "unknown_code"
    assert Ballot.objects.count() == 1 and Voter.objects.get().way == Voter.Way.CODE


def test_a_void_code_does_not_vote(cart):
    round, share, proposals = cart
    Round.objects.filter(pk=round.pk).update(vote_with_code=True)
    round.refresh_from_db()
    make_code(round, share).__class__.objects.update(status=VotingCode.Status.VOID)
    with pytest.raises(ValidationError):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, code="ACDE-FGHJ-KMNP")


def test_codes_are_refused_in_a_round_for_accounts_and_accounts_in_one_for_codes(cart, voter):
    round, share, proposals = cart
    with pytest.raises(PermissionDenied):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, code="ACDE-FGHJ-KMNP")
    Round.objects.filter(pk=round.pk).update(vote_with_account=False, vote_with_code=True)
    round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, account=voter)


def test_no_voting_before_or_after_the_voting_days(cart, voter):
    round, share, proposals = cart
    today = timezone.localdate()
    for start, end in ((today + dt.timedelta(days=1), today + dt.timedelta(days=5)),
                       (today - dt.timedelta(days=5), today - dt.timedelta(days=1))):
        Round.objects.filter(pk=round.pk).update(voting_from=start, voting_until=end)
        round.refresh_from_db()
        with pytest.raises(PermissionDenied):
            ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, account=voter)
    assert not Voter.objects.exists()


def test_an_ineligible_account_is_refused(barendrecht, cart):
    round, share, proposals = cart
    with pytest.raises(PermissionDenied):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, account=make_user("x@example.nl"))


def test_points_and_approval_methods(barendrecht, voter):
    round, share, proposals = voting_round(barendrecht, method=Round.Method.POINTS, points_total=10, slug="punten")
    with pytest.raises(ValidationError):
        ballot_cast(round=round, share=share, choices={proposals[0].pk: 4}, account=voter)
    ballot_cast(round=round, share=share, choices={proposals[0].pk: 4, proposals[1].pk: 6}, account=voter)
    assert Ballot.objects.get(share=share).choices == {str(proposals[0].pk): 4, str(proposals[1].pk): 6}
    round2, share2, proposals2 = voting_round(barendrecht, method=Round.Method.APPROVAL, max_choices=2,
                                              slug="keuze")
    with pytest.raises(ValidationError):
        ballot_cast(round=round2, share=share2, choices={p.pk: 1 for p in proposals2[:3]}, account=voter)


def test_turnout_merges_small_neighbourhoods(barendrecht, cart):
    round, share, _ = cart
    first, second = neighbourhood_in(barendrecht, index=0), neighbourhood_in(barendrecht, index=1)
    Voter.objects.bulk_create([Voter(round=round, token=f"a{n}", way="account", neighbourhood=first)
                               for n in range(12)] +
                              [Voter(round=round, token=f"b{n}", way="account", neighbourhood=second)
                               for n in range(3)])
    groups = turnout(round)
    assert sum(g.voters for g in groups) == 15
    assert all(g.voters >= 10 for g in groups)
    assert not any(g.names == (second.name,) for g in groups)
