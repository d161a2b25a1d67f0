"""The second factor for staff (DESIGN.md): TOTP set up at the first sign-in, a code at every sign-in after,
recovery codes that work once, before any staff page and the admin; residents never see it."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core.checks import run_checks
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkgericht.accounts import ratelimits
from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.accounts.roles import needs_second_factor
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")
INBOX = reverse("web:staff_inbox")


def code_for(secret: str, drift: int = 0) -> str:
    totp = TOTP(b32decode(secret))
    totp.drift = drift
    return f"{totp.token():06d}"


def device_code(user: User, drift: int = 0) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key)
    totp.drift = drift
    return f"{totp.token():06d}"


@pytest.fixture
def moderator(barendrecht) -> User:
    user = make_user("moderator@example.nl")
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    return user


def set_up(client, user: User) -> list[str]:
    """Sign in with the password, set up the app; returns the recovery codes shown."""
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    secret = re.search(r"data-otp-secret>([A-Z2-7]+)<", response.content.decode()).group(1)
    assert "<svg" in response.content.decode()  # the QR code, inline
    done = client.post(SETUP, {"token": code_for(secret), "next": INBOX})
    assert done.status_code == 200
    return re.findall(r"data-recovery-code>([^<]+)<", done.content.decode())


def test_who_needs_a_second_factor(roles):
    assert not needs_second_factor(roles.resident)
    for user in (roles.district_alderman, roles.portfolio_holder, roles.civil_servant, roles.moderator,
                 roles.administrator):
        assert needs_second_factor(user), user
    assert needs_second_factor(User.objects.create_superuser("root@example.nl", PASSWORD))
    assert needs_second_factor(User.objects.create_user("staf@example.nl", PASSWORD, is_staff=True))


def test_staff_set_up_the_app_at_their_first_sign_in(client, moderator):
    codes = set_up(client, moderator)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(INBOX).status_code == 200  # verified for the rest of this session


def test_a_secret_shown_to_someone_else_before_the_owner_set_up_is_never_the_owners(client, moderator):
    """Was: the unconfirmed device kept its secret until confirmed, for any session. Someone who had a new staff
    member's password could open the set-up page, note the key and leave; the owner later scanned that same key,
    and the intruder could make codes for good, unseen. Each session setting up now gets a key of its own."""
    from django.test import Client

    intruder = Client()
    intruder.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    seen = re.search(r"data-otp-secret>([A-Z2-7]+)<", intruder.get(SETUP).content.decode()).group(1)
    set_up(client, moderator)
    assert TOTPDevice.objects.get(user=moderator, confirmed=True).bin_key != b32decode(seen)
    assert intruder.get(INBOX).url.startswith(VERIFY)  # the intruder's key makes no code that passes


def test_a_wrong_first_code_sets_up_nothing(client, moderator):
    client.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    assert client.post(SETUP, {"token": "000000"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert client.get(INBOX).url.startswith(SETUP)


def test_the_next_sign_in_asks_a_code(client, moderator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes one wait a second after a wrong code
    set_up(client, moderator)
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    assert client.get(response.url).url.startswith(VERIFY)
    assert client.post(VERIFY, {"token": "123456"}).status_code == 400
    assert client.get(INBOX).status_code == 302
    done = client.post(VERIFY, {"token": device_code(moderator, drift=1), "next": INBOX})
    assert done.status_code == 302 and done.url == INBOX
    assert client.get(INBOX).status_code == 200


def test_a_recovery_code_works_once(client, moderator, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = settings.OTP_TOTP_THROTTLE_FACTOR = 0
    codes = set_up(client, moderator)
    for attempt in range(2):
        client.post(reverse("accounts:logout"))
        client.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
        response = client.post(VERIFY, {"token": codes[0].upper(), "next": INBOX})
        assert response.status_code == (302 if attempt == 0 else 400)
    assert client.post(VERIFY, {"token": codes[1], "next": INBOX}).status_code == 302


def test_the_email_link_does_not_skip_the_second_factor(client, moderator, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    from wijkgericht.accounts.tests.conftest import link_in

    set_up(client, moderator)
    client.post(reverse("accounts:logout"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:magic_link_request"), {"email": moderator.email})
    client.post(link_in(mailoutbox[-1], "/inloglink/"))
    assert client.get(INBOX).url.startswith(VERIFY)


def test_staff_pages_refuse_an_unverified_staff_session(client, roles):
    client.force_login(roles.district_alderman)
    for url in (INBOX, reverse("agenda:planning"), reverse("agenda:actions"), reverse("accounts:account"), "/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    assert client.post(reverse("agenda:partner_create"), {"name": "x"}).status_code == 302
    sign_in_verified(client, roles.district_alderman)
    assert client.get(reverse("agenda:planning")).status_code == 200


def test_the_admin_refuses_an_unverified_superuser(client, db):
    root = User.objects.create_superuser("root@example.nl", PASSWORD)
    client.force_login(root)
    assert client.get("/admin/").url.startswith(SETUP)
    assert client.get("/admin/accounts/user/").status_code == 302
    sign_in_verified(client, root)
    assert client.get("/admin/accounts/user/").status_code == 200


def test_the_admin_never_shows_someones_key_or_recovery_codes(client, moderator):
    """An administrator may delete a lost device, but must not be able to copy a staff member's second factor."""
    codes = set_up(client, moderator)
    device = TOTPDevice.objects.get(user=moderator, confirmed=True)
    root = User.objects.create_superuser("root@example.nl", PASSWORD)
    sign_in_verified(client, root)
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    listing = client.get("/admin/otp_static/staticdevice/")
    change = client.get(f"/admin/otp_static/staticdevice/{StaticDevice.objects.get(user=moderator).pk}/change/")
    assert listing.status_code == change.status_code == 200
    assert not any(code in listing.content.decode() + change.content.decode() for code in codes)


