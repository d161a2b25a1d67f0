"""The coordination rule, as workflow.py states it: a decision on an item that asks for money or a decision needs an
advice requested and answered after the item last entered consideration (published, reopened, or a request merged
in). The two ways around it that an attack found (#10) are tried through the services and through the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import engagement, selectors, workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange
from wijkgericht.participation.services import advice_answer, advice_request, item_merge, item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _considered(roles, **extra) -> Item:
    item = item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)
    return item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)


def _advised(roles, item: Item) -> AdviceRequest:
    advice = advice_request(item=item, actor=roles.civil_servant, question="Kan dit?")
    return advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Past in het beleid")


def _reopened(roles, **extra) -> Item:
    """A money item that was advised on, decided, carried out, done — and reopened by its submitter."""
    item = _considered(roles, **extra)
    _advised(roles, item)
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.IN_PROGRESS)
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.DONE, public_note="Klaar")
    engagement.solved_answer(item=item, user=roles.resident, solved=False, comment="Het doel staat er nog niet.")
    item.refresh_from_db()
    assert item.status == workflow.REOPENED
    return item


def test_a_reopened_item_is_not_decided_again_on_the_advice_given_before(roles):
    item = item_transition(item=_reopened(roles), actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Nog eens ja")
    _advised(roles, item)  # asked and answered again, after the reopening
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Nog eens ja")
    assert item.status == workflow.ACCEPTED


def test_a_request_merged_into_a_reopened_item_needs_its_own_advice_and_keeps_its_amount(roles):
    reopened = _reopened(roles, amount_requested=Decimal("2500"))
    million = _considered(roles, title="Nieuw sportpark", amount_requested=Decimal("1000000"))
    item_merge(duplicate=million, into=reopened, actor=roles.civil_servant, reason="Zelfde plek")
    reopened.refresh_from_db()
    million.refresh_from_db()
    # Both requests are kept as their submitters made them, and shown together.
    assert reopened.amount_requested == Decimal("2500") and million.amount_requested == Decimal("1000000")
    asked = selectors.requested(item=reopened)
    assert asked.merged == (million,) and asked.total == Decimal("1002500")
    assert "Nieuw sportpark" in StatusChange.objects.filter(item=reopened).last().public_note
    item = item_transition(item=reopened, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
    advice = advice_request(item=item, actor=roles.civil_servant, question="En nu samen?")
    told = Notification.objects.filter(recipient=roles.portfolio_holder, event="item.advice_requested").order_by("pk").last()
    assert "1.002.500" in told.params["requested"]  # the Sport alderman sees the whole amount
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer="object", reasoning="Te duur")
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.DECLINED, reason="Te duur")
    assert item.status == workflow.DECLINED


def test_a_request_merged_during_coordination_lapses_the_pending_advice(roles):
    item = _considered(roles, amount_requested=Decimal("800"))
    pending = advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    other = _considered(roles, title="Tribune erbij", amount_requested=Decimal("40000"))
    item_merge(duplicate=other, into=item, actor=roles.district_alderman)
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION  # back to the team, who ask again about the whole
    inbox = [entry.advice for entry in selectors.advice_inbox(scope=_scope(roles.portfolio_holder))]
    assert pending not in inbox
    assert Notification.objects.filter(recipient=roles.portfolio_holder, event="item.advice_withdrawn").exists()
    with pytest.raises(ValidationError, match="vervallen"):
        advice_answer(advice=pending, actor=roles.portfolio_holder, answer="agree", reasoning="Prima")
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
    _advised(roles, item)
    assert item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED,
                           reason="Ja").status == workflow.ACCEPTED


def test_a_request_merged_after_the_advice_was_answered_needs_a_new_one(roles):
    item = _considered(roles)
    _advised(roles, item)
    other = _considered(roles, title="Ook lichtmasten", amount_requested=Decimal("12000"))
    item_merge(duplicate=other, into=item, actor=roles.district_alderman)
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
    assert item not in [e.item for e in selectors.district_inbox(scope=_scope(roles.civil_servant))
                        if e.advice is not None]


def test_a_plain_duplicate_does_not_reopen_the_need_for_advice(roles):
    item = _considered(roles)
    _advised(roles, item)
    plain = _considered(roles, title="Zelfde idee", needs_decision=False)
    item_merge(duplicate=plain, into=item, actor=roles.district_alderman)
    item.refresh_from_db()
    assert item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED,
                           reason="Ja").status == workflow.ACCEPTED


def _scope(user):
    from wijkgericht.accounts.roles import user_scope

    return user_scope(user)


# --- through the pages, as the resident and the district alderman click ---------------------------------------

def test_reopen_then_decide_on_old_advice_is_refused_on_the_desk(client, roles):
    item = _considered(roles)
    _advised(roles, item)
    for target, actor in ((workflow.ACCEPTED, roles.district_alderman), (workflow.IN_PROGRESS, roles.civil_servant),
                          (workflow.DONE, roles.civil_servant)):
        item = item_transition(item=item, actor=actor, target=target, reason="Ja")
    client.force_login(roles.resident)
    client.post(f"/inbreng/{item.pk}/opgelost/", {"solved": "no", "comment": "Het doel ontbreekt nog."})
    item.refresh_from_db()
    assert item.status == workflow.REOPENED
    desk = f"/werkplek/inbreng/{item.pk}/"
    sign_in_verified(client, roles.district_alderman)
    client.post(desk, {"action": "transition", "stap-target": workflow.UNDER_CONSIDERATION})
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION
    assert 'value="accepted"' not in client.get(desk).content.decode()  # not offered: no advice since reopening
    response = client.post(desk, {"action": "transition", "stap-target": workflow.ACCEPTED, "stap-reason": "Ja"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION


def test_merge_on_the_desk_carries_the_request_and_blocks_the_decision(client, roles):
    item = _reopened(roles, amount_requested=Decimal("2500"))
    million = _considered(roles, title="Nieuw sportpark", amount_requested=Decimal("1000000"))
    sign_in_verified(client, roles.civil_servant)
    client.post(f"/werkplek/inbreng/{million.pk}/", {"action": "merge", "samenvoegen-into": item.pk,
                                                      "samenvoegen-reason": "Zelfde plek"})
    million.refresh_from_db()
    assert million.merged_into_id == item.pk
    desk = f"/werkplek/inbreng/{item.pk}/"
    client.post(desk, {"action": "transition", "stap-target": workflow.UNDER_CONSIDERATION})
    page = client.get(desk).content.decode()
    assert "Nieuw sportpark" in page and "1.000.000" in page and "1.002.500" in page
    sign_in_verified(client, roles.district_alderman)
    response = client.post(desk, {"action": "transition", "stap-target": workflow.ACCEPTED, "stap-reason": "Ja"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION
    public = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert "1.002.500" in public  # residents see that a request joined, and the sum


def test_an_unmoderated_request_merged_in_keeps_its_title_off_the_public_timeline(roles):
    item = _considered(roles)
    unmoderated = submit(roles, title="Geheime naam van de buurman", amount_requested=Decimal("300"))
    item_merge(duplicate=unmoderated, into=item, actor=roles.moderator)
    note = StatusChange.objects.filter(item=item).order_by("pk").last().public_note
    assert "Geheime naam" not in note and "300" in note


def test_existing_histories_get_their_rounds_on_migration(roles):
    """The data migration replays history: advice given before a reopening stops counting on upgrade."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("wijkgericht.participation.migrations.0004_consideration_rounds")
    reopened = item_transition(item=_reopened(roles), actor=roles.civil_servant,
                               target=workflow.UNDER_CONSIDERATION)
    merged_into = _considered(roles, title="Ontvangt een verzoek")
    item_merge(duplicate=_considered(roles, title="Verzoek"), into=merged_into, actor=roles.moderator)
    expected = dict(Item.objects.values_list("pk", "consideration_round"))
    advice_expected = dict(AdviceRequest.objects.values_list("pk", "round"))
    Item.objects.update(consideration_round=0)
    AdviceRequest.objects.update(round=0)
    migration.rounds_from_history(apps, None)
    assert dict(Item.objects.values_list("pk", "consideration_round")) == expected
    assert dict(AdviceRequest.objects.values_list("pk", "round")) == advice_expected
    assert expected[reopened.pk] == 2 and expected[merged_into.pk] == 2
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=reopened, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")


