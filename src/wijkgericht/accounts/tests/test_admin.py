"""The admin: users with confirmation and mail preference, staff roles, and a read-only access log."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.models import PersonalDataAccess, StaffRole, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, barendrecht):
    sign_in_verified(client, User.objects.create_superuser("root@example.nl", PASSWORD))
    return client


def test_user_admin_shows_confirmation_preference_and_roles(admin_client, barendrecht):
    user = User.objects.create_user("moderator@example.nl", PASSWORD)
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    listing = admin_client.get("/admin/accounts/user/").content.decode()
    assert "email_verified_at" in listing and "mail_preference" in listing
    change = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert 'name="email_verified_at' in change and 'name="mail_preference"' in change
    assert "staff_roles-0-role" in change


def test_staff_role_admin_filters_by_role_and_municipality(admin_client, barendrecht):
    user = User.objects.create_user("moderator@example.nl", PASSWORD)
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    page = admin_client.get("/admin/accounts/staffrole/", {"role__exact": "moderator"})
    assert page.status_code == 200 and "moderator@example.nl" in page.content.decode()
    assert "moderator@example.nl" not in admin_client.get("/admin/accounts/staffrole/",
                                                          {"role__exact": "administrator"}).content.decode()


def test_the_access_log_is_read_only(admin_client):
    entry = PersonalDataAccess.objects.create(purpose="test", subject_label="iemand")
    assert admin_client.get("/admin/accounts/personaldataaccess/").status_code == 200
    assert admin_client.get("/admin/accounts/personaldataaccess/add/").status_code == 403
    assert admin_client.post(f"/admin/accounts/personaldataaccess/{entry.pk}/change/",
                             {"purpose": "anders"}).status_code == 403
    assert admin_client.post(f"/admin/accounts/personaldataaccess/{entry.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.purpose == "test"
