"""Proposals: submitted in the proposal phase, promoted by the district team (linked both ways), reviewed with a
public reason and the municipality's cost, merged, admitted only with the portfolio holder's current advice, moved by
the count, realised; supporters and followers told of each step; every role allowed and refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from wijkgericht.budgets import selectors, workflow
from wijkgericht.budgets.models import Proposal
from wijkgericht.budgets.services.proposals import (
    proposal_count_outcome,
    proposal_promote,
    proposal_review,
    proposal_submit,
    proposal_withdraw,
)
from wijkgericht.budgets.services.realisation import realisation_update
from wijkgericht.budgets.tests.round_setup import make_round, proposal_in, share_of
from wijkgericht.districts.models import Neighbourhood
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import engagement
from wijkgericht.participation import workflow as item_workflow
from wijkgericht.participation.models import Theme
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.testing import make_user, point_in, submit

pytestmark = pytest.mark.django_db
STAFF = ("civil_servant", "district_alderman", "administrator")
NOT_STAFF = ("resident", "portfolio_holder", "moderator")


def sport(roles) -> Theme:
    return Theme.objects.get(municipality=roles.municipality, slug="sport")


def events(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("event", flat=True))


def submitted(roles, share, **extra) -> Proposal:
    lat, lon = point_in("BU04890918")
    fields = {"share": share, "author": roles.resident, "title": "Bankjes bij de vijver",
              "description": "Meer plekken om te zitten.", "theme": sport(roles), "lat": lat, "lon": lon,
              "estimated_cost": 8_000, **extra}
    return proposal_submit(**fields)


def test_a_resident_submits_in_the_proposal_phase_backed_by_an_item_asking_a_decision(roles):
    share = share_of(make_round(roles))
    proposal = submitted(roles, share)
    item = proposal.item
    assert (item.needs_decision, int(item.amount_requested), item.district_id) == (True, 8_000, share.district_id)
    assert item.budget_proposal == proposal and proposal.status == workflow.SUBMITTED
    assert list(proposal.changes.values_list("target", flat=True)) == [workflow.SUBMITTED]
    assert "item.submitted" in events(roles.civil_servant)


def test_a_proposal_for_the_whole_district_sits_on_the_district_point(roles):
    share = share_of(make_round(roles))
    proposal = submitted(roles, share, lat=None, lon=None)
    assert selectors.is_district_wide(proposal)
    assert not selectors.is_district_wide(submitted(roles, share, title="Op een plek"))


@pytest.mark.parametrize("phase", [workflow.DRAFT, workflow.REVIEW, workflow.VOTING])
def test_submitting_outside_the_proposal_phase_is_refused(roles, phase):
    share = share_of(make_round(roles, phase))
    with pytest.raises(ValidationError) as exc:
        submitted(roles, share)
    assert exc.value.code == "phase_closed"


@pytest.mark.parametrize(("extra", "field"), [
    ({"estimated_cost": 0}, "estimated_cost"),
    ({"estimated_cost": -100}, "estimated_cost"),
    ({"estimated_cost": 10**12}, "estimated_cost"),
    ({"estimated_cost": 60_000}, "estimated_cost"),  # more than the share
    ({"lat": 51.9, "lon": 4.5}, "location"),  # Rotterdam, not Nieuweland
    ({"lat": None}, "location"),
])
def test_odd_proposals_are_refused_in_dutch(roles, extra, field):
    share = share_of(make_round(roles))
    with pytest.raises(ValidationError) as exc:
        submitted(roles, share, **extra)
    assert field in exc.value.message_dict


def test_a_point_in_another_district_is_refused(roles):
    share = share_of(make_round(roles))
    other = Neighbourhood.objects.exclude(district=share.district).filter(
        district__municipality=roles.municipality).first()
    lat, lon = point_in(other.code)
    with pytest.raises(ValidationError) as exc:
        submitted(roles, share, lat=lat, lon=lon)
    assert "Nieuweland" in exc.value.message_dict["location"][0]


def test_an_unconfirmed_account_cannot_submit(roles):
    share = share_of(make_round(roles))
    roles.resident.email_verified_at = None
    roles.resident.save()
    with pytest.raises(PermissionDenied):
        submitted(roles, share)


@pytest.mark.parametrize("who", STAFF)
def test_the_district_team_promotes_an_item_and_both_link(roles, who):
    share = share_of(make_round(roles, workflow.REVIEW))
    item = item_transition(item=submit(roles, needs_decision=False), actor=roles.moderator,
                           target=item_workflow.PUBLISHED)
    engagement.item_follow(item=item, user=roles.other_resident)
    proposal = proposal_promote(item=item, share=share, actor=getattr(roles, who))
    item.refresh_from_db()
    assert item.budget_proposal == proposal and proposal.item == item and item.needs_decision
    assert "budget.proposal_promoted" in events(roles.other_resident)
    with pytest.raises(ValidationError):
        proposal_promote(item=item, share=share, actor=getattr(roles, who))  # only once


@pytest.mark.parametrize("who", NOT_STAFF)
def test_others_cannot_promote(roles, who):
    share = share_of(make_round(roles, workflow.REVIEW))
    item = item_transition(item=submit(roles), actor=roles.moderator, target=item_workflow.PUBLISHED)
    with pytest.raises(PermissionDenied):
        proposal_promote(item=item, share=share, actor=getattr(roles, who))


def test_an_unmoderated_item_or_a_closed_round_cannot_be_promoted(roles):
    share = share_of(make_round(roles, workflow.REVIEW))
    with pytest.raises(ValidationError) as exc:
        proposal_promote(item=submit(roles), share=share, actor=roles.civil_servant)
    assert exc.value.code == "not_open"
    voting = share_of(make_round(roles, workflow.VOTING, slug="stemmen"))
    item = item_transition(item=submit(roles), actor=roles.moderator, target=item_workflow.PUBLISHED)
    with pytest.raises(ValidationError) as exc:
        proposal_promote(item=item, share=voting, actor=roles.civil_servant)
    assert exc.value.code == "phase_closed"


@pytest.mark.parametrize("who", STAFF)
def test_the_team_reviews_feasible_with_the_municipality_cost(roles, who):
    proposal = proposal_in(roles, share_of(make_round(roles, workflow.REVIEW)))
    engagement.item_follow(item=proposal.item, user=roles.other_resident)
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=getattr(roles, who), target=workflow.FEASIBLE)
    assert "cost" in exc.value.message_dict
    done = proposal_review(proposal=proposal, actor=getattr(roles, who), target=workflow.FEASIBLE, cost=12_500)
    assert (done.status, done.cost) == (workflow.FEASIBLE, 12_500)
    assert "budget.proposal_feasible" in events(roles.other_resident)
    assert "budget.proposal_feasible" in events(roles.resident)  # the author


@pytest.mark.parametrize("who", NOT_STAFF)
def test_others_cannot_review(roles, who):
    proposal = proposal_in(roles, share_of(make_round(roles, workflow.REVIEW)), author=roles.other_resident)
    with pytest.raises(PermissionDenied):
        proposal_review(proposal=proposal, actor=getattr(roles, who), target=workflow.FEASIBLE, cost=100)


def test_a_civil_servant_of_another_district_cannot_review(roles):
    from wijkgericht.accounts.models import StaffRole
    from wijkgericht.districts.models import District

    other = make_user("elders@example.nl")
    StaffRole.objects.create(user=other, role=StaffRole.Role.CIVIL_SERVANT, municipality=roles.municipality,
                             district=District.objects.exclude(code="WK048909").filter(
                                 municipality=roles.municipality).first())
    proposal = proposal_in(roles, share_of(make_round(roles, workflow.REVIEW)))
    with pytest.raises(PermissionDenied):
        proposal_review(proposal=proposal, actor=other, target=workflow.FEASIBLE, cost=100)


def test_not_feasible_needs_a_public_reason(roles):
    proposal = proposal_in(roles, share_of(make_round(roles, workflow.REVIEW)))
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.NOT_FEASIBLE, reason="  ")
    assert exc.value.code == "reason_required"
    done = proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.NOT_FEASIBLE,
                           reason="Dit is grond van de provincie.")
    assert done.reason == "Dit is grond van de provincie."
    assert "budget.proposal_not_feasible" in events(roles.resident)


def test_a_cost_above_the_share_or_odd_is_refused(roles):
    proposal = proposal_in(roles, share_of(make_round(roles, workflow.REVIEW)))
    for cost in (50_001, 0, -1, 10**18):
        with pytest.raises(ValidationError) as exc:
            proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.FEASIBLE, cost=cost)
        assert "cost" in exc.value.message_dict


def test_admitted_only_with_the_portfolio_holders_current_advice(roles):
    share = share_of(make_round(roles, workflow.REVIEW))
    proposal = proposal_in(roles, share, workflow.FEASIBLE)
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=roles.administrator, target=workflow.ADMITTED)
    assert exc.value.code == "advice_missing"
    item = item_transition(item=proposal.item, actor=roles.civil_servant, target=item_workflow.UNDER_CONSIDERATION)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Kan dit?")
    with pytest.raises(ValidationError):  # asked, not answered yet
        proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.ADMITTED)
    assert "item.advice_requested" in events(roles.portfolio_holder)  # the Sport alderman knows before the vote
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Prima.")
    done = proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.ADMITTED)
    assert done.status == workflow.ADMITTED
    assert selectors.ballot_proposals(share) == [done]
    assert "budget.proposal_admitted" in events(roles.resident)


def test_advice_from_before_a_merged_request_no_longer_counts(roles):
    share = share_of(make_round(roles, workflow.REVIEW))
    into = proposal_in(roles, share, workflow.ADMITTED)  # advice answered in its current round
    Proposal.objects.filter(pk=into.pk).update(status=workflow.FEASIBLE)
    duplicate = proposal_in(roles, share, workflow.SUBMITTED, title="Voetbalkooi", author=roles.other_resident)
    proposal_review(proposal=duplicate, actor=roles.civil_servant, target=workflow.MERGED, into=into,
                    reason="Hetzelfde plan.")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == into and duplicate.item.merged_into == into.item
    assert "budget.proposal_merged" in events(roles.other_resident)
    with pytest.raises(ValidationError) as exc:  # the merged request must be advised on again
        proposal_review(proposal=into, actor=roles.civil_servant, target=workflow.ADMITTED)
    assert exc.value.code == "advice_missing"


def test_a_merge_needs_a_target_of_the_same_share(roles):
    share = share_of(make_round(roles, workflow.REVIEW))
    proposal = proposal_in(roles, share)
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.MERGED, reason="Dubbel.")
    assert "into" in exc.value.message_dict
    with pytest.raises(ValidationError):
        proposal_review(proposal=proposal, actor=roles.civil_servant, target=workflow.MERGED, reason="Dubbel.",
                        into=proposal)


def test_no_review_once_voting_opened(roles):
    share = share_of(make_round(roles, workflow.VOTING))
    proposal = proposal_in(roles, share, workflow.ADMITTED)
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=roles.administrator, target=workflow.FEASIBLE)
    assert exc.value.code == "phase_closed"
    with pytest.raises(ValidationError) as exc:
        proposal_review(proposal=proposal, actor=roles.administrator, target=workflow.SELECTED)
    assert exc.value.code == "count_only"


def test_the_author_withdraws_their_own_and_nobody_elses(roles):
    share = share_of(make_round(roles))
    proposal = submitted(roles, share)
    with pytest.raises(PermissionDenied):
        proposal_withdraw(proposal=proposal, actor=roles.other_resident)
    assert proposal_withdraw(proposal=proposal, actor=roles.resident).status == workflow.WITHDRAWN


@pytest.mark.parametrize("selected", [True, False])
def test_the_count_moves_proposal_and_item_and_tells_supporters(roles, selected):
    share = share_of(make_round(roles, workflow.VOTING))
    proposal = proposal_in(roles, share, workflow.ADMITTED)
    engagement.item_support(item=proposal.item, user=roles.other_resident)
    done = proposal_count_outcome(proposal=proposal, selected=selected, explanation="Gekozen in ronde 3.")
    done.item.refresh_from_db()
    assert done.status == (workflow.SELECTED if selected else workflow.NOT_SELECTED)
    assert done.item.status == (item_workflow.ACCEPTED if selected else item_workflow.DECLINED)
    assert done.changes.last().reason == "Gekozen in ronde 3."
    assert f"budget.proposal_{done.status}" in events(roles.other_resident)
    assert proposal_count_outcome(proposal=done, selected=selected, explanation="x") == done  # once


def test_realisation_moves_forward_with_photos_and_the_item_follows(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    share = share_of(make_round(roles, workflow.VOTING))
    proposal = proposal_count_outcome(proposal=proposal_in(roles, share, workflow.ADMITTED), selected=True,
                                      explanation="Gekozen.")
    with pytest.raises(ValidationError):  # not begun yet
        realisation_update(proposal=proposal, actor=roles.civil_servant, status=workflow.DONE, text="Klaar")
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "green").save(buffer, "JPEG")
    buffer.seek(0)
    with pytest.raises(ValidationError) as exc:
        realisation_update(proposal=proposal, actor=roles.civil_servant, status=workflow.IN_PROGRESS, text="Start",
                           photo=buffer)
    assert "alt_text" in exc.value.message_dict
    update = realisation_update(proposal=proposal, actor=roles.civil_servant, status=workflow.IN_PROGRESS,
                                text="De schop gaat erin.", photo=buffer, alt_text="Graafmachine op het veld")
    assert update.photo and selectors.realisation_status(proposal) == workflow.IN_PROGRESS
    proposal.item.refresh_from_db()
    assert proposal.item.status == item_workflow.IN_PROGRESS
    assert "budget.realisation" in events(roles.resident)
    realisation_update(proposal=proposal, actor=roles.district_alderman, status=workflow.DONE, text="Open!")
    proposal.item.refresh_from_db()
    assert proposal.item.status == item_workflow.DONE
    with pytest.raises(ValidationError):
        realisation_update(proposal=proposal, actor=roles.civil_servant, status=workflow.IN_PROGRESS, text="Terug")
    rows = selectors.district_realisations(district=share.district)
    assert (proposal, workflow.DONE) in [(r.proposal, r.status) for r in rows]


def test_realisation_only_for_selected_and_only_by_the_team(roles):
    share = share_of(make_round(roles, workflow.VOTING))
    admitted = proposal_in(roles, share, workflow.ADMITTED)
    with pytest.raises(ValidationError):
        realisation_update(proposal=admitted, actor=roles.civil_servant, status=workflow.PLANNED, text="Nog niet")
    selected = proposal_count_outcome(proposal=admitted, selected=True, explanation="Gekozen.")
    for who in NOT_STAFF:
        with pytest.raises(PermissionDenied):
            realisation_update(proposal=selected, actor=getattr(roles, who), status=workflow.PLANNED, text="Hoi")
    with pytest.raises(ValidationError) as exc:
        realisation_update(proposal=selected, actor=roles.civil_servant, status=workflow.PLANNED, text="x",
                           photo=io.BytesIO(b"not an image"), alt_text="iets")
    assert "photo" in exc.value.message_dict


def test_the_same_form_sent_twice_gives_one_proposal(roles):
    import uuid

    share = share_of(make_round(roles))
    key = uuid.uuid4()
    first = submitted(roles, share, submission_key=key)
    assert submitted(roles, share, submission_key=key) == first
    assert Proposal.objects.filter(share=share).count() == 1


def test_followers_of_admitted_proposals_are_told_when_voting_opens(roles):
    import datetime as dt

    from django.utils import timezone

    from wijkgericht.budgets.models import Round
    from wijkgericht.budgets.services.rounds import round_tick

    round = make_round(roles, workflow.REVIEW)
    admitted = proposal_in(roles, share_of(round), workflow.ADMITTED)
    proposal_in(roles, share_of(round), workflow.FEASIBLE, title="Nog niet op het biljet",
                author=roles.other_resident)
    Round.objects.filter(pk=round.pk).update(voting_from=timezone.localdate() - dt.timedelta(days=1))
    round.refresh_from_db()
    assert round_tick(round).phase == workflow.VOTING
    assert events(roles.resident).count("budget.voting_open") == 1
    assert "budget.voting_open" not in events(roles.other_resident)
    told = Notification.objects.get(event="budget.voting_open", recipient=roles.resident)
    assert told.params["title"] == admitted.item.title


def test_when_voting_has_closed_the_tick_publishes_the_result(roles):
    import datetime as dt

    from django.utils import timezone

    from wijkgericht.budgets.models import Round
    from wijkgericht.budgets.services.rounds import round_tick

    round = make_round(roles, workflow.VOTING)
    proposal = proposal_in(roles, share_of(round), workflow.ADMITTED)
    Round.objects.filter(pk=round.pk).update(voting_until=timezone.localdate() - dt.timedelta(days=1))
    round.refresh_from_db()
    ticked = round_tick(round)
    assert ticked.result_published_at is not None and ticked.phase == workflow.RESULT
    proposal.refresh_from_db()
    assert proposal.status in (workflow.SELECTED, workflow.NOT_SELECTED)
