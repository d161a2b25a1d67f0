"""Resident flows that lose nothing (issue #14): write first and sign in after (the draft survives signing in,
registering and confirming the address in another browser), the receipt with number, mail and term, the decision on
the item page, support that asks before following, and photos that are never silently dropped."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from wijkgericht.accounts.models import User
from wijkgericht.notifications.models import Notification
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Follow, Item, ItemDraft, ResponseTerm, Support
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.terms import add_working_days
from wijkgericht.participation.testing import submit
from wijkgericht.participation.tests.pages.formdata import submission_data

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord"


def _draft(client) -> dict:
    data = submission_data(title="Een bankje bij de vijver")
    response = client.post("/inbreng/nieuw/", data)
    assert response.status_code == 302 and response["Location"] == "/inbreng/concept/"
    return data


def test_a_visitor_writes_first_then_signs_in_and_it_is_submitted(client, roles, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    _draft(client)
    page = client.get("/inbreng/concept/").content.decode()
    assert "Een bankje bij de vijver" in page and "log in of maak een account" in page
    assert not Item.objects.filter(title="Een bankje bij de vijver").exists()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post("/account/inloggen/", {"username": roles.resident.email, "password": PASSWORD,
                                                       "next": "/inbreng/concept/"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/inbreng/concept/"
    item = Item.objects.get(title="Een bankje bij de vijver")
    assert item.author == roles.resident and item.status == workflow.SUBMITTED
    # the draft page leads on to the receipt, once
    onward = client.get("/inbreng/concept/")
    assert onward.status_code == 302 and onward["Location"] == f"/mijn-inbreng/{item.pk}/ontvangen/"
    assert "Er staat niets klaar" in client.get("/inbreng/concept/").content.decode()
    # a second sign-in submits nothing twice
    client.logout()
    client.post("/account/inloggen/", {"username": roles.resident.email, "password": PASSWORD})
    assert Item.objects.filter(title="Een bankje bij de vijver").count() == 1


def test_a_visitor_registers_and_the_draft_is_submitted_when_the_address_is_confirmed_elsewhere(
        client, roles, mailoutbox, django_capture_on_commit_callbacks):
    _draft(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/registreren/", {"email": "nieuw@example.nl", "password1": "een-lang-wachtwoord-42",
                                              "password2": "een-lang-wachtwoord-42", "consent": "on"})
    user = User.objects.get(email="nieuw@example.nl")
    assert ItemDraft.objects.filter(user=user).count() == 1
    assert not Item.objects.filter(title="Een bankje bij de vijver").exists()
    link = re.search(r"https?://\S+(/account/bevestigen/\S+)", mailoutbox[-1].body).group(1)
    other_browser = Client()  # the mail opens in another browser: no session of the visitor's
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = other_browser.post(link, {"password": "een-lang-wachtwoord-42"})
    assert confirmed.status_code == 302
    item = Item.objects.get(title="Een bankje bij de vijver")
    assert item.author == user and not ItemDraft.objects.filter(user=user).exists()
    assert Notification.objects.filter(recipient=user, event="item.received", item=item).exists()


def test_registering_an_address_that_has_an_account_reads_the_same(client, roles):
    _draft(client)
    new = client.post("/account/registreren/", {"email": "nieuw@example.nl", "password1": "een-lang-wachtwoord-42",
                                                "password2": "een-lang-wachtwoord-42", "consent": "on"}, follow=True)
    other = Client()
    _draft(other)
    taken = other.post("/account/registreren/", {"email": roles.resident.email, "password1": "een-lang-wachtwoord-42",
                                                 "password2": "een-lang-wachtwoord-42", "consent": "on"}, follow=True)
    said = "Uw tekst is bewaard."
    assert said in new.content.decode() and said in taken.content.decode()
    # the owner signs in in that browser: the draft goes in under their account
    other.post("/account/inloggen/", {"username": roles.resident.email, "password": PASSWORD})
    assert Item.objects.filter(title="Een bankje bij de vijver", author=roles.resident).count() == 1


def test_the_draft_can_be_thrown_away(client, roles):
    _draft(client)
    client.post("/inbreng/concept/", {"weggooien": "1"})
    assert "Er staat niets klaar" in client.get("/inbreng/concept/").content.decode()


def test_receipt_number_mail_link_and_the_municipalitys_term(client, roles, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    ResponseTerm.objects.create(municipality=roles.municipality, working_days=3)
    client.force_login(roles.resident)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inbreng/nieuw/", submission_data())
    item = Item.objects.get(title="Meer bomen in de straat")
    assert response["Location"] == f"/mijn-inbreng/{item.pk}/ontvangen/"
    page = client.get(response["Location"]).content.decode()
    due = add_working_days(item.created_at.date(), 3)
    assert f"<strong>{item.pk}</strong>" in page
    assert "Binnen 3 werkdagen bekijkt het wijkteam van Nieuweland het" in page and str(due.year) in page
    receipt = [m for m in mailoutbox if m.to == [roles.resident.email]]
    assert receipt and f"nummer {item.pk}" in receipt[-1].subject + receipt[-1].body
    assert f"/mijn-inbreng/{item.pk}/ontvangen/" in receipt[-1].body and "Binnen 3 werkdagen" in receipt[-1].body
    # only the submitter opens the receipt
    client.force_login(roles.other_resident)
    assert client.get(f"/mijn-inbreng/{item.pk}/ontvangen/").status_code == 404


def test_working_days_skip_the_weekend():
    friday = dt.date(2026, 12, 4)
    assert add_working_days(friday, 1) == dt.date(2026, 12, 7)
    assert add_working_days(friday, 5) == dt.date(2026, 12, 11)
    assert add_working_days(dt.date(2026, 12, 5), 1) == dt.date(2026, 12, 7)  # a Saturday
    assert add_working_days(friday, 0) == friday


@pytest.fixture
def fresh_pages():
    """The item page is cached; the writes' invalidation runs after commit, which these tests never reach."""
    from django.core.cache import cache

    return cache.clear


