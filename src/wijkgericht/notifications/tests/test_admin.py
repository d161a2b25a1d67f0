"""The admin lists notifications read-only and without their parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_admin_list_is_read_only_and_shows_no_params(client, make_user):
    admin = User.objects.create_superuser("beheer@example.nl", "een-lang-wachtwoord")
    user = make_user(MailPreference.NONE)
    [notification] = notify(recipients=[user], event="item.rejected",
                            params={"title": "Geheim", "reason": "Bevat een telefoonnummer"})
    sign_in_verified(client, admin)
    listing = client.get(reverse("admin:notifications_notification_changelist"))
    assert listing.status_code == 200
    assert user.email in listing.content.decode()
    detail = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "telefoonnummer" not in html and "Geheim" not in html
    assert 'name="_save"' not in html
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
