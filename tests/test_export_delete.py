"""Data export (everything about me, nothing about others) and account deletion (contributions stay, anonymous),
with a resident's and a neighbour's items, reactions, support, follows and notifications: the parts that
participation and notifications register with accounts' personal-data registry (accounts/personal_data.py)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from wijkgericht.accounts import services
from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.models import (
    Comment,
    Follow,
    Item,
    SolvedFeedback,
    StatusChange,
    Support,
    Theme,
)

pytestmark = pytest.mark.django_db


def item(municipality, author, title, status="published"):
    from wijkgericht.districts.models import District

    return Item.objects.create(
        municipality=municipality, district=District.objects.get(code="WK048909"), kind=Item.Kind.IDEA,
        title=title, description="Omschrijving", theme=Theme.objects.filter(municipality=municipality).first(),
        lat=51.85, lon=4.54, author=author, status=status)


@pytest.fixture
def activity(barendrecht):
    """A resident and a neighbour, each with a published item, an approved comment, a support, a follow and a
    notification."""
    me, other = make_user("ik@example.nl"), make_user("buur@example.nl")
    mine, theirs = item(barendrecht, me, "Mijn bankje"), item(barendrecht, other, "Hun speeltuin")
    for user, own, foreign in [(me, mine, theirs), (other, theirs, mine)]:
        Comment.objects.create(item=foreign, author=user, body=f"Reactie van {user.email}",
                               status=Comment.Status.APPROVED)
        Support.objects.create(item=foreign, user=user)
        Follow.objects.create(item=foreign, user=user)
        Notification.objects.create(recipient=user, event="item_status", params={"item": own.pk}, item=own)
    done = StatusChange.objects.create(item=theirs, source="in_progress", target="done")
    SolvedFeedback.objects.create(item=theirs, done_change=done, user=me, solved=False, comment="Nog niet")
    return me, other, mine, theirs


def test_export_holds_my_data_and_nobody_elses(client, activity):
    me, other, mine, theirs = activity
    client.force_login(me)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "ik@example.nl" and data["account"]["pseudonym"] == me.pseudonym
    assert "password" not in json.dumps(data["account"]).replace("has_password", "")
    assert me.password not in response.content.decode()
    assert [i["title"] for i in data["items"]] == ["Mijn bankje"] and data["items"][0]["status"] == mine.status
    assert [c["body"] for c in data["comments"]] == ["Reactie van ik@example.nl"]
    assert [s["item_id"] for s in data["supports"]] == [theirs.pk]
    assert [f["item_id"] for f in data["follows"]] == [theirs.pk]
    assert [n["params"] for n in data["notifications"]] == [{"item": mine.pk}]
    assert [f["comment"] for f in data["solved_feedback"]] == ["Nog niet"]
    text = response.content.decode()
    assert "buur@example.nl" not in text and other.pseudonym not in text and "Hun speeltuin" in text
    log = PersonalDataAccess.objects.get()
    assert (log.accessor, log.subject, log.purpose) == (me, me, services.EXPORT_PURPOSE)
    # The next export shows the previous one.
    again = json.loads(client.post(reverse("accounts:export")).content)
    assert [a["by_yourself"] for a in again["personal_data_access"]] == [True]


def test_deleting_keeps_contributions_anonymously_and_removes_the_rest(client, activity):
    me, other, mine, theirs = activity
    client.force_login(me)
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200 and "Voormalig inwoner" in page.content.decode()
    wrong = client.post(reverse("accounts:delete"), {"confirmation": "fout-wachtwoord"})
    assert wrong.status_code == 200 and User.objects.filter(pk=me.pk).exists()

    response = client.post(reverse("accounts:delete"), {"confirmation": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:deleted")
    assert not User.objects.filter(pk=me.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get(response.url).status_code == 200

    mine.refresh_from_db()
    assert mine.author is None and services.public_name(mine.author) == "Voormalig inwoner"
    comment = Comment.objects.get(item=theirs, body="Reactie van ik@example.nl")
    assert comment.author is None
    assert Support.objects.filter(item=theirs, user__isnull=True).count() == 1
    assert SolvedFeedback.objects.get(item=theirs).user is None
    assert not Follow.objects.filter(item=theirs).exists()
    assert Notification.objects.filter(recipient=other).count() == 1 and Notification.objects.count() == 1
    # The neighbour's things are untouched.
    assert Comment.objects.get(item=mine).author == other and Follow.objects.filter(user=other).count() == 1
    audit = PersonalDataAccess.objects.get(purpose__startswith=services.DELETION_PURPOSE)
    assert audit.subject is None and audit.accessor is None
    assert "ik@example.nl" not in audit.purpose + audit.subject_label and me.pseudonym not in audit.purpose
    assert "1 inbreng, 1 reacties, 1 steunbetuigingen" in audit.purpose
