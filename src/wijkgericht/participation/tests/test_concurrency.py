"""Every "once per person" rule of participation under twenty simultaneous requests of one person (issue #10), on
PostgreSQL with one connection per thread: support, follow, a reaction sent twice, the same submission form, "is het
opgelost?", the portfolio holder's advice and a moderator's decision. The same bursts through a real server, on
SQLite and PostgreSQL, are in tests/test_burst_server.py."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from wijkgericht.core.tests.concurrency import all_at_once, postgres_only
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import engagement, workflow
from wijkgericht.participation.models import AdviceRequest, Comment, Follow, Item, SolvedFeedback, Support
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.testing import make_user, submit

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]
SAME = 20


def _published(roles, **extra) -> Item:
    return item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)


def test_twenty_identical_supports_at_once_count_once(roles):
    item = _published(roles)
    me = roles.other_resident
    results, errors = all_at_once([lambda: engagement.item_support(item=item, user=me)] * SAME)
    assert errors == []
    assert sorted(results) == [False] * (SAME - 1) + [True]
    assert Support.objects.filter(item=item).count() == 1
    assert Follow.objects.filter(item=item, user=me).count() == 1


def test_fifty_residents_supporting_at_once_each_count(roles):
    item = _published(roles)
    people = [make_user(f"steun{n}@example.nl") for n in range(50)]
    _results, errors = all_at_once([lambda u=u: engagement.item_support(item=item, user=u) for u in people])
    assert errors == []
    assert Support.objects.filter(item=item).count() == 50


def test_twenty_identical_follows_at_once_make_one_follow(roles):
    item = _published(roles)
    _results, errors = all_at_once([lambda: engagement.item_follow(item=item, user=roles.other_resident)] * SAME)
    assert errors == []
    assert Follow.objects.filter(item=item, user=roles.other_resident).count() == 1


def test_the_same_reaction_sent_twenty_times_at_once_is_stored_once(roles):
    """The defect of issue #10: twenty parallel identical comment POSTs stored nineteen duplicates."""
    item = _published(roles)
    results, errors = all_at_once([lambda: engagement.comment_post(item=item, author=roles.other_resident,
                                                                   body="Goed plan!")] * SAME)
    assert errors == []
    assert Comment.objects.filter(item=item).count() == 1
    assert {c.pk for c in results} == {Comment.objects.get(item=item).pk}
    assert Notification.objects.filter(event="comment.pending", recipient=roles.moderator).count() == 1


def test_different_reactions_at_once_are_all_kept(roles):
    item = _published(roles)
    _results, errors = all_at_once([lambda n=n: engagement.comment_post(item=item, author=roles.other_resident,
                                                                        body=f"Punt {n}") for n in range(10)])
    assert errors == []
    assert Comment.objects.filter(item=item).count() == 10


def test_the_same_submission_form_twenty_times_at_once_files_one_item(roles):
    key = uuid.uuid4()
    results, errors = all_at_once([lambda: submit(roles, submission_key=key)] * SAME)
    assert errors == []
    assert Item.objects.filter(submission_key=key).count() == 1
    assert {i.pk for i in results} == {Item.objects.get(submission_key=key).pk}


def test_is_it_solved_answered_twenty_times_at_once_counts_once(roles):
    item = _published(roles, needs_decision=False)
    for target in (workflow.UNDER_CONSIDERATION, workflow.ACCEPTED, workflow.IN_PROGRESS, workflow.DONE):
        item = item_transition(item=item, actor=None, target=target, reason="Gedaan.")
    _results, errors = all_at_once([lambda: engagement.solved_answer(item=item, user=roles.resident,
                                                                     solved=True)] * SAME)
    assert SolvedFeedback.objects.filter(item=item).count() == 1
    assert len(errors) == SAME - 1 and all(isinstance(e, ValidationError) for e in errors)


def test_advice_answered_twenty_times_at_once_is_answered_once(roles):
    item = item_transition(item=_published(roles), actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Past dit in het sportbeleid?")
    _results, errors = all_at_once([lambda: advice_answer(advice=advice, actor=roles.portfolio_holder,
                                                          answer="agree", reasoning="Past.")] * SAME)
    assert len(errors) == SAME - 1 and all(isinstance(e, ValidationError) for e in errors)
    advice.refresh_from_db()
    assert advice.answer == "agree"
    assert AdviceRequest.objects.filter(item=item).exclude(answer="").count() == 1


def test_a_reaction_moderated_twenty_times_at_once_is_decided_once(roles):
    comment = engagement.comment_post(item=_published(roles), author=roles.other_resident, body="Mooi!")
    _results, errors = all_at_once([lambda: engagement.comment_moderate(comment=comment, actor=roles.moderator,
                                                                        approve=True)] * SAME)
    assert len(errors) == SAME - 1 and all(isinstance(e, ValidationError) for e in errors)
    told = Counter(Notification.objects.filter(event="comment.published").values_list("recipient_id", flat=True))
    assert told[roles.other_resident.pk] == 1


def test_an_advice_answered_while_a_request_is_merged_in_waits_for_the_merge(roles, monkeypatch):
    """While a merge (holding both items' rows) lapses a pending advice and tells the holder so, the holder's answer
    must not be stored in the old round. It waits: advice_answer's SELECT … FOR UPDATE joins the item
    (select_related) and so locks the item's row too; taking only the advice row (`of=("self",)`) would let the
    answer through, and residents would be told of an advice the holder was just told had lapsed."""
    import threading

    from django.db import connection

    from wijkgericht.participation import services
    from wijkgericht.participation.services import item_merge

    def considered(**extra) -> Item:
        return item_transition(item=_published(roles, **extra), actor=roles.civil_servant,
                               target=workflow.UNDER_CONSIDERATION)

    item = considered(amount_requested=1000)
    other = considered(title="Tribune erbij", amount_requested=40000)
    pending = advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
    merging, release = threading.Event(), threading.Event()
    notify = services.notify

    def notify_slowly(*, event: str, **kwargs):
        if event == "item.advice_withdrawn":  # inside the merge's transaction, its rows locked
            merging.set()
            release.wait(10)
        return notify(event=event, **kwargs)

    monkeypatch.setattr(services, "notify", notify_slowly)
    outcome: dict[str, object] = {}

    def merge() -> None:
        try:
            item_merge(duplicate=other, into=item, actor=roles.district_alderman)
        finally:
            connection.close()

    def answer() -> None:
        merging.wait(10)
        try:
            outcome["answer"] = advice_answer(advice=pending, actor=roles.portfolio_holder, answer="agree",
                                              reasoning="Prima")
        except ValidationError as refused:
            outcome["answer"] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=merge), threading.Thread(target=answer)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout=2)
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    pending.refresh_from_db()
    assert pending.answer == "" and isinstance(outcome["answer"], ValidationError), outcome
