"""The statement pages per municipality, in Dutch and English, with their defaults and the back office's own
texts and facts; the footer links them everywhere."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from wijkgericht.districts.models import Municipality
from wijkgericht.sitepages.models import SiteInfo, SitePage

PAGES = {"privacy": "/privacy/", "accessibility": "/toegankelijkheid/", "contact": "/contact/", "about": "/over/",
         "open_data": "/data/"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_its_address_in_dutch_english_and_under_the_municipality(client, barendrecht, name):
    assert reverse(f"sitepages:{name}") == PAGES[name]
    nl = client.get(PAGES[name])
    en = client.get("/en" + PAGES[name])
    under = client.get(f"/gemeenten/GM0489{PAGES[name]}")
    assert nl.status_code == en.status_code == under.status_code == 200
    assert '<html lang="nl"' in nl.content.decode() and '<html lang="en"' in en.content.decode()
    assert nl.content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_privacy_defaults_say_what_is_kept_how_long_and_the_rights(client, barendrecht):
    page = client.get("/privacy/").content.decode()
    assert "Gemeente Barendrecht is verantwoordelijk" in page
    assert "180 dagen nadat u ze las" in page and "hoogstens 14 dagen" in page
    assert f'href="{reverse("accounts:account")}"' in page and f'href="{reverse("accounts:delete")}"' in page
    assert "Autoriteit Persoonsgegevens" in page
    english = client.get("/en/privacy/").content.decode()
    assert "180 days after you read them" in english and 'href="/en/account/verwijderen/"' in english


@pytest.mark.django_db
def test_accessibility_statement_follows_the_model_and_the_back_office(client, barendrecht):
    page = client.get("/toegankelijkheid/").content.decode()
    assert "C: eerste maatregelen genomen" in page and "nog niet ondertekend" in page
    assert "Swagger UI" in page  # the known problem, with its alternative
    SiteInfo.objects.update_or_create(municipality=barendrecht, defaults=dict(
        accessibility_status="B", accessibility_audit_by="Stichting Toegankelijk", accessibility_issues_nl=(
            "- De kaart mist een beschrijving; klaar in maart.\n\nPDF's: zie https://example.nl")))
    _raise(barendrecht)
    page = client.get("/toegankelijkheid/").content.decode()
    assert "B: voldoet gedeeltelijk" in page and "Stichting Toegankelijk" in page
    assert "De kaart mist een beschrijving; klaar in maart." in page and "Swagger UI" not in page
    assert '<a class="utrecht-link" href="https://example.nl">' in page
    assert "B: complies partially" in client.get("/en/toegankelijkheid/").content.decode()


@pytest.mark.django_db
def test_contact_shows_the_facts_the_back_office_sets(client, barendrecht):
    demo = client.get("/contact/").content.decode()  # the demo's facts: website, phone, town hall
    assert 'href="https://www.barendrecht.nl"' in demo and 'href="tel:140180"' in demo
    SiteInfo.objects.filter(municipality=barendrecht).delete()
    _raise(barendrecht)
    assert "eigen website van de gemeente" in client.get("/contact/").content.decode()
    SiteInfo.objects.create(municipality=barendrecht, contact_phone="14 0180", contact_email="gemeente@example.nl",
                            visiting_address="Raadhuisplein 1\n2991 BP Barendrecht", opening_hours_nl="ma–vr 9–17 uur",
                            opening_hours_en="Mon–Fri 9 am–5 pm")
    _raise(barendrecht)
    page = client.get("/contact/").content.decode()
    assert 'href="tel:140180"' in page and 'href="mailto:gemeente@example.nl"' in page
    assert "Raadhuisplein 1<br>2991 BP Barendrecht" in page and "ma–vr 9–17 uur" in page
    assert "Mon–Fri 9 am–5 pm" in client.get("/en/contact/").content.decode()


@pytest.mark.django_db
def test_about_names_the_aldermen_and_the_districts(client, barendrecht):
    page = client.get("/over/").content.decode()
    assert "Arnoud Proos" in page and 'href="/wethouders/arnoud-proos/"' in page
    assert "Nieuweland" in page and 'href="/wijken/nieuweland/"' in page


@pytest.mark.django_db
def test_an_own_text_replaces_the_default_escaped_and_english_falls_back_to_it(client, barendrecht):
    SitePage.objects.create(municipality=barendrecht, kind=SitePage.Kind.PRIVACY,
                            text_nl="## Onze eigen tekst\n\nMail <b>ons</b>: privacy@example.nl")
    _raise(barendrecht)
    page = client.get("/privacy/").content.decode()
    assert '<h2 class="utrecht-heading-2">Onze eigen tekst</h2>' in page and "&lt;b&gt;ons&lt;/b&gt;" in page
    assert "180 dagen" not in page and "Laatst gewijzigd op" in page
    english = client.get("/en/privacy/").content.decode()
    assert '<div class="sitepage-text" lang="nl">' in english and "Onze eigen tekst" in english
    SitePage.objects.filter(kind="privacy").update(text_en="## Our own text")
    _raise(barendrecht)
    english = client.get("/en/privacy/").content.decode()
    assert "Our own text" in english and 'lang="nl"' not in english.split('class="sitepage-text"')[1][:20]


@pytest.mark.django_db
def test_admin_edits_show_at_once_on_the_cached_page(client, barendrecht, django_capture_on_commit_callbacks):
    from django.contrib import admin

    from wijkgericht.sitepages.admin import SiteInfoAdmin, SitePageAdmin

    assert "Mijn tekst" not in client.get("/contact/").content.decode()  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        SitePageAdmin(SitePage, admin.site).save_model(
            None, SitePage(municipality=barendrecht, kind="contact", text_nl="Mijn tekst"), None, change=False)
    assert "Mijn tekst" in client.get("/contact/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        info = SiteInfo.objects.get(municipality=barendrecht)
        info.data_licence = "cc-by-4.0"
        SiteInfoAdmin(SiteInfo, admin.site).save_model(None, info, None, change=True)
    assert "CC BY 4.0: u mag ze gebruiken" in client.get("/data/").content.decode()


@pytest.mark.django_db
def test_footer_links_the_pages_and_no_longer_swagger(client, barendrecht):
    home = client.get("/").content.decode()
    footer = home[home.index('<footer'):]
    for path in PAGES.values():
        assert f'href="{path}"' in footer
    assert "/api/v1/docs" not in footer and "Een site van Gemeente Barendrecht" in footer
    english = client.get("/en/").content.decode()
    assert 'href="/en/privacy/"' in english[english.index("<footer"):]


@pytest.mark.django_db
def test_another_municipality_gets_its_own_pages_and_footer(client, barendrecht):
    other = Municipality.objects.create(code="GM0599", name="Rotterdam", slug="rotterdam")
    page = client.get("/gemeenten/GM0599/privacy/").content.decode()
    assert "Gemeente Rotterdam is verantwoordelijk" in page
    footer = page[page.index("<footer"):]
    assert 'href="/gemeenten/GM0599/toegankelijkheid/"' in footer
    SitePage.objects.create(municipality=barendrecht, kind="privacy", text_nl="Alleen Barendrecht")
    _raise(other)
    assert "Alleen Barendrecht" not in client.get("/gemeenten/GM0599/privacy/").content.decode()
    assert client.get("/gemeenten/GM9999/privacy/").status_code == 404


def _raise(municipality: Municipality) -> None:
    """What the admin does after an edit: the municipality's pages are built anew."""
    from django.db.models import F

    Municipality.objects.filter(pk=municipality.pk).update(content_version=F("content_version") + 1)


def test_no_page_links_the_inaccessible_swagger_ui_without_saying_so():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "templates"
    for template in folder.rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"api\.docs", text):
            assert "niet volledig toegankelijk" in text[match.start():match.start() + 400], template


@pytest.mark.django_db
def test_registration_and_the_account_page_link_the_whole_privacy_statement(client, roles):
    assert 'href="/privacy/"' in client.get(reverse("accounts:register")).content.decode().split("<footer")[0]
    client.force_login(roles.resident)
    account = client.get("/en" + reverse("accounts:account")).content.decode().split("<footer")[0]
    assert 'href="/en/privacy/">Read the full privacy statement</a>' in account


@pytest.mark.django_db
def test_privacy_names_drafts_kept_through_sign_in_and_abuse_reports(client, barendrecht):
    page = client.get("/privacy/").content.decode()
    assert "bewaart de site die tekst tijdelijk" in page and "Misbruik melden" in page
    assert "Reporting abuse" in client.get("/en/privacy/").content.decode()
