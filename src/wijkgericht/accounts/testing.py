"""For tests: sign a user in with a session that passed the second factor, as after typing a code.

`client.force_login(staff)` alone gives a session that every staff page refuses (SecondFactorMiddleware); tests
of staff pages use `sign_in_verified(client, staff)` instead. It gives the user a confirmed TOTP device, as set-up
would, and stores it in the session, as django-otp's login does."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkgericht.accounts.models import User
from wijkgericht.accounts.secondfactor import mark_verified


def sign_in_verified(client, user: User) -> User:
    client.force_login(user)
    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="test", confirmed=True))
    session = client.session
    mark_verified(session, device)
    session.save()
    return user
