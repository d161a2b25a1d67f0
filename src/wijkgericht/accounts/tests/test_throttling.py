"""Issue #10 point 4: every way in is throttled by the one limiter (the admin included), per source and per
account-and-source, so that nobody can lock the owner out; the visitor's address cannot be spoofed."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from wijkgericht.accounts import oidc, ratelimits
from wijkgericht.accounts.clientip import client_ip
from wijkgericht.accounts.models import User
from wijkgericht.accounts.tests.conftest import PASSWORD, link_in

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


@pytest.fixture
def alderman(roles) -> User:
    """Someone worth locking out: the district alderman of Nieuweland (staff; signs in with a second factor)."""
    user = roles.district_alderman
    user.set_password(PASSWORD)
    user.save()
    return user


# --- the admin ---------------------------------------------------------------------------------------------------

def test_the_admin_login_cannot_be_brute_forced(client, db):
    """Was: 60 wrong passwords on /admin/login/, then the right one signed in."""
    root = User.objects.create_superuser("root@example.nl", PASSWORD)
    for i in range(60):
        client.post("/admin/login/", {"username": root.email, "password": f"gok-{i}"}, REMOTE_ADDR="192.0.2.1")
    client.post("/admin/login/", {"username": root.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert signed_in_as(client) is None


def test_the_admin_signs_in_through_the_sites_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302 and response.url == LOGIN + "?next=/admin/accounts/user/"
    assert client.get("/admin/login/?next=https://evil.example/").url == LOGIN + "?next=/admin/"
    assert client.get("/admin/").url.startswith("/admin/login/")


# --- per account and source --------------------------------------------------------------------------------------

def _flood(client, email: str, count: int, ip: str = "192.0.2.66"):
    return [client.post(LOGIN, {"username": email, "password": f"gok-{i}"}, REMOTE_ADDR=ip).status_code
            for i in range(count)]


def test_a_flood_from_one_source_stops_that_source_for_that_account(client, alderman):
    count = int(ratelimits.LOGIN_PER_EMAIL_AND_IP.split("/")[0])
    assert 429 not in _flood(client, alderman.email, count)
    blocked = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.66")
    assert blocked.status_code == 429 and signed_in_as(client) is None


def test_a_flood_of_cached_pages_does_not_wipe_the_counters(client, alderman):
    """The page cache stores whole pages; without REDIS_URL it shared one LocMemCache (5,000 entries, culled a third
    at a time, oldest first) with the sign-in counters. Asking for a few thousand page variants (200 per page a day,
    afresh after every content change) culled an attacker's counters, and the password guessing went on."""
    from django.core.cache import cache

    count = int(ratelimits.LOGIN_PER_EMAIL_AND_IP.split("/")[0])
    _flood(client, alderman.email, count + 1)
    for n in range(6000):  # what the page cache stores for that many public page variants
        cache.set(f"page:{n}", b"<html>", 3600)
    again = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.66")
    assert again.status_code == 429 and signed_in_as(client) is None


def test_a_flood_from_one_source_does_not_lock_the_owner_out_elsewhere(client, alderman):
    """Was: ten wrong passwords for an alderman's address, from anywhere, locked them out of every sign-in."""
    _flood(client, alderman.email, 30)
    response = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.5")
    assert response.status_code == 302 and signed_in_as(client) == alderman.pk


def test_a_long_flood_from_one_source_does_not_lock_the_owner_out_elsewhere(client, alderman):
    """Was: every counter counted every attempt, also those already refused for their source, so 100 wrong passwords
    from one place (90 of them answered 429) reached the per-account ceiling meant for guessing from many places,
    and the owner's right password was refused everywhere for the hour."""
    _flood(client, alderman.email, int(ratelimits.LOGIN_PER_EMAIL.split("/")[0]) + 1)
    response = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.5")
    assert response.status_code == 302 and signed_in_as(client) == alderman.pk


def test_one_ipv6_network_is_one_source_for_the_account_limit(client, alderman):
    """The per-source limit takes an IPv6 /64 as one source (django-ratelimit's mask); the per-account-and-source one
    took each address apart, so one home network could try 2^64 fresh counters."""
    count = int(ratelimits.LOGIN_PER_EMAIL_AND_IP.split("/")[0])
    statuses = [client.post(LOGIN, {"username": alderman.email, "password": f"gok-{i}"},
                            REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}").status_code for i in range(count)]
    assert 429 not in statuses
    blocked = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="2001:db8:1:2::ff")
    assert blocked.status_code == 429 and signed_in_as(client) is None


