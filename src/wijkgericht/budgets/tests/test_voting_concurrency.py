"""One ballot per voter under 200 simultaneous submissions (issue #12 §3), on PostgreSQL with one connection per
thread: the same account, the same code, a round that allows changing, and many distinct voters (none lost). The
same bursts through a real server on SQLite are in tests/test_budget_burst_server.py.

The test server allows 100 connections, shared with other test runs; the 200 submissions go over WIDTH connections
at once (as a server's workers would), each thread sending its share back to back, all released together."""

from __future__ import annotations

from collections import Counter

import pytest

from wijkgericht.budgets import hashing
from wijkgericht.budgets.models import Ballot, Round, Voter, VotingCode
from wijkgericht.budgets.services.voting import AlreadyVoted, Receipt, ballot_cast
from wijkgericht.budgets.tests.voting_setup import verify, voting_round
from wijkgericht.core.tests.concurrency import all_at_once, postgres_only
from wijkgericht.participation.testing import make_user

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
SAME = 200
WIDTH = 40


def burst(calls):
    """`calls` over WIDTH threads released together, each running its slice one after the other."""
    slices = [calls[k::WIDTH] for k in range(WIDTH)]

    def run(part):
        done, refused = [], []
        for call in part:
            try:
                done.append(call())
            except Exception as error:  # noqa: BLE001 - counted by the test
                refused.append(error)
        return done, refused

    results, errors = all_at_once([lambda part=part: run(part) for part in slices])
    assert errors == [], errors[:3]
    return [r for done, _ in results for r in done], [e for _, refused in results for e in refused]


def outcome(results, errors) -> Counter:
    assert not [e for e in errors if not isinstance(e, AlreadyVoted)], errors[:3]
    return Counter(["receipt" if isinstance(r, Receipt) else "?" for r in results] + ["already"] * len(errors))


def test_two_hundred_submissions_of_one_account_store_one_ballot(barendrecht):
    round, share, proposals = voting_round(barendrecht)
    me = make_user("eenmaal@example.nl")
    verify(me, barendrecht)
    results, errors = burst([lambda: ballot_cast(round=round, share=share, choices={proposals[0].pk: 1},
                                                       account=me)] * SAME)
    assert outcome(results, errors) == {"receipt": 1, "already": SAME - 1}
    assert Voter.objects.filter(round=round).count() == 1 and Ballot.objects.filter(share=share).count() == 1


def test_two_hundred_submissions_of_one_code_store_one_ballot(barendrecht):
    round, share, proposals = voting_round(barendrecht, vote_with_code=True, vote_with_account=False)
    code = VotingCode.objects.create(round=round, share=share, code_hash=hashing.code_hash("ACDEFGHJKMNP"),
                                     address_hash="x")
    results, errors = burst([lambda: ballot_cast(round=round, share=share, choices={proposals[1].pk: 1},
                                                       code="ACDE-FGHJ-KMNP")] * SAME)
    assert outcome(results, errors) == {"receipt": 1, "already": SAME - 1}
    assert Ballot.objects.filter(share=share).count() == 1
    code.refresh_from_db()
    assert code.status == VotingCode.Status.USED


def test_two_hundred_changes_at_once_leave_one_ballot(barendrecht):
    round, share, proposals = voting_round(barendrecht, allow_change=True)
    me = make_user("wijzig@example.nl")
    verify(me, barendrecht)
    calls = [lambda n=n: ballot_cast(round=round, share=share, choices={proposals[n % 4].pk: 1}, account=me)
             for n in range(SAME)]
    results, errors = burst(calls)
    assert errors == []
    assert len(results) == SAME and sum(1 for r in results if not r.replaced) == 1
    assert Voter.objects.filter(round=round).count() == 1
    [ballot] = Ballot.objects.filter(share=share)
    assert len(ballot.choices) == 1


def test_two_hundred_distinct_voters_at_once_are_all_counted(barendrecht):
    round, share, proposals = voting_round(barendrecht)
    assert Round.objects.get(pk=round.pk).vote_with_account
    people = [make_user(f"stemmer{n}@example.nl") for n in range(SAME)]
    for person in people:
        verify(person, barendrecht)
    results, errors = burst([lambda p=p: ballot_cast(round=round, share=share, choices={proposals[2].pk: 1},
                                                           account=p) for p in people])
    assert errors == [] and len(results) == SAME
    assert Voter.objects.filter(round=round).count() == SAME
    assert Ballot.objects.filter(share=share).count() == SAME
