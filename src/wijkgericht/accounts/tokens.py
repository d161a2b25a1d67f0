"""Signed, expiring, single-use links in e-mail: confirming an address and signing in without a password.

A token is `django.core.signing` output (HMAC with SECRET_KEY, timestamped) over the user id and a keyed hash of
the account state that using the link changes: confirming sets `email_verified_at`, signing in sets `last_login`.
So a link works once, and also stops working when the address or password changes. Nothing is stored server-side.
The maximum ages are read when a link is checked, so tests can shorten them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from wijkgericht.accounts.models import User

VERIFY_EMAIL_MAX_AGE = 3 * 24 * 3600  # seconds: a confirmation link works for three days
MAGIC_LINK_MAX_AGE = 15 * 60  # seconds: a sign-in link works for fifteen minutes


class Status(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"  # genuine and in time, but the account changed since: used already (or address/password changed)
    INVALID = "invalid"  # tampered, for another purpose, or for an account that no longer exists


@dataclass(frozen=True)
class Check:
    status: Status
    user: User | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.VALID


def _moment(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).isoformat() if value else ""


class LinkToken:
    def __init__(self, purpose: str, max_age_name: str):
        self.salt = f"wijkgericht.accounts.{purpose}"
        self.max_age_name = max_age_name

    def state(self, user: User) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _hash(self, user: User) -> str:
        return salted_hmac(self.salt, f"{user.pk}|{self.state(user)}").hexdigest()[:24]

    def make(self, user: User) -> str:
        return signing.dumps({"u": user.pk, "h": self._hash(user)}, salt=self.salt)

    def check(self, token: str) -> Check:
        try:
            data = signing.loads(token, salt=self.salt, max_age=globals()[self.max_age_name])
        except signing.SignatureExpired:
            return Check(Status.EXPIRED)
        except signing.BadSignature:
            return Check(Status.INVALID)
        if not isinstance(data, dict) or not isinstance(data.get("u"), int):
            return Check(Status.INVALID)
        user = User.objects.filter(pk=data["u"]).first()
        if user is None or not user.is_active:
            return Check(Status.INVALID)
        if not constant_time_compare(str(data.get("h", "")), self._hash(user)):
            return Check(Status.USED, user)
        return Check(Status.VALID, user)


class VerifyEmailToken(LinkToken):
    def state(self, user: User) -> str:
        return f"{user.email}|{_moment(user.email_verified_at)}"


class MagicLinkToken(LinkToken):
    def state(self, user: User) -> str:
        # The password hash is only fed into the keyed hash above; it never leaves the server.
        return f"{user.email}|{_moment(user.last_login)}|{user.password}"


verify_email_token = VerifyEmailToken("verify-email", "VERIFY_EMAIL_MAX_AGE")
magic_link_token = MagicLinkToken("magic-link", "MAGIC_LINK_MAX_AGE")
