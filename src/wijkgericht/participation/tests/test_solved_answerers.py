"""Who may say "not solved" and so reopen a finished item (issue #10, point 7): the submitter and those who
supported or followed it before it was marked done, once each per time it is marked done; nobody who only started
following afterwards. The item page asks the question only of those."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wijkgericht.participation import engagement, workflow
from wijkgericht.participation.models import Item, SolvedFeedback
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import make_user, submit

pytestmark = pytest.mark.django_db

QUESTION = "Is het echt opgelost?"


def _to_done(roles, item: Item) -> Item:
    """From published or reopened to done, for an item that asks no money or decision."""
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Goed plan")
    item = item_transition(item=item, actor=roles.civil_servant, target=workflow.IN_PROGRESS)
    return item_transition(item=item, actor=roles.civil_servant, target=workflow.DONE, public_note="Klaar")


@pytest.fixture
def setting(roles):
    """A published item with a supporter who later stopped following, and a follower, both from before it was
    marked done; then done."""
    item = item_transition(item=submit(roles, needs_decision=False), actor=roles.moderator,
                           target=workflow.PUBLISHED)
    supporter, follower = make_user("steun@example.nl"), make_user("volger@example.nl")
    engagement.item_support(item=item, user=supporter)
    engagement.item_unfollow(item=item, user=supporter)
    engagement.item_follow(item=item, user=follower)
    return roles, _to_done(roles, item), supporter, follower


def test_someone_who_follows_only_after_done_cannot_reopen(setting):
    roles, item, _supporter, _follower = setting
    latecomer = make_user("later@example.nl")
    engagement.item_follow(item=item, user=latecomer)
    with pytest.raises(PermissionDenied) as refused:
        engagement.solved_answer(item=item, user=latecomer, solved=False, comment="Ik vind van niet")
    assert "voordat hij klaar werd gemeld" in str(refused.value)
    item.refresh_from_db()
    assert item.status == workflow.DONE and not SolvedFeedback.objects.exists()


def test_the_submitter_and_earlier_supporters_and_followers_may_answer(setting):
    roles, item, supporter, follower = setting
    for user in (roles.resident, supporter, follower):
        assert engagement.solved_may_answer(item=item, user=user)
        engagement.solved_answer(item=item, user=user, solved=True)
    assert SolvedFeedback.objects.filter(item=item).count() == 3


def test_once_per_done_period_and_again_after_the_next_done(setting):
    roles, item, supporter, follower = setting
    engagement.solved_answer(item=item, user=follower, solved=True)
    with pytest.raises(ValidationError) as again:
        engagement.solved_answer(item=item, user=follower, solved=False, comment="Toch niet")
    assert again.value.code == "answered"
    assert not engagement.solved_may_answer(item=item, user=follower)
    engagement.solved_answer(item=item, user=supporter, solved=False, comment="Het hek ontbreekt nog")
    item.refresh_from_db()
    assert item.status == workflow.REOPENED
    item = _to_done(roles, item)
    assert engagement.solved_may_answer(item=item, user=follower)  # a new period
    engagement.solved_answer(item=item, user=follower, solved=False, comment="Nog steeds geen hek")
    item.refresh_from_db()
    assert item.status == workflow.REOPENED
    assert SolvedFeedback.objects.filter(item=item, user=follower).count() == 2


def test_the_page_asks_only_those_who_may_answer(client, setting):
    roles, item, supporter, follower = setting
    url = f"/wijken/{item.district.slug}/inbreng/{item.pk}/"
    latecomer = make_user("later@example.nl")
    engagement.item_follow(item=item, user=latecomer)
    client.force_login(latecomer)
    assert QUESTION not in client.get(url).content.decode()
    response = client.post(f"/inbreng/{item.pk}/opgelost/", {"solved": "no", "comment": "Ik vind van niet"},
                           follow=True)
    assert "voordat hij klaar werd gemeld" in response.content.decode()
    item.refresh_from_db()
    assert item.status == workflow.DONE
    client.force_login(supporter)
    assert QUESTION in client.get(url).content.decode()
    client.post(f"/inbreng/{item.pk}/opgelost/", {"solved": "yes", "comment": ""})
    assert QUESTION not in client.get(url).content.decode()  # answered for this period
