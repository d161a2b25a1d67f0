"""A reaction sent twice (double click, resent form) is stored once; a reaction meant twice is not lost (issue #10).
Runs on every database; the simultaneous case is in test_concurrency.py and tests/test_burst_server.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wijkgericht.core.double_submit import DOUBLE_SUBMIT_WINDOW
from wijkgericht.participation import engagement, workflow
from wijkgericht.participation.models import Comment
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(roles):
    return item_transition(item=submit(roles), actor=roles.moderator, target=workflow.PUBLISHED)


def test_the_same_reaction_sent_again_gives_back_the_first(roles, item):
    first = engagement.comment_post(item=item, author=roles.other_resident, body="Goed plan!")
    again = engagement.comment_post(item=item, author=roles.other_resident, body="  Goed plan!  ")
    assert again.pk == first.pk
    assert Comment.objects.filter(item=item).count() == 1


def test_other_text_another_resident_or_a_later_moment_is_a_new_reaction(roles, item):
    first = engagement.comment_post(item=item, author=roles.other_resident, body="Goed plan!")
    engagement.comment_post(item=item, author=roles.other_resident, body="En ook een bankje graag.")
    engagement.comment_post(item=item, author=roles.resident, body="Goed plan!")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - DOUBLE_SUBMIT_WINDOW)
    engagement.comment_post(item=item, author=roles.other_resident, body="Goed plan!")
    assert Comment.objects.filter(item=item).count() == 4


def test_a_rejected_reaction_can_be_sent_again(roles, item):
    first = engagement.comment_post(item=item, author=roles.other_resident, body="Goed plan!")
    engagement.comment_moderate(comment=first, actor=roles.moderator, approve=False, reason="Dubbel.")
    again = engagement.comment_post(item=item, author=roles.other_resident, body="Goed plan!")
    assert again.pk != first.pk and again.status == Comment.Status.PENDING
