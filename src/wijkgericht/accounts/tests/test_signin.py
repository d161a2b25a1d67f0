"""Signing in and out: password, e-mail link (valid, expired, reused, unknown address), password reset."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts import services
from wijkgericht.accounts.models import User
from wijkgericht.accounts.tests.conftest import PASSWORD, link_in, make_user

# Transactional: account mail leaves after commit (services.mail_after_commit), so each request must really commit.
pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = reverse("accounts:login")
MAGIC = reverse("accounts:magic_link_request")
RESET = reverse("accounts:password_reset")


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_the_sign_in_page_offers_password_and_email_link(client, barendrecht):
    html = client.get(LOGIN).content.decode()
    assert 'name="username"' in html and 'type="email"' in html and "E-mailadres" in html
    assert "Stuur mij een inloglink" in html and reverse("accounts:password_reset") in html
    assert "Inloggen met DigiD" not in html  # no OIDC provider configured


def test_sign_in_with_email_in_any_case_and_password(client, resident):
    response = client.post(LOGIN, {"username": " Bewoner@Example.NL ", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    assert signed_in_as(client) == resident.pk


def test_sign_in_follows_a_safe_next_only(client, resident):
    response = client.post(LOGIN + "?next=/wethouders/", {"username": resident.email, "password": PASSWORD})
    assert response.url == "/wethouders/"
    client.logout()
    response = client.post(LOGIN + "?next=https://evil.example/", {"username": resident.email, "password": PASSWORD})
    assert response.url == reverse("accounts:account")


def test_a_wrong_password_is_refused_in_dutch(client, resident):
    response = client.post(LOGIN, {"username": resident.email, "password": "fout-fout-fout"})
    assert response.status_code == 200 and signed_in_as(client) is None
    assert "horen niet bij elkaar" in response.content.decode()


def test_unverified_accounts_can_sign_in(client):
    user = make_user("nieuw@example.nl", verified=False)
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert signed_in_as(client) == user.pk


def test_logout_is_post_only(client, signed_in):
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_as(client) == signed_in.pk
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("web:home")
    assert signed_in_as(client) is None


def test_an_email_link_signs_in_once(client, resident, mailoutbox):
    response = client.post(MAGIC, {"email": "BEWONER@example.nl"})
    assert response.url == reverse("accounts:magic_link_sent")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [resident.email]
    link = link_in(mailoutbox[0], "/inloglink/")
    assert client.get(link).status_code == 200 and signed_in_as(client) is None  # GET alone signs nobody in
    response = client.post(link)
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    assert signed_in_as(client) == resident.pk

    client.logout()
    reused = client.post(link)
    assert reused.status_code == 400 and signed_in_as(client) is None
    assert "één keer" in reused.content.decode()


def test_an_email_link_expires_after_a_quarter_of_an_hour(client, resident, mailoutbox, back_in_time):
    with back_in_time(16 * 60):
        services.send_magic_link(resident.email)
    response = client.post(link_in(mailoutbox[-1], "/inloglink/"))
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert signed_in_as(client) is None


def test_an_email_link_of_14_minutes_old_works(client, resident, mailoutbox, back_in_time):
    with back_in_time(14 * 60):
        services.send_magic_link(resident.email)
    assert client.post(link_in(mailoutbox[-1], "/inloglink/")).status_code == 302


def test_an_email_link_stops_working_when_the_password_changes(client, resident, mailoutbox):
    services.send_magic_link(resident.email)
    resident.set_password("een-ander-lang-wachtwoord")
    resident.save()
    assert client.post(link_in(mailoutbox[-1], "/inloglink/")).status_code == 400


def test_an_email_link_confirms_the_address(client, mailoutbox):
    user = make_user("nieuw@example.nl", verified=False)
    client.post(MAGIC, {"email": user.email})
    client.post(link_in(mailoutbox[-1], "/inloglink/"))
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_asking_a_link_for_an_unknown_address_looks_the_same_and_mails_nothing(client, resident, mailoutbox):
    known = client.post(MAGIC, {"email": resident.email})
    unknown = client.post(MAGIC, {"email": "niemand@example.nl"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert [m.to for m in mailoutbox] == [[resident.email]]


def test_no_link_for_a_disabled_account(client, resident, mailoutbox):
    resident.is_active = False
    resident.save()
    client.post(MAGIC, {"email": resident.email})
    assert mailoutbox == []


def test_password_reset(client, resident, mailoutbox):
    page = client.get(RESET)
    assert page.status_code == 200
    response = client.post(RESET, {"email": resident.email})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1 and "wachtwoord" in mailoutbox[0].subject.lower()
    assert "http://127.0.0.1:8000/account/wachtwoord-herstellen/" in mailoutbox[0].body
    link = link_in(mailoutbox[0], "/wachtwoord-herstellen/")
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"Nieuw wachtwoord" in form.content
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "12345678901", "new_password2": "12345678901"})
    assert "alleen cijfers" in weak.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "nieuw-lang-wachtwoord-7",
                                                    "new_password2": "nieuw-lang-wachtwoord-7"})
    assert done.url == reverse("accounts:password_reset_complete")
    client.logout()
    assert client.login(email=resident.email, password="nieuw-lang-wachtwoord-7")
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_password_reset_confirms_an_unverified_address(client, mailoutbox):
    user = make_user("nieuw@example.nl", verified=False)
    client.post(RESET, {"email": user.email})
    form = client.get(link_in(mailoutbox[0], "/wachtwoord-herstellen/"), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": "nieuw-lang-wachtwoord-7",
                                             "new_password2": "nieuw-lang-wachtwoord-7"})
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_password_reset_for_an_unknown_address_looks_the_same(client, resident, mailoutbox):
    known = client.post(RESET, {"email": resident.email})
    unknown = client.post(RESET, {"email": "niemand@example.nl"})
    assert known.url == unknown.url
    assert len(mailoutbox) == 1


def test_english_pages_keep_working(client, resident):
    assert client.get("/en" + LOGIN).status_code == 200
    response = client.post("/en" + LOGIN, {"username": resident.email, "password": PASSWORD})
    assert response.status_code == 302 and signed_in_as(client) == resident.pk
    assert User.objects.count() == 1