def test_a_merged_submission_leaves_the_moderation_queue_and_the_desk_offers_it_no_steps(client, roles):
    """A merged duplicate can no longer be moved (its request lives on in the other item), so it must not wait in
    the moderators' queue, nor be offered 'publish' or 'reject' on its desk, each of which could only be refused."""
    item = _considered(roles)
    unmoderated = submit(roles, title="Dubbele melding", amount_requested=Decimal("300"))
    item_merge(duplicate=unmoderated, into=item, actor=roles.moderator)
    queue, _comments = selectors.moderation_queue(scope=_scope(roles.moderator))
    assert unmoderated.pk not in [i.pk for i in queue]
    sign_in_verified(client, roles.moderator)
    page = client.get(f"/werkplek/inbreng/{unmoderated.pk}/").content.decode()
    assert f'value="{workflow.PUBLISHED}"' not in page and f'value="{workflow.REJECTED}"' not in page


def test_an_item_left_in_coordination_without_a_current_advice_can_go_back_to_the_team(client, roles):
    """The data migration gives an item that received a request (before the upgrade) while its advice was pending a
    new round: its advice lapsed, but it stayed in coordination, where advice cannot be asked again nor a decision
    taken. The desk offers to take it back to the team, as the merge itself now does."""
    item = _considered(roles, amount_requested=Decimal("800"))
    advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    Item.objects.filter(pk=item.pk).update(consideration_round=item.consideration_round + 1)  # as migrated
    sign_in_verified(client, roles.civil_servant)
    desk = f"/werkplek/inbreng/{item.pk}/"
    assert f'value="{workflow.UNDER_CONSIDERATION}"' in client.get(desk).content.decode()
    client.post(desk, {"action": "transition", "stap-target": workflow.UNDER_CONSIDERATION})
    item.refresh_from_db()
    assert item.status == workflow.UNDER_CONSIDERATION
    _advised(roles, item)
    assert item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED,
                           reason="Ja").status == workflow.ACCEPTED


