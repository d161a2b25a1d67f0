"""Rate limits: per IP and per e-mail address on every form that mails or checks a password; over it, a 429 page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts import ratelimits
from wijkgericht.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def post_from(client, url, data, ip="192.0.2.1"):
    return client.post(url, data, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url_name, rate, data", [
    ("accounts:login", "LOGIN_PER_EMAIL", lambda i: {"username": "bewoner@example.nl", "password": f"fout-{i}"}),
    ("accounts:register", "REGISTER_PER_EMAIL",
     lambda i: {"email": "bewoner@example.nl", "password1": PASSWORD, "password2": PASSWORD, "consent": "on"}),
    ("accounts:magic_link_request", "MAGIC_LINK_PER_EMAIL", lambda i: {"email": "bewoner@example.nl"}),
    ("accounts:password_reset", "PASSWORD_RESET_PER_EMAIL", lambda i: {"email": "bewoner@example.nl"}),
])
def test_per_email_address_whatever_the_ip(client, resident, monkeypatch, url_name, rate, data):
    monkeypatch.setattr(ratelimits, rate, "3/h")
    url = reverse(url_name)
    statuses = [post_from(client, url, data(i), ip=f"192.0.2.{i + 1}").status_code for i in range(3)]
    assert 429 not in statuses
    blocked = post_from(client, url, {**data(9), **({"username": "BEWONER@example.nl"} if "username" in data(0)
                                                    else {"email": "BEWONER@example.nl"})}, ip="192.0.2.99")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    assert "Even wachten" in blocked.content.decode()
    # Another address from the same IP is still served.
    other = data(0)
    other[next(k for k in ("username", "email") if k in other)] = "ander@example.nl"
    assert post_from(client, url, other, ip="192.0.2.99").status_code != 429


@pytest.mark.parametrize("url_name, rate, field", [
    ("accounts:login", "LOGIN_PER_IP", "username"),
    ("accounts:register", "REGISTER_PER_IP", "email"),
    ("accounts:magic_link_request", "MAGIC_LINK_PER_IP", "email"),
    ("accounts:password_reset", "PASSWORD_RESET_PER_IP", "email"),
])
def test_per_ip_whatever_the_address(client, db, monkeypatch, url_name, rate, field):
    monkeypatch.setattr(ratelimits, rate, "4/h")
    url = reverse(url_name)
    statuses = [post_from(client, url, {field: f"iemand{i}@example.nl", "password": "x"}).status_code
                for i in range(5)]
    assert statuses[:4].count(429) == 0 and statuses[4] == 429
    assert post_from(client, url, {field: "nog-iemand@example.nl"}, ip="198.51.100.7").status_code != 429


def test_the_default_login_limit_stops_guessing(client, resident):
    count, _period = ratelimits.LOGIN_PER_EMAIL_AND_IP.split("/")
    url = reverse("accounts:login")
    for i in range(int(count)):
        assert post_from(client, url, {"username": resident.email, "password": f"gok-{i}"}).status_code == 200
    blocked = post_from(client, url, {"username": resident.email, "password": PASSWORD})
    assert blocked.status_code == 429 and "_auth_user_id" not in client.session


def test_pages_are_not_counted(client, db, monkeypatch):
    monkeypatch.setattr(ratelimits, "LOGIN_PER_IP", "1/h")
    for _ in range(3):
        assert client.get(reverse("accounts:login")).status_code == 200


@pytest.mark.django_db(transaction=True)  # the mail leaves after commit
def test_resending_the_confirmation_mail_is_limited_per_user(client, mailoutbox, monkeypatch):
    from wijkgericht.accounts.tests.conftest import make_user

    monkeypatch.setattr(ratelimits, "RESEND_PER_USER", "2/h")
    client.force_login(make_user("nieuw@example.nl", verified=False))
    url = reverse("accounts:resend_verification")
    assert [post_from(client, url, {}, ip=f"192.0.2.{i}").status_code for i in range(1, 4)] == [302, 302, 429]
    assert len(mailoutbox) == 2
