"""The moment a resident agreed to how their data is used is kept on registering, exported and shown on the account
page; nothing else of the consent is stored."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkgericht.accounts import services
from wijkgericht.accounts.models import User
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _register(client, email="nieuw@example.nl", password=PASSWORD):
    return client.post(reverse("accounts:register"), {"email": email, "password1": password,
                                                      "password2": password, "consent": "on"})


def test_registering_keeps_when_consent_was_given(client, mailoutbox):
    before = timezone.now()
    assert _register(client).status_code == 302
    accepted = User.objects.get(email="nieuw@example.nl").privacy_accepted_at
    assert accepted is not None and before <= accepted <= timezone.now()


def test_the_service_makes_no_account_without_consent(mailoutbox):
    with pytest.raises(ValueError):
        services.register(email="nieuw@example.nl", password=PASSWORD, privacy_accepted=False)
    assert not User.objects.exists() and not mailoutbox


def test_registering_a_taken_address_changes_nothing_of_its_owner(client, mailoutbox):
    """Whoever fills in the form for an existing address need not be its owner: their consent is not the owner's."""
    owner = make_user("bestaand@example.nl")
    _register(client, email="bestaand@example.nl", password="iets-heel-anders-99")
    owner.refresh_from_db()
    assert owner.privacy_accepted_at is None


def test_accounts_made_otherwise_have_no_consent_moment(db):
    assert make_user("ander@example.nl").privacy_accepted_at is None


def test_the_export_holds_the_consent_moment(client, mailoutbox):
    _register(client)
    user = User.objects.get(email="nieuw@example.nl")
    client.force_login(user)
    data = json.loads(client.get(reverse("accounts:export")).content)
    assert data["account"]["privacy_accepted_at"] == user.privacy_accepted_at.isoformat()

    other = make_user("zonder@example.nl")
    client.force_login(other)
    assert json.loads(client.get(reverse("accounts:export")).content)["account"]["privacy_accepted_at"] is None


def test_the_account_page_shows_the_consent_date_when_there_is_one(client, barendrecht):
    user = make_user("ik@example.nl")
    client.force_login(user)
    label = "Akkoord met hoe wij met uw gegevens omgaan"
    assert label not in client.get(reverse("accounts:account")).content.decode()
    user.privacy_accepted_at = dt.datetime(2026, 3, 9, 10, 30, tzinfo=dt.UTC)
    user.save(update_fields=["privacy_accepted_at"])
    html = client.get(reverse("accounts:account")).content.decode()
    assert label in html and "9 maart 2026" in html