def test_requests_passed_on_through_a_merged_item_are_listed_once(roles):
    """X asked nothing itself but received Z's request; X then joins Y: Y lists Z's request, not X as another."""
    y = _considered(roles, title="Y", amount_requested=Decimal("1000"))
    x = _considered(roles, title="X", needs_decision=False)
    z = _considered(roles, title="Z", amount_requested=Decimal("500"))
    item_merge(duplicate=z, into=x, actor=roles.moderator)
    x.refresh_from_db()
    assert x.needs_decision and not x.asks_itself
    item_merge(duplicate=x, into=y, actor=roles.moderator)
    asked = selectors.requested(item=y)
    assert [i.title for i in asked.merged] == ["Z"] and asked.total == Decimal("1500")


def test_the_timeline_says_when_an_advice_no_longer_counts(client, roles):
    """Residents and the team read that the advice given before the reopening does not cover the next decision."""
    item = _reopened(roles)
    lapsed = "Telt niet meer voor een besluit"
    public = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert lapsed in public
    sign_in_verified(client, roles.civil_servant)
    assert lapsed in client.get(f"/werkplek/inbreng/{item.pk}/").content.decode()
    fresh = _considered(roles, title="Net in behandeling")
    _advised(roles, fresh)
    assert lapsed not in client.get(f"/werkplek/inbreng/{fresh.pk}/").content.decode()
