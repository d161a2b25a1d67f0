from __future__ import annotations

import itertools

import pytest

from wijkgericht.accounts.models import MailPreference, User

_numbers = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(preference: str = MailPreference.IMMEDIATE, **extra) -> User:
        user = User.objects.create_user(f"persoon{next(_numbers)}@example.nl", "een-lang-wachtwoord", **extra)
        user.mail_preference = preference
        user.save(update_fields=["mail_preference"])
        return user

    return make


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://wijken.example.nl"
    return settings.SITE_URL
