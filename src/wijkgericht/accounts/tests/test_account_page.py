"""The account page: confirmation notice, pseudonym (plain text, escaped), mail preference, staff roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkgericht.accounts.models import MailPreference, StaffRole, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.accounts.tests.conftest import PASSWORD, link_in, make_user

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")


def test_signing_in_is_required(client, db):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login") + "?next=")


def test_the_account_page_shows_email_pseudonym_and_links(client, signed_in, barendrecht):
    page = client.get(ACCOUNT)
    html = page.content.decode()
    assert page.status_code == 200
    assert signed_in.email in html and signed_in.pseudonym in html
    assert reverse("accounts:export") in html and reverse("accounts:delete") in html
    assert reverse("accounts:logout") in html
    assert "bevestig uw e-mailadres" not in html.lower()
    assert "<script>" not in html and " style=" not in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


@pytest.mark.django_db(transaction=True)  # the mail leaves after commit
def test_unverified_users_see_a_notice_and_can_ask_for_the_mail_again(client, mailoutbox):
    user = make_user("nieuw@example.nl", verified=False)
    client.force_login(user)
    html = client.get(ACCOUNT).content.decode()
    assert "Bevestig uw e-mailadres." in html and reverse("accounts:resend_verification") in html
    response = client.post(reverse("accounts:resend_verification"))
    assert response.url == ACCOUNT and len(mailoutbox) == 1
    assert "opnieuw gestuurd" in client.get(ACCOUNT).content.decode()
    assert client.post(link_in(mailoutbox[0], "/bevestigen/"), {"password": PASSWORD}).status_code == 302
    assert "Bevestig uw e-mailadres." not in client.get(ACCOUNT).content.decode()


def test_resend_is_post_only(client, signed_in):
    assert client.get(reverse("accounts:resend_verification")).status_code == 405


def save(client, pseudonym, preference=MailPreference.IMMEDIATE):
    return client.post(ACCOUNT, {"pseudonym": pseudonym, "mail_preference": preference})


def test_changing_pseudonym_and_mail_preference(client, signed_in):
    response = save(client, "  Buurman   van 12  ", MailPreference.DIGEST)
    assert response.status_code == 302
    signed_in.refresh_from_db()
    assert signed_in.pseudonym == "Buurman van 12" and signed_in.mail_preference == MailPreference.DIGEST
    assert "opgeslagen" in client.get(ACCOUNT).content.decode()


def test_script_in_a_pseudonym_is_stored_as_text_and_escaped(client, signed_in):
    save(client, "<script>alert(1)</script>")
    signed_in.refresh_from_db()
    assert signed_in.pseudonym == "<script>alert(1)</script>"
    html = client.get(ACCOUNT).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("pseudonym, message", [
    ("jan@example.nl", "e-mailadres"),
    ("bewoner de groot", "e-mailadres"),  # the mailbox name of bewoner@example.nl
    ("ab", "minstens 3"),
    ("x" * 41, "hoogstens 40"),
    ("Gemeente Barendrecht", "voorbehouden"),
    ("Wethouder Jan", "voorbehouden"),
    ("\u200b\u200bab\u202e", "minstens 3"),  # invisible and direction characters do not count
])
def test_unsuitable_pseudonyms_are_refused(client, signed_in, pseudonym, message):
    before = signed_in.pseudonym
    response = save(client, pseudonym)
    assert response.status_code == 200 and message in " ".join(response.context["form"].errors["pseudonym"])
    signed_in.refresh_from_db()
    assert signed_in.pseudonym == before


def test_pseudonyms_are_unique_ignoring_case(client, signed_in):
    make_user("ander@example.nl").__class__.objects.filter(email="ander@example.nl").update(pseudonym="Tuinfee")
    response = save(client, "TUINFEE")
    assert "al in gebruik" in " ".join(response.context["form"].errors["pseudonym"])
    assert save(client, signed_in.pseudonym).status_code == 302  # keeping one's own is fine


def test_an_invalid_mail_preference_is_refused(client, signed_in):
    assert save(client, "Tuinman", "altijd").status_code == 200
    signed_in.refresh_from_db()
    assert signed_in.mail_preference == MailPreference.IMMEDIATE


def test_staff_see_their_roles(client, barendrecht):
    from wijkgericht.districts.models import District
    from wijkgericht.governance.models import Alderman

    user = make_user("proos@example.nl")
    Alderman.objects.filter(slug="arnoud-proos").update(user=user)
    nieuweland = District.objects.get(code="WK048909")
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    civil = make_user("regisseur@example.nl")
    StaffRole.objects.create(user=civil, role=StaffRole.Role.CIVIL_SERVANT, municipality=barendrecht,
                             district=nieuweland)
    sign_in_verified(client, user)
    html = client.get(ACCOUNT).content.decode()
    assert "Uw rollen bij de gemeente" in html
    assert "Wijkwethouder van" in html and "Nieuweland" in html
    assert "Moderator in" in html and "Barendrecht" in html
    sign_in_verified(client, civil)
    html = client.get(ACCOUNT).content.decode()
    assert "Wijkregisseur van" in html and "Nieuweland" in html and "Moderator in" not in html


def test_residents_see_no_roles_section(client, signed_in):
    assert "Uw rollen" not in client.get(ACCOUNT).content.decode()
    assert User.objects.count() == 1
