"""The Barendrecht demo's district budgets (issue #12 §6): a finished round in Centrum whose published result recounts
exactly, a round in Nieuweland whose voting is open today and in which the demo resident votes through the pages,
the packaged address file that gives letters, loaded once and never touching staff work. (Here, above the demo:
the budgets' own tests do not import it, and the `barendrecht` fixture loads the demo without its rounds.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import (
    Ballot,
    Proposal,
    ProposalChange,
    RealisationUpdate,
    ResidentVerification,
    Result,
    Round,
    Voter,
    VotingCode,
)
from wijkgericht.budgets.selectors import advice_answered, realisation_status
from wijkgericht.budgets.services import results, voting
from wijkgericht.budgets.services.eligibility import eligible_share
from wijkgericht.demo import accounts as demo_accounts
from wijkgericht.demo import budgets as demo_budgets
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.models import Item

pytestmark = pytest.mark.django_db

ADDRESSES = Path(demo_budgets.__file__).resolve().parent / "data" / "budgets" / "voorbeeld-adressen-nieuweland.csv"
RESIDENT = "inwoner@demo.invalid"


@pytest.fixture
def demo(barendrecht):
    """The demo as `wijkgericht demo` loads it: the fixture's rows plus the budget rounds."""
    users = {role: User.objects.get(email=email) for email, _name, role, _what in demo_accounts.ACCOUNTS}
    demo_budgets.load(barendrecht, users)
    return barendrecht


def finished() -> Round:
    return Round.objects.get(slug="voorbeeld-wijkbudget-centrum")


def open_round() -> Round:
    return Round.objects.get(slug="voorbeeld-wijkbudget-nieuweland")


def test_the_demo_has_a_finished_round_and_one_open_for_voting_all_examples(demo):
    today = timezone.localdate()
    done, running = finished(), open_round()
    assert done.district.code == demo_budgets.FINISHED_DISTRICT and running.district.code == demo_budgets.OPEN_DISTRICT
    assert done.phase == workflow.REALISATION and done.result_published_at is not None
    assert done.voting_until < today and done.published_at < timezone.now() - dt.timedelta(days=100)
    assert running.phase == workflow.VOTING and voting.voting_is_open(running)
    assert running.voting_from < today < running.voting_until and running.result_published_at is None
    assert all(r.is_example for r in Round.objects.all())
    proposals = Proposal.objects.filter(share__round__in=[done, running]).select_related("item", "item__theme")
    assert all(p.item.is_example for p in proposals)
    assert 8 <= proposals.filter(share__round=done).count() <= 12
    assert proposals.filter(share__round=done, status=workflow.NOT_FEASIBLE).exclude(reason="").count() == 1
    on_ballot = proposals.exclude(status=workflow.NOT_FEASIBLE)
    assert {p.status for p in on_ballot.filter(share__round=done)} == {workflow.SELECTED, workflow.NOT_SELECTED}
    assert {p.status for p in on_ballot.filter(share__round=running)} == {workflow.ADMITTED}
    for proposal in on_ballot:  # admitted only after the theme's portfolio holder answered the advice
        assert advice_answered(proposal.item) and proposal.cost and proposal.cost <= proposal.share.amount
        assert ProposalChange.objects.filter(proposal=proposal, target=workflow.ADMITTED).exists()
    # the chosen playground was realised: planned, in progress, done; its item is done too
    realised = Proposal.objects.filter(updates__isnull=False).distinct().get()
    assert realised.item.title == demo_budgets.FINISHED[0].title and realised.status == workflow.SELECTED
    assert list(realised.updates.values_list("status", flat=True)) == [workflow.PLANNED, workflow.IN_PROGRESS,
                                                                       workflow.DONE]
    assert realisation_status(realised) == workflow.DONE and realised.item.status == "done"
    assert RealisationUpdate.objects.filter(created_at__gt=timezone.now() - dt.timedelta(days=1)).count() == 0
    assert not Notification.objects.exists()  # examples tell nobody


