"""The first answer and first decision kept on the item (Item.first_answer_at, first_decision_at, read by the
evaluation): set by item_transition in the same transaction as the status change, never moved by a reopening or a
second decision, recomputed from the history by item_moments_refresh, and back-filled the same way by the
migration that added them."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from wijkgericht.participation import engagement, workflow
from wijkgericht.participation.models import Item, StatusChange
from wijkgericht.participation.services import (
    advice_answer,
    advice_request,
    item_moments_refresh,
    item_transition,
)
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _moment(item: Item, target: str) -> dt.datetime:
    return StatusChange.objects.filter(item=item, target=target).order_by("created_at").first().created_at


def _decided_reopened_and_decided_again(roles) -> Item:
    item = item_transition(item=submit(roles), actor=roles.moderator,
                           target=workflow.PUBLISHED)
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    for _round in range(2):
        advice = advice_request(item=item, actor=roles.civil_servant, question="Kan dit?")
        advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Past in het beleid")
        item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja")
        if _round == 0:
            item = item_transition(item=item, actor=roles.civil_servant, target=workflow.IN_PROGRESS)
            item = item_transition(item=item, actor=roles.civil_servant, target=workflow.DONE, public_note="Klaar")
            engagement.solved_answer(item=item, user=roles.resident, solved=False, comment="Nog niet goed.")
            item.refresh_from_db()
            item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    return item


def test_the_workflow_stores_the_first_answer_and_first_decision(roles):
    item = submit(roles, needs_decision=False)
    assert (item.first_answer_at, item.first_decision_at) == (None, None)
    item = item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
    item.refresh_from_db()
    assert (item.first_answer_at, item.first_decision_at) == (None, None)  # publishing is no answer
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    item.refresh_from_db()
    assert item.first_answer_at == _moment(item, workflow.UNDER_CONSIDERATION)
    assert item.first_decision_at is None
    item_transition(item=item, actor=roles.district_alderman, target=workflow.DECLINED, reason="Past niet")
    item.refresh_from_db()
    assert item.first_decision_at == _moment(item, workflow.DECLINED)
    assert item.first_answer_at == _moment(item, workflow.UNDER_CONSIDERATION)  # unchanged by the decision


def test_a_reopening_and_a_second_decision_keep_the_first_moments(roles):
    item = _decided_reopened_and_decided_again(roles)
    item.refresh_from_db()
    accepted = list(StatusChange.objects.filter(item=item, target=workflow.ACCEPTED).order_by("created_at")
                    .values_list("created_at", flat=True))
    assert len(accepted) == 2 and StatusChange.objects.filter(item=item, target=workflow.REOPENED).exists()
    assert item.first_decision_at == accepted[0]
    assert item.first_answer_at == _moment(item, workflow.UNDER_CONSIDERATION)


def test_refresh_recomputes_the_moments_from_a_rewritten_history(roles):
    item = _decided_reopened_and_decided_again(roles)
    stored = Item.objects.filter(pk=item.pk).values_list("first_answer_at", "first_decision_at").get()
    Item.objects.filter(pk=item.pk).update(first_answer_at=None, first_decision_at=None)
    assert item_moments_refresh(Item.objects.filter(pk=item.pk)) == 1
    assert Item.objects.filter(pk=item.pk).values_list("first_answer_at", "first_decision_at").get() == stored
    # History back-dated by hand (as the demo does): the second decision is now the first.
    earlier = timezone.now() - dt.timedelta(days=400)
    last = StatusChange.objects.filter(item=item, target=workflow.ACCEPTED).order_by("created_at").last()
    StatusChange.objects.filter(pk=last.pk).update(created_at=earlier)
    item_moments_refresh(Item.objects.filter(pk=item.pk))
    item.refresh_from_db()
    assert item.first_decision_at == earlier and item.first_answer_at == earlier  # accepted is an answer too


def test_the_migration_back_fills_the_moments_from_the_history(roles):
    answered = _decided_reopened_and_decided_again(roles)
    published = item_transition(item=submit(roles, title="Alleen gepubliceerd"), actor=roles.moderator,
                                target=workflow.PUBLISHED)
    stored = dict(Item.objects.filter(pk__in=[answered.pk, published.pk])
                  .values_list("pk", "first_answer_at"))
    Item.objects.update(first_answer_at=timezone.now(), first_decision_at=None)  # as if never set (or wrong)
    migration = importlib.import_module("wijkgericht.participation.migrations.0008_item_first_moments")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)
    again = {row[0]: row[1:] for row in Item.objects.filter(pk__in=[answered.pk, published.pk])
             .values_list("pk", "first_answer_at", "first_decision_at")}
    assert again[answered.pk] == (stored[answered.pk], _moment(answered, workflow.ACCEPTED))
    assert again[published.pk] == (None, None)
    assert set(migration.ANSWERS) == workflow.ANSWERS and set(migration.DECISIONS) == workflow.DECISIONS
