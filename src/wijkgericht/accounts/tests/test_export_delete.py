"""Data export (everything about me, nothing about others) and account deletion (contributions stay, anonymous)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from wijkgericht.accounts import services
from wijkgericht.accounts.models import PersonalDataAccess, StaffRole, User
from wijkgericht.accounts.testing import sign_in_verified
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


def test_export_lists_staff_roles(client, barendrecht):
    user = make_user("moderator@example.nl")
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    sign_in_verified(client, user)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["staff_roles"] == [{"role": "moderator", "municipality": "Barendrecht", "district": None}]


def test_export_needs_sign_in(client, db):
    assert client.get(reverse("accounts:export")).status_code == 302


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


def test_a_passwordless_account_confirms_with_its_email_address(client, db):
    user = make_user("zonder@example.nl", password=None)
    client.force_login(user)
    assert "Typ uw e-mailadres" in client.get(reverse("accounts:delete")).content.decode()
    assert client.post(reverse("accounts:delete"), {"confirmation": "ander@example.nl"}).status_code == 200
    assert client.post(reverse("accounts:delete"), {"confirmation": "ZONDER@example.nl "}).status_code == 302
    assert not User.objects.filter(email="zonder@example.nl").exists()


def test_deletion_is_post_only(client, signed_in):
    client.get(reverse("accounts:delete"), {"confirmation": PASSWORD})
    assert User.objects.filter(pk=signed_in.pk).exists()


@pytest.mark.parametrize("role", [StaffRole.Role.MODERATOR, StaffRole.Role.ADMINISTRATOR])
def test_staff_with_a_role_cannot_delete_themselves(client, barendrecht, role):
    user = make_user("staf@example.nl")
    StaffRole.objects.create(user=user, role=role, municipality=barendrecht)
    sign_in_verified(client, user)
    page = client.get(reverse("accounts:delete"))
    assert "Vraag een beheerder eerst die rol te beëindigen" in page.content.decode()
    assert 'name="confirmation"' not in page.content.decode()
    client.post(reverse("accounts:delete"), {"confirmation": PASSWORD})
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(services.DeletionRefused):
        services.account_delete(user)


def test_a_linked_alderman_and_a_superuser_cannot_delete_themselves(barendrecht):
    from wijkgericht.governance.models import Alderman

    alderman = make_user("wethouder@example.nl")
    Alderman.objects.filter(slug="arnoud-proos").update(user=alderman)
    superuser = User.objects.create_superuser("root@example.nl", PASSWORD)
    for user in (alderman, superuser):
        with pytest.raises(services.DeletionRefused):
            services.account_delete(user)
        assert User.objects.filter(pk=user.pk).exists()