def test_the_finished_rounds_result_recounts_exactly_with_explanations(demo):
    share = finished().shares.get()
    stored = Result.objects.get(share=share)
    assert stored.rule == "mes" and stored.completion == "add1"
    assert stored.ballots == Ballot.objects.filter(share=share).count() == demo_budgets.BALLOTS
    assert stored.voters == Voter.objects.filter(round=share.round).count() == demo_budgets.BALLOTS
    assert VotingCode.objects.filter(round=share.round, status=VotingCode.Status.USED).count() == demo_budgets.BALLOTS
    recount = results.result_compute(share)
    assert recount.selected == stored.selected and recount.cost == stored.cost <= share.amount
    assert recount.decisions == stored.decisions
    chosen = set(stored.selected)
    assert 2 <= len(chosen) < Proposal.objects.filter(share=share, status__in=workflow.BY_THE_COUNT).count()
    for proposal in Proposal.objects.filter(share=share, status__in=workflow.BY_THE_COUNT):
        assert (proposal.status == workflow.SELECTED) == (str(proposal.pk) in chosen)
        assert proposal.reason and proposal.reason == results.explanation_of(stored, proposal.pk)
    page = pytest.importorskip("django.test").Client().get(
        reverse("budgets:result", kwargs={"round_slug": share.round.slug}))
    assert page.status_code == 200 and "Wijkbudget Centrum" in page.content.decode()


def test_the_demo_resident_votes_in_the_open_round_through_the_pages(demo, client):
    running = open_round()
    resident = User.objects.get(email=RESIDENT)
    assert eligible_share(running, resident) == running.shares.get()
    assert not Voter.objects.filter(round=running).exists()
    client.force_login(resident)
    url = reverse("budgets:ballot", kwargs={"round_slug": running.slug})
    assert client.get(url).status_code == 200
    cheap = list(Proposal.objects.filter(share__round=running, status=workflow.ADMITTED).order_by("cost")
                 .values_list("pk", flat=True)[:3])
    check = client.post(url, {"project": cheap, "action": "review"})
    assert check.status_code == 200
    cast = client.post(reverse("budgets:ballot_cast", kwargs={"round_slug": running.slug}), {"project": cheap})
    assert cast.status_code == 302
    assert voting.has_voted(running, account=resident)
    assert Ballot.objects.get(share__round=running).choices == {str(pk): 1 for pk in sorted(cheap)}
    # the other demo sign-ins live nowhere: they cannot vote with their account
    assert eligible_share(running, User.objects.get(email="wijkregisseur@demo.invalid")) is None


def test_the_packaged_address_file_gives_letters_for_the_open_round(demo, client):
    running = open_round()
    sign_in_verified(client, User.objects.get(email="wijkregisseur@demo.invalid"))
    response = client.post(f"/werkplek/wijkbudget/{running.pk}/stemcodes/", {
        "action": "generate",
        "adressen-file": SimpleUploadedFile("adressen.csv", ADDRESSES.read_bytes(), "text/csv")})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert VotingCode.objects.filter(round=running, status=VotingCode.Status.ISSUED).count() == 12


def test_the_demo_budgets_load_once_and_never_touch_staff_work(demo):
    from wijkgericht.demo.services import barendrecht_demo_load

    models = (Round, Proposal, ProposalChange, Item, Ballot, Voter, VotingCode, Result, RealisationUpdate,
              ResidentVerification, PersonalDataAccess)
    counts = [m.objects.count() for m in models]
    barendrecht_demo_load()
    assert [m.objects.count() for m in models] == counts

    Round.objects.filter(pk=open_round().pk).update(title="Ons eigen wijkbudget")
    ResidentVerification.objects.filter(user__email=RESIDENT).update(birth_year=1990)
    Round.objects.filter(pk=finished().pk).delete()
    barendrecht_demo_load()
    assert list(Round.objects.values_list("title", flat=True)) == ["Ons eigen wijkbudget"]
    assert ResidentVerification.objects.get(user__email=RESIDENT).birth_year == 1990
