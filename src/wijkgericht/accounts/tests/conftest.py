"""Helpers for the account tests: users, links from the outbox, items on the Barendrecht demo."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing
from django.utils import timezone

from wijkgericht.accounts.models import User

PASSWORD = "een-lang-wachtwoord-42"


def make_user(email: str = "bewoner@example.nl", *, verified: bool = True, password: str | None = PASSWORD) -> User:
    user = User.objects.create_user(email, password)
    if verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def link_in(message, path_part: str) -> str:
    """The path (without the site address) of the first link in a mail whose path contains `path_part`."""
    for url in re.findall(r"https?://\S+", message.body):
        if path_part in url:
            return re.sub(r"^https?://[^/]+", "", url)
    raise AssertionError(f"no link with {path_part!r} in:\n{message.body}")


@pytest.fixture
def resident(db) -> User:
    return make_user()


@pytest.fixture
def signed_in(client, resident):
    client.force_login(resident)
    return resident


@pytest.fixture
def back_in_time(monkeypatch):
    """Make signed tokens as if made `seconds` ago: `with back_in_time(3600): token = ...`."""
    from contextlib import contextmanager

    @contextmanager
    def shift(seconds: int):
        with monkeypatch.context() as m:
            m.setattr(signing.TimestampSigner, "timestamp",
                      lambda self: signing.b62_encode(int(time.time()) - seconds))
            yield

    return shift