def test_the_item_page_says_what_was_decided_by_whom_why_and_what_next(client, roles, fresh_pages):
    item = submit(roles)  # an initiative asking money, theme Sport
    item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
    item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    url = f"/wijken/{item.district.slug}/inbreng/{item.pk}/"
    before = client.get(url).content.decode()
    assert "besluit pas na advies van de wethouder van" in before and "Het besluit" not in before
    advice = advice_request(item=item, actor=roles.civil_servant, question="Past dit in het sportbeleid?")
    advice_answer(advice=AdviceRequest.objects.get(pk=advice.pk), actor=roles.portfolio_holder, answer="agree",
                  reasoning="Past goed bij het sportbeleid.")
    item.refresh_from_db()
    item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED,
                    reason="Veel steun in de buurt en het past in het budget.")
    fresh_pages()
    page = client.get(url).content.decode()
    assert "Het besluit" in page and "Ja: het wijkteam gaat dit doen." in page
    assert "wethouder Arnoud Proos, voor het wijkteam van Nieuweland" in page
    assert "Veel steun in de buurt en het past in het budget." in page
    assert "Advies van wethouder Cees Schaap" in page and "akkoord" in page
    assert "U krijgt bericht als het begint" in page
    assert "besluit pas na advies" not in page  # the introduction follows the state


def test_a_decision_recorded_by_the_back_office_names_the_district_alderman(client, roles, fresh_pages):
    item = submit(roles, needs_decision=False, kind=Item.Kind.IDEA)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item_transition(item=item, actor=roles.civil_servant if target != workflow.PUBLISHED else roles.moderator,
                        target=target)
    item_transition(item=item, actor=roles.administrator, target=workflow.DECLINED, reason="Dit kan hier niet.")
    fresh_pages()
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert "Nee: het wijkteam doet dit niet." in page
    assert "het wijkteam van Nieuweland, onder verantwoordelijkheid van wijkwethouder Arnoud Proos" in page
    assert "Hier gebeurt verder niets mee." in page


def test_support_asks_before_following(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    client.force_login(roles.other_resident)
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert 'name="volgen" value="1" id="steun-volgen" checked' in page
    said = client.post(f"/inbreng/{item.pk}/steun/", follow=True).content.decode()  # box unticked
    assert Support.objects.filter(item=item, user=roles.other_resident).exists()
    assert not Follow.objects.filter(item=item, user=roles.other_resident).exists()
    assert "U krijgt hierover geen berichten" in said
    client.post(f"/inbreng/{item.pk}/steun-intrekken/")
    said = client.post(f"/inbreng/{item.pk}/steun/", {"volgen": "1"}, follow=True).content.decode()
    assert Follow.objects.filter(item=item, user=roles.other_resident).exists() and "U volgt dit nu ook" in said


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "green").save(out, format="JPEG")
    return out.getvalue()


def test_a_photo_is_never_silently_lost_after_a_form_error(client, roles):
    client.force_login(roles.resident)
    photo = SimpleUploadedFile("boom.jpg", _jpeg(), content_type="image/jpeg")
    response = client.post("/inbreng/nieuw/", submission_data(title="", photos=[photo]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Uw foto is niet bewaard, omdat er iets anders niet goed was ingevuld. Kies de foto opnieuw." in page
    assert 'href="#id_photos"' in page  # in the error summary, linked to the field
