"""The second factor for staff: TOTP (an authenticator app) with single-use recovery codes, on django-otp.

Who needs one comes from roles.py (`needs_second_factor`). A session counts as verified once django-otp's
`login(request, device)` stored the device in it (OTPMiddleware then makes `request.user.is_verified()` true);
signing out ends that with the session. Recovery codes are a StaticDevice's tokens: each works once.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import Scope, needs_second_factor, request_scope

RECOVERY_CODES = 10
DEMO_DOMAIN = "@demo.invalid"  # the demo loader's addresses (demo/accounts.py)


def demo_skip(user: User) -> bool:
    """WIJKGERICHT_OTP_DEMO_SKIP lets the demo's own sign-ins in without a second factor; no other account, ever."""
    return bool(getattr(settings, "WIJKGERICHT_OTP_DEMO_SKIP", False)) and user.email.endswith(DEMO_DOMAIN)


def required(user: User, scope: Scope | None = None) -> bool:
    """Whether this signed-in user must pass the second factor before any page."""
    return needs_second_factor(user, scope) and not demo_skip(user)


def passed(request: HttpRequest) -> bool:
    """The request's user is not held back by the second factor: verified in this session, or not required."""
    user = request.user
    verified = getattr(user, "is_verified", None)
    return (callable(verified) and verified()) or not required(user, request_scope(request))


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


SETUP_SESSION_KEY = "wijkgericht_otp_setup_device"


def pending_device(request: HttpRequest) -> TOTPDevice:
    """The unconfirmed TOTP device this session is setting up: the same secret on every view of the page in this
    session, a new one in another session (which throws the others away). A secret is never shared between
    sessions: someone who had a new staff member's password and looked at the set-up page before them must not
    see the key the owner will scan later (and keep making codes unseen)."""
    user = request.user
    device_id = request.session.get(SETUP_SESSION_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        request.session[SETUP_SESSION_KEY] = device.pk
    return device


def secret(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app by hand."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no inline style)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR-code om in uw authenticator-app te scannen"), dark="#000", light="#fff")


@transaction.atomic
def confirm_setup(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Check the first code from the app; if right, the device counts, the session is verified and new recovery
    codes are returned (shown once). Wrong: None."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=request.user, confirmed=False).first()
    if device is None or not device.verify_token(token):  # None: another session started over meanwhile
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    request.session.pop(SETUP_SESSION_KEY, None)
    codes = new_recovery_codes(request.user)
    otp_login(request, device)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES fresh ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(request: HttpRequest, token: str) -> bool:
    """A code from the app or an unused recovery code (used up by this): marks the session verified."""
    token = "".join(token.split()).lower()
    if not token:
        return False
    for device in devices_for_user(request.user, confirmed=True):
        matched = otp_verify_token(request.user, device.persistent_id, token)
        if matched is not None:
            otp_login(request, matched)
            return True
    return False


def must_wait(user: User) -> bool:
    """Is a device in django-otp's wait after a wrong code (1 s, doubling)? Asked before an attempt: if that attempt
    fails, the code may have been right, and the page says to wait rather than 'wrong'."""
    devices = [*devices_for_user(user, confirmed=True), *TOTPDevice.objects.filter(user=user, confirmed=False)]
    return any(not device.verify_is_allowed()[0] for device in devices)


def mark_verified(session, device) -> None:
    """Store `device` as this session's second factor (for callers without a request, such as test clients)."""
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
