"""Residents report abuse on an item or a reaction (issue #14); moderators see the report and handle it once."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import engagement
from wijkgericht.participation.models import Comment, Flag, Item
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _public_item() -> Item:
    return Item.objects.get(title="Bankjes langs het water")


def test_a_resident_reports_an_item_and_the_moderator_handles_it(client, roles):
    item = _public_item()
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert f'href="/inbreng/{item.pk}/melden/"' in page
    assert client.get(f"/inbreng/{item.pk}/melden/")["Location"].startswith("/account/inloggen/")
    client.force_login(roles.other_resident)
    form = client.get(f"/inbreng/{item.pk}/melden/").content.decode()
    assert "Wat is er mis?" in form and "reclame of onzin" in form
    response = client.post(f"/inbreng/{item.pk}/melden/", {"reason": "offensive", "note": "Scheldwoorden."})
    assert response.status_code == 302 and response["Location"].endswith(f"/inbreng/{item.pk}/")
    client.post(f"/inbreng/{item.pk}/melden/", {"reason": "offensive"})  # a second click adds nothing
    flag = Flag.objects.get(item=item, reporter=roles.other_resident)
    assert flag.comment is None and flag.note == "Scheldwoorden." and flag.handled_at is None
    assert Notification.objects.filter(recipient=roles.moderator, event="flag.new").count() == 1
    assert not Notification.objects.filter(recipient=roles.other_resident, event="flag.new").exists()

    assert client.get("/werkplek/misbruik/").status_code == 403  # residents do not see the list
    sign_in_verified(client, roles.moderator)
    assert "1 melding van misbruik wacht op u" in client.get("/werkplek/").content.decode()
    listed = client.get("/werkplek/misbruik/").content.decode()
    assert "Bankjes langs het water" in listed and "Scheldwoorden." in listed
    client.post("/werkplek/misbruik/", {"melding": flag.pk})
    flag.refresh_from_db()
    assert flag.handled_at is not None and flag.handled_by == roles.moderator
    assert "Er zijn geen open meldingen van misbruik." in client.get("/werkplek/misbruik/").content.decode()


def test_something_else_needs_a_note_and_the_error_is_linked(client, roles):
    item = _public_item()
    client.force_login(roles.other_resident)
    response = client.post(f"/inbreng/{item.pk}/melden/", {"reason": "other"})
    page = response.content.decode()
    assert response.status_code == 400 and 'href="#id_note"' in page and "Vertel kort wat er mis is." in page
    assert not Flag.objects.exists()


def test_a_reaction_can_be_reported_only_once_it_is_public(client, roles):
    item = _public_item()
    comment = engagement.comment_post(item=item, author=roles.resident, body="Wat een onzin, buurman!")
    client.force_login(roles.other_resident)
    assert client.get(f"/inbreng/{item.pk}/melden/?reactie={comment.pk}").status_code == 404  # still pending
    engagement.comment_moderate(comment=comment, actor=roles.moderator, approve=True)
    assert "Wat een onzin" in client.get(f"/inbreng/{item.pk}/melden/?reactie={comment.pk}").content.decode()
    client.post(f"/inbreng/{item.pk}/melden/", {"reason": "offensive", "reactie": comment.pk})
    assert Flag.objects.get(reporter=roles.other_resident).comment == comment
    assert client.get(f"/inbreng/{item.pk}/melden/?reactie=abc").status_code == 404
    assert Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).exists()


def test_an_item_that_is_not_public_cannot_be_reported(client, roles):
    item = submit(roles)  # waits for moderation
    client.force_login(roles.other_resident)
    assert client.get(f"/inbreng/{item.pk}/melden/").status_code == 404
