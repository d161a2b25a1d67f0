"""Data export and account deletion for the account itself: sign-in needed, staff roles exported, how the
deletion is confirmed, and who may not delete their own account (tests/test_export_delete.py has the residents'
contributions)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from wijkgericht.accounts import services
from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_export_lists_staff_roles(client, barendrecht):
    user = make_user("moderator@example.nl")
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    sign_in_verified(client, user)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["staff_roles"] == [{"role": "moderator", "municipality": "Barendrecht", "district": None}]


def test_export_needs_sign_in(client, db):
    assert client.get(reverse("accounts:export")).status_code == 302


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