def test_a_flood_from_many_sources_leaves_the_owner_the_email_link(client, alderman, mailoutbox, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    monkeypatch.setattr(ratelimits, "LOGIN_PER_EMAIL", "20/h")
    for source in range(1, 6):
        _flood(client, alderman.email, 5, ip=f"192.0.2.{source}")
    password = client.post(LOGIN, {"username": alderman.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.5")
    assert password.status_code == 429 and signed_in_as(client) is None  # guessing from many places stops too
    # …but the owner asks for a sign-in link, from anywhere (even a flooding source), and it works.
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("accounts:magic_link_request"), {"email": alderman.email},
                            REMOTE_ADDR="192.0.2.1")
    assert asked.status_code == 302 and len(mailoutbox) == 1
    used = client.post(link_in(mailoutbox[0], "/inloglink/"), REMOTE_ADDR="192.0.2.1")
    assert used.status_code == 302 and signed_in_as(client) == alderman.pk


# --- the e-mail links and the OIDC callback -----------------------------------------------------------------------

def test_using_links_is_limited_per_source(client, db, monkeypatch):
    monkeypatch.setattr(ratelimits, "LINK_USE_PER_IP", "3/h")
    for url in (reverse("accounts:magic_link", args=["fout"]),
                reverse("accounts:password_reset_confirm", args=["MQ", "set-password"])):
        statuses = [client.post(url, {}, REMOTE_ADDR="192.0.2.7").status_code for _ in range(4)]
        assert statuses[-1] == 429, (url, statuses)
        caches["ratelimit"].clear()


def test_the_oidc_callback_is_limited_per_source(client, settings, monkeypatch):
    for name, value in oidc.oidc_settings({"WIJKGERICHT_OIDC_ISSUER": "https://broker.example/digid",
                                           "WIJKGERICHT_OIDC_CLIENT_ID": "wijkgericht"}.get).items():
        setattr(settings, name, value)
    monkeypatch.setattr(ratelimits, "OIDC_CALLBACK_PER_IP", "3/h")
    url = reverse("accounts:oidc_callback")
    statuses = [client.get(url, {"code": "x", "state": f"s{i}"}, REMOTE_ADDR="192.0.2.8").status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert client.get(url, {"code": "x", "state": "s"}, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_the_password_on_the_delete_form_cannot_be_guessed_either(client, resident, monkeypatch):
    """Sibling: the delete form checks the password of a signed-in session (a stolen one, say) without any limit."""
    client.force_login(resident)
    count = int(ratelimits.PASSWORD_CHECK_PER_USER.split("/")[0])
    statuses = [client.post(reverse("accounts:delete"), {"confirmation": f"gok-{i}"},
                            REMOTE_ADDR=f"192.0.2.{i + 1}").status_code for i in range(count + 1)]
    assert statuses == [200] * count + [429]
    assert User.objects.filter(pk=resident.pk).exists()


# --- the visitor's address behind proxies --------------------------------------------------------------------------

@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),                      # no proxy configured: the header is ignored
    (1, "10.0.0.2", "203.0.113.9", "203.0.113.9"),
    (1, "10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),            # the client's own value is not believed
    (2, "10.0.0.3", "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
    (1, "10.0.0.2", None, "10.0.0.2"),                                 # no header: the proxy's address
    (2, "10.0.0.3", "203.0.113.9", "10.0.0.3"),                        # fewer entries than proxies
    (1, "10.0.0.2", "1.2.3.4, niet-een-adres", "10.0.0.2"),
    (1, "10.0.0.2", "1.2.3.4, 2001:db8::1 ", "2001:db8::1"),
    (0, "", None, "0.0.0.0"),
])
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.WIJKGERICHT_TRUSTED_PROXIES = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra)) == expected


def test_behind_a_proxy_a_spoofed_forwarded_for_does_not_bypass_the_limit(client, db, settings, monkeypatch):
    """Was: with the documented WIJKGERICHT_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR, a list gave a 500 and each
    spoofed value a fresh counter."""
    settings.WIJKGERICHT_TRUSTED_PROXIES = 1
    monkeypatch.setattr(ratelimits, "LOGIN_PER_IP", "5/h")
    statuses = [client.post(LOGIN, {"username": f"iemand{i}@example.nl", "password": "x"}, REMOTE_ADDR="10.0.0.2",
                            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.9").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    other = client.post(LOGIN, {"username": "ander@example.nl", "password": "x"}, REMOTE_ADDR="10.0.0.2",
                        HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.status_code == 200


def test_behind_a_proxy_no_header_or_a_list_is_no_error(client, db, settings):
    settings.WIJKGERICHT_TRUSTED_PROXIES = 1
    data = {"username": "iemand@example.nl", "password": "x"}
    assert client.post(LOGIN, data, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.post(LOGIN, data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="a, b, 203.0.113.9").status_code == 200
    assert client.post(LOGIN, data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="").status_code == 200
