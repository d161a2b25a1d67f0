"""Support, following, moderated comments, merging duplicates, "is it solved?", and who gets told."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wijkgericht.accounts.roles import user_scope
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import engagement, selectors, workflow
from wijkgericht.participation.models import Comment, Follow, Item, StatusChange, Support
from wijkgericht.participation.services import advice_answer, advice_request, item_merge, item_transition
from wijkgericht.participation.testing import make_user, point_in, submit

pytestmark = pytest.mark.django_db


def published(roles, **extra) -> Item:
    item = submit(roles, **extra)
    return item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)


def events(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("event", flat=True))


def test_submitting_tells_the_district_team_and_moderators_not_others(roles):
    submit(roles)
    for user in (roles.district_alderman, roles.civil_servant, roles.moderator):
        assert events(user) == ["item.submitted"]
    for user in (roles.portfolio_holder, roles.resident, roles.administrator):
        assert "item.submitted" not in events(user)


def test_support_once_per_resident_and_it_follows(roles):
    item = published(roles)
    assert engagement.item_support(item=item, user=roles.other_resident) is True
    assert engagement.item_support(item=item, user=roles.other_resident) is False
    assert Support.objects.filter(item=item).count() == 1
    assert Follow.objects.filter(item=item, user=roles.other_resident).exists()
    engagement.item_unsupport(item=item, user=roles.other_resident)
    assert not Support.objects.filter(item=item).exists()


def test_support_is_refused_for_own_unpublished_closed_items_and_unverified_accounts(roles):
    item = submit(roles)
    with pytest.raises(ValidationError):
        engagement.item_support(item=item, user=roles.other_resident)  # not yet public
    item = item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
    with pytest.raises(ValidationError):
        engagement.item_support(item=item, user=roles.resident)  # own item
    unverified = make_user("nieuw@example.nl")
    unverified.email_verified_at = None
    unverified.save()
    with pytest.raises(PermissionDenied):
        engagement.item_support(item=item, user=unverified)


def test_comments_are_public_only_after_moderation(roles):
    item = published(roles)
    comment = engagement.comment_post(item=item, author=roles.other_resident, body="<script>alert(1)</script> Goed!")
    assert comment.status == Comment.Status.PENDING and comment.body.startswith("<script>")  # stored as text
    assert list(selectors.public_comments(item=item)) == []
    assert "comment.pending" in events(roles.moderator)
    with pytest.raises(PermissionDenied):
        engagement.comment_moderate(comment=comment, actor=roles.portfolio_holder, approve=True)
    with pytest.raises(ValidationError):
        engagement.comment_moderate(comment=comment, actor=roles.moderator, approve=False)  # reason required
    engagement.comment_moderate(comment=comment, actor=roles.moderator, approve=True)
    assert list(selectors.public_comments(item=item)) == [comment]
    assert "comment.approved" in events(roles.resident)  # the submitter: a new reaction on their item
    # the writer is told their reaction is placed, never "there is a new reaction" about their own (issue #14)
    assert "comment.published" in events(roles.other_resident)
    assert "comment.approved" not in events(roles.other_resident)
    with pytest.raises(ValidationError):
        engagement.comment_moderate(comment=comment, actor=roles.moderator, approve=False, reason="te laat")


def test_rejection_reason_goes_to_the_submitter_only(roles):
    item = submit(roles)
    with pytest.raises(ValidationError):
        item_transition(item=item, actor=roles.moderator, target=workflow.REJECTED)
    item_transition(item=item, actor=roles.moderator, target=workflow.REJECTED, reason="Dit is een klacht over "
                    "een buurman; daarvoor is de wijkagent er.")
    note = Notification.objects.get(recipient=roles.resident, event="item.rejected")
    assert "wijkagent" in note.params["reason"]
    assert selectors.public_item(district=item.district, item_id=item.pk) is None


def test_merging_carries_supporters_and_followers_over(roles):
    original = published(roles)
    duplicate = published(roles, author=roles.other_resident, title="Voetbalkooi bij school")
    fan = make_user("fan@example.nl")
    both = make_user("beide@example.nl")
    for user in (fan, both):
        engagement.item_support(item=duplicate, user=user)
    engagement.item_support(item=original, user=both)
    with pytest.raises(PermissionDenied):
        item_merge(duplicate=duplicate, into=original, actor=roles.portfolio_holder)
    item_merge(duplicate=duplicate, into=original, actor=roles.civil_servant, reason="Zelfde plek")
    assert set(Support.objects.filter(item=original).values_list("user__email", flat=True)) == {
        "fan@example.nl", "beide@example.nl"}
    assert Follow.objects.filter(item=original, user=roles.other_resident).exists()  # the duplicate's submitter
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert duplicate not in selectors.public_items(district=original.district)
    assert "item.merged" in events(fan)
    with pytest.raises(ValidationError):
        item_merge(duplicate=original, into=original, actor=roles.administrator)


def _done(roles, item: Item) -> Item:
    for target in (workflow.UNDER_CONSIDERATION,):
        item = item_transition(item=item, actor=roles.civil_servant, target=target)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Goed voor de wijk")
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.IN_PROGRESS)
    return item_transition(item=item, actor=roles.civil_servant, target=workflow.DONE, public_note="Geplaatst")


def test_not_solved_reopens_for_the_district_team(roles):
    item = _done(roles, published(roles))
    assert events(roles.resident)[-1] == "item.done"
    stranger = make_user("vreemde@example.nl")
    with pytest.raises(PermissionDenied):
        engagement.solved_answer(item=item, user=stranger, solved=False, comment="Nee")
    with pytest.raises(ValidationError):
        engagement.solved_answer(item=item, user=roles.resident, solved=False)  # say what is wrong
    engagement.solved_answer(item=item, user=roles.resident, solved=False, comment="Het hek ontbreekt nog.")
    item.refresh_from_db()
    assert item.status == workflow.REOPENED
    last = StatusChange.objects.filter(item=item).last()
    assert last.actor == roles.resident and "hek ontbreekt" not in last.public_note  # unmoderated: team only
    assert Notification.objects.get(recipient=roles.civil_servant, event="item.reopened").params["comment"] == (
        "Het hek ontbreekt nog.")
    assert "item.reopened" in events(roles.district_alderman) and "item.reopened" in events(roles.civil_servant)
    with pytest.raises(ValidationError):  # no longer done
        engagement.solved_answer(item=item, user=roles.resident, solved=True)


def test_solved_is_answered_once_per_done(roles):
    item = _done(roles, published(roles))
    engagement.solved_answer(item=item, user=roles.resident, solved=True)
    with pytest.raises(ValidationError):
        engagement.solved_answer(item=item, user=roles.resident, solved=True)


def test_coordination_notifies_portfolio_holder_then_team_and_residents(roles):
    item = published(roles)
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    advice = advice_request(item=item, actor=roles.district_alderman, question="Past dit bij het sportbeleid?")
    assert events(roles.portfolio_holder) == ["item.advice_requested"]
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer="conditions", reasoning="Als de club meedoet")
    assert "item.advice_answered" in events(roles.district_alderman)
    assert "item.advice_answered" in events(roles.resident)
    assert "item.advice_answered" not in events(roles.portfolio_holder)  # not told about their own answer


def test_similar_nearby_items_are_found_and_far_ones_not(roles):
    near = published(roles, title="Pannakooi bij de basisschool")
    lat, lon = near.lat, near.lon
    far = published(roles, neighbourhood="BU04890101", theme="verkeer", title="Pannakooi in het centrum")
    found = [item for item, _ in selectors.similar_nearby(municipality=roles.municipality, lat=lat + 0.0005,
                                                          lon=lon, title="pannakooi")]
    assert near in found and far not in found
    lat2, lon2 = point_in("BU04890101")
    assert near not in [i for i, _ in selectors.similar_nearby(municipality=roles.municipality, lat=lat2, lon=lon2)]


def test_district_inbox_and_advice_inbox_with_waiting_times(roles):
    item = published(roles)
    assert item in {e.item for e in selectors.district_inbox(scope=user_scope(roles.civil_servant))}
    assert item not in {e.item for e in selectors.district_inbox(scope=user_scope(roles.portfolio_holder))}
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    entries = selectors.advice_inbox(scope=user_scope(roles.portfolio_holder))
    assert entries[-1].item == item and entries[-1].waiting_days == 0  # the demo's older request waits longer
    assert [e.waiting_since for e in entries] == sorted(e.waiting_since for e in entries)
    assert item not in {e.item for e in selectors.district_inbox(scope=user_scope(roles.civil_servant))}


def test_merging_cannot_lead_around_the_coordination_rule(roles):
    """Review finding: merging a money request into an item without one, then deciding that, skipped the Sport
    alderman. The request for money travels with the merge, so the decision still waits for advice."""
    money = item_transition(item=published(roles), actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    plain = published(roles, title="Voetbalkooi", needs_decision=False)
    item_merge(duplicate=money, into=plain, actor=roles.district_alderman)
    plain.refresh_from_db()
    assert plain.needs_decision and selectors.requested(item=plain).merged == (money,)
    plain = item_transition(item=plain, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=plain, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")


def test_merging_is_refused_into_hidden_or_decided_items_and_across_portfolios(roles):
    rejected = item_transition(item=submit(roles, title="Afgewezen"), actor=roles.moderator,
                               target=workflow.REJECTED, reason="Persoonlijke gegevens")
    duplicate = published(roles, title="Dubbel")
    with pytest.raises(ValidationError, match="openbare inbreng"):
        item_merge(duplicate=duplicate, into=rejected, actor=roles.moderator)
    traffic = published(roles, title="Drempel", theme="verkeer")
    with pytest.raises(ValidationError, match="andere portefeuille"):
        item_merge(duplicate=duplicate, into=traffic, actor=roles.moderator)
    decided = item_transition(item=item_transition(item=published(roles, needs_decision=False), actor=None,
                                                   target=workflow.UNDER_CONSIDERATION),
                              actor=None, target=workflow.DECLINED, reason="Nee")
    with pytest.raises(ValidationError, match="al advies gevraagd of besloten"):
        item_merge(duplicate=decided, into=duplicate, actor=roles.moderator)
    assert not Notification.objects.filter(event="item.merged").exists()


def test_an_answered_advice_puts_the_item_back_on_the_teams_desk_since_the_answer(roles):
    """One query with the waiting time in the database (to page through 100,000 items), the same entries as before:
    an item in coordination appears once its current round's advice came back, waiting since that answer, with it."""
    item = item_transition(item=published(roles), actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    team = user_scope(roles.civil_servant)
    assert item not in {e.item for e in selectors.district_inbox(scope=team)}  # waiting for the portfolio holder
    answered = advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Goed")
    entries = {e.item: e for e in selectors.district_inbox(scope=team)}
    assert entries[item].advice == answered and entries[item].waiting_since == answered.answered_at
    assert list(entries.values()) == sorted(entries.values(), key=lambda e: (e.waiting_since, e.item.pk))
    assert len(entries) == selectors.district_inbox_items(scope=team).count()
