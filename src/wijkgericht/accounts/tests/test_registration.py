"""Registering, confirming the address (valid, expired, reused, tampered), and never telling who has an account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts import services
from wijkgericht.accounts.models import User
from wijkgericht.accounts.tests.conftest import PASSWORD, link_in, make_user

# Transactional: account mail leaves after commit (services.mail_after_commit), so each request must really commit.
pytestmark = pytest.mark.django_db(transaction=True)

REGISTER = reverse("accounts:register")


def form(email="nieuw@example.nl", password=PASSWORD, again=None, consent=True):
    data = {"email": email, "password1": password, "password2": again or password}
    if consent:
        data["consent"] = "on"
    return data


def test_the_registration_page_explains_privacy_and_asks_consent(client, barendrecht):
    page = client.get(REGISTER)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="consent"' in html and "schuilnaam" in html
    assert "<script>" not in html and " style=" not in html


def test_registering_creates_an_unverified_account_and_mails_a_confirmation_link(client, mailoutbox):
    response = client.post(REGISTER, form(email="Nieuw@Example.NL"))
    assert response.status_code == 302 and response.url == reverse("accounts:register_done")
    user = User.objects.get(email="nieuw@example.nl")
    assert user.email_verified_at is None and user.check_password(PASSWORD)
    assert user.pseudonym.startswith("Inwoner ")
    assert not services.can_participate(user)
    assert "_auth_user_id" not in client.session  # not signed in until the address is confirmed
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nieuw@example.nl"]
    assert "Bevestig" in mailoutbox[0].subject
    assert "http://127.0.0.1:8000/account/bevestigen/" in mailoutbox[0].body


def test_the_confirmation_link_confirms_and_signs_in_once(client, mailoutbox):
    client.post(REGISTER, form())
    link = link_in(mailoutbox[0], "/bevestigen/")
    page = client.get(link)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and b"Bevestig mijn e-mailadres" in page.content
    assert User.objects.get(email="nieuw@example.nl").email_verified_at is None

    wrong = client.post(link, {"password": "niet-mijn-wachtwoord"})  # proves nothing about the registrant
    assert wrong.status_code == 400 and User.objects.get(email="nieuw@example.nl").email_verified_at is None
    response = client.post(link, {"password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    user = User.objects.get(email="nieuw@example.nl")
    assert user.email_verified_at is not None and services.can_participate(user)
    assert int(client.session["_auth_user_id"]) == user.pk

    client.logout()
    reused = client.post(link, {"password": PASSWORD})
    assert reused.status_code == 200 and "_auth_user_id" not in client.session
    assert "al bevestigd" in reused.content.decode()


def test_an_expired_confirmation_link_does_nothing(client, back_in_time):
    user = make_user("laat@example.nl", verified=False)
    with back_in_time(3 * 24 * 3600 + 60):
        services.send_verification_mail(user)
    from django.core import mail

    link = link_in(mail.outbox[-1], "/bevestigen/")
    response = client.post(link, {"password": PASSWORD})
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None and "_auth_user_id" not in client.session


def test_a_link_made_two_days_ago_still_works(client, back_in_time, mailoutbox):
    user = make_user("traag@example.nl", verified=False)
    with back_in_time(2 * 24 * 3600):
        services.send_verification_mail(user)
    assert client.post(link_in(mailoutbox[-1], "/bevestigen/"), {"password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("tamper", [
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
    lambda t: "x" + t,
    lambda t: "niets",
])
def test_a_tampered_confirmation_link_does_nothing(client, mailoutbox, tamper):
    client.post(REGISTER, form())
    link = link_in(mailoutbox[0], "/bevestigen/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("accounts:verify_email", args=[tamper(token)]))
    assert response.status_code == 400
    assert User.objects.get(email="nieuw@example.nl").email_verified_at is None


def test_a_sign_in_link_is_no_confirmation_link(client, resident):
    from wijkgericht.accounts.tokens import magic_link_token

    other = make_user("ander@example.nl", verified=False)
    response = client.post(reverse("accounts:verify_email", args=[magic_link_token.make(other)]))
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.email_verified_at is None


def test_registering_an_existing_address_looks_the_same_and_mails_its_owner(client, mailoutbox):
    owner = make_user("bestaand@example.nl")
    fresh = client.post(REGISTER, form(email="nieuw@example.nl"))
    taken = client.post(REGISTER, form(email="BESTAAND@example.nl", password="iets-heel-anders-99"))
    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    done_fresh, done_taken = client.get(fresh.url), client.get(taken.url)
    assert done_fresh.content == done_taken.content
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # nothing changed for the owner
    assert User.objects.filter(email__iexact="bestaand@example.nl").count() == 1
    mail = mailoutbox[-1]
    assert mail.to == ["bestaand@example.nl"] and "al een account" in mail.subject
    assert "/account/inloggen/" in mail.body and "/account/wachtwoord-vergeten/" in mail.body
    assert "/bevestigen/" not in mail.body


@pytest.mark.parametrize("data, field, message", [
    (form(again="iets-anders-12345"), "password2", "niet gelijk"),
    (form(password="kort"), "password1", "te kort"),
    (form(password="1234567890123"), "password1", ""),
    (form(email="geen-adres"), "email", ""),
    (form(consent=False), "consent", "akkoord"),
])
def test_invalid_registrations_are_explained_and_create_nothing(client, mailoutbox, data, field, message):
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not User.objects.exists() and not mailoutbox
    assert f'id="id_{field}_error"' in response.content.decode()


def test_signed_in_users_are_sent_to_their_account(client, signed_in):
    assert client.get(REGISTER).url == reverse("accounts:account")


def test_can_participate_needs_an_active_verified_account(resident):
    from django.contrib.auth.models import AnonymousUser

    assert services.can_participate(resident)
    assert not services.can_participate(AnonymousUser())
    assert not services.can_participate(None)
    assert not services.can_participate(make_user("onbevestigd@example.nl", verified=False))
    resident.is_active = False
    assert not services.can_participate(resident)


def test_someone_who_registered_another_persons_address_cannot_keep_it(client, mailoutbox):
    """Account pre-hijacking: an attacker registers the victim's address with a password of their choosing. The
    victim's confirmation needs that password, and a sign-in link (which confirms too) drops it."""
    client.post(REGISTER, form(email="slachtoffer@example.nl", password="wachtwoord-van-de-aanvaller-1"))
    link = link_in(mailoutbox[-1], "/bevestigen/")
    assert client.post(link, {"password": "ik-weet-het-niet"}).status_code == 400
    victim = User.objects.get(email="slachtoffer@example.nl")
    assert victim.email_verified_at is None
    services.send_magic_link("slachtoffer@example.nl")
    assert client.post(link_in(mailoutbox[-1], "/inloglink/")).status_code == 302
    victim.refresh_from_db()
    assert victim.email_verified_at is not None and not victim.has_usable_password()
    assert victim.privacy_accepted_at is None  # the attacker's consent is not the owner's
    client.logout()
    assert not client.login(username="slachtoffer@example.nl", password="wachtwoord-van-de-aanvaller-1")