def test_the_admin_site_itself_checks_the_second_factor(rf, db):
    """Behind the middleware, has_permission asks too (in case a page ever gets past it)."""
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = rf.get("/admin/")
    request.session = {}
    request.user = User.objects.create_superuser("root@example.nl", PASSWORD)
    OTPMiddleware(lambda r: None)(request)
    assert not admin.site.has_permission(request)


def test_residents_never_see_it(client, roles):
    client.force_login(roles.resident)
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.get(SETUP).url == reverse("accounts:account")  # nothing to set up
    assert client.get(VERIFY).url == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=roles.resident).exists()


def test_right_after_a_wrong_code_it_says_to_wait_not_wrong(client, moderator):
    set_up(client, moderator)
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    assert "klopt niet" in client.post(VERIFY, {"token": "123456"}).content.decode()
    refused = client.post(VERIFY, {"token": device_code(moderator, drift=1)})  # right, but within django-otp's wait
    assert refused.status_code == 400 and "wacht u even" in refused.content.decode()


def test_the_code_form_is_rate_limited_per_user(client, moderator, monkeypatch):
    set_up(client, moderator)
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": moderator.email, "password": PASSWORD})
    monkeypatch.setattr(ratelimits, "OTP_PER_USER", "3/h")
    statuses = [client.post(VERIFY, {"token": f"00000{i}"}, REMOTE_ADDR=f"192.0.2.{i}").status_code
                for i in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_the_demo_skip_is_for_demo_accounts_only_and_refused_by_check_deploy(client, roles, settings):
    settings.WIJKGERICHT_OTP_DEMO_SKIP = True
    client.force_login(User.objects.get(email="moderator@demo.invalid"))  # made by the demo loader
    assert client.get(INBOX).status_code == 200
    client.force_login(roles.civil_servant)
    assert client.get(INBOX).url.startswith(SETUP)
    assert "wijkgericht.accounts.E001" in [m.id for m in run_checks(include_deployment_checks=True)]
    settings.WIJKGERICHT_OTP_DEMO_SKIP = False
    assert "wijkgericht.accounts.E001" not in [m.id for m in run_checks(include_deployment_checks=True)]


def _every_route(patterns=None, prefix=""):
    """Every path the URL resolver knows, with a sample value for each parameter (regex routes: the plain ones)."""
    import re as _re

    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern, RoutePattern

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = ""
        elif isinstance(pattern, RoutePattern):
            part = _re.sub(r"<(?:int:)?[^>]*>", lambda m: "1" if "int:" in m.group(0) else "x", str(pattern))
        else:  # a regular expression: only those without groups
            text = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if any(c in text for c in "()[]?*+\\"):
                continue
            part = text
        if isinstance(entry, URLResolver):
            yield from _every_route(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield prefix + part, entry.name


def test_no_page_at_all_opens_for_an_unverified_staff_session(client, roles):
    """Not a list of staff URLs by hand: every route the resolver knows (the API and the admin included) sends an
    unverified staff session to the second factor, except the second factor's own pages and signing out."""
    from django.urls import Resolver404, resolve

    open_names = {"otp_setup", "otp_verify", "logout", "set_language", "theme_stylesheet", "media",
                  "health_live", "health_ready", "metrics"}
    client.force_login(roles.district_alderman)
    checked = []
    for path, name in _every_route():
        url = "/" + path
        try:
            resolve(url)
        except Resolver404:
            continue
        if name in open_names:
            continue
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), (url, response.status_code)
        checked.append(url)
    assert any(u.startswith("/werkplek/") for u in checked) and any(u.startswith("/admin/") for u in checked)
    assert any(u.startswith("/api/") for u in checked) and len(checked) > 50, len(checked)

