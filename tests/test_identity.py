"""The municipality's own identity (issue #14): its name as publisher in the header, title and mails, its logo,
favicon and colours (NL Design System tokens, set in the back office, refused when hard to read), and the board's
state only where the board is shown. On the Barendrecht demo's identity (demo/identity.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from wijkgericht import evaluation
from wijkgericht.accounts.services import send_verification_mail
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.core.colours import contrast_ratio, darker, validate_colour_on_white
from wijkgericht.demo import identity as demo_identity
from wijkgericht.districts.identity import mail_sender, theme_css
from wijkgericht.districts.models import Municipality
from wijkgericht.notifications.services import notify
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db

BOARD_NOTE = "De collegeperiode 2018–2022 is voorbij."


# --- colours ------------------------------------------------------------------------------------------------------

def test_contrast_ratio_has_wcags_known_answers():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert darker("#00703c", 0.5) == "#00381e"


@pytest.mark.parametrize("colour", ["#00703c", "#005a8c", "#767676"])
def test_readable_colours_pass(colour):
    validate_colour_on_white(colour)


@pytest.mark.parametrize(("colour", "code"), [("#ffcc00", "colour_contrast"), ("#777777", "colour_contrast"),
                                              ("green", "colour_format"), ("#00703", "colour_format"),
                                              ("#00703c;}body{", "colour_format")])
def test_hard_to_read_or_malformed_colours_are_refused_in_dutch(colour, code):
    with pytest.raises(ValidationError) as refused:
        validate_colour_on_white(colour)
    assert refused.value.code == code
    assert "kleur" in str(refused.value.messages[0]).lower()


# --- the style sheet ----------------------------------------------------------------------------------------------

def test_the_demo_identity_is_barendrechts(barendrecht):
    assert barendrecht.publisher == "Gemeente Barendrecht"
    assert barendrecht.brand_colour == "#00703c" and barendrecht.link_colour == "#005a8c"
    assert barendrecht.logo.name and barendrecht.favicon.name


def test_theme_stylesheet_sets_the_tokens_and_is_cached_by_version(barendrecht):
    client = Client()
    response = client.get(f"/huisstijl/GM0489.css?v={barendrecht.content_version}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--site-accent: #00703c;" in css
    assert "--utrecht-button-primary-action-background-color: #00703c;" in css
    assert "--utrecht-link-color: #005a8c;" in css
    assert "immutable" in response["Cache-Control"]
    assert "immutable" not in client.get("/huisstijl/GM0489.css?v=old")["Cache-Control"]
    assert client.get("/huisstijl/GM0000.css").status_code == 404
    assert client.get("/huisstijl/x'y.css").status_code == 404


def test_a_municipality_without_colours_gets_the_default_theme(db):
    plain = Municipality(code="GM0001", name="Ergens", slug="ergens")
    assert "--" not in theme_css(plain).split("{", 1)[1]
    plain.brand_colour = "#fff;}*{x"  # never written, even if it got into the row around the validator
    assert "#fff" not in theme_css(plain)


# --- the header and title -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/en/", "/wethouders/", "/account/inloggen/"])
def test_every_page_names_the_municipality_as_publisher(barendrecht, path):
    page = Client().get(path).content.decode()
    assert '<span class="site-header__name">Gemeente Barendrecht</span>' in page
    assert re.search(r"– Gemeente Barendrecht</title>", page)
    assert "Wijkgericht</span>" not in page and "Wijkgericht</title>" not in page
    logo = re.search(r'<img class="site-header__logo" src="([^"]+)" alt=""', page)
    assert logo and logo.group(1).startswith("/media/municipalities/")
    assert f'href="/huisstijl/GM0489.css?v={Municipality.objects.get().content_version}"' in page
    assert re.search(r'<link rel="icon" href="/media/municipalities/[^"]+\.png" type="image/png">', page)
    assert '<meta name="theme-color" content="#00703c">' in page  # a phone's browser bar in the brand colour


def test_logo_and_favicon_are_served_as_images(barendrecht):
    for field in (barendrecht.logo, barendrecht.favicon):
        response = Client().get(field.url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.mode == "RGBA"  # transparent corners kept


def test_the_menu_button_is_hidden_until_javascript_shows_it(barendrecht):
    page = Client().get("/").content.decode()
    button = re.search(r"<button[^>]*site-menu-button[^>]*>", page).group(0)
    assert " hidden" in button and 'aria-controls="site-menu"' in button and 'aria-expanded="false"' in button
    assert 'id="site-menu"' in page


# --- the board's state only where the board is shown --------------------------------------------------------------

@pytest.mark.parametrize("path", ["/wethouders/", "/wethouders/arnoud-proos/", "/wijken/nieuweland/", "/", "/wijken/"])
def test_the_board_note_is_where_the_board_or_its_district_aldermen_are_shown(barendrecht, path):
    page = Client().get(path).content.decode()
    assert page.count(BOARD_NOTE) == 1
    note = re.search(r'<p class="utrecht-paragraph term-note" role="note">([^<]*)</p>', page).group(1)
    assert "\n" not in note and len(note) < 160  # one line at 1280 px (tests/browser/test_header.py measures it)


@pytest.mark.parametrize("path", ["/vind-mijn-wijk/", "/account/inloggen/", "/activiteiten/", "/inbreng/"])
def test_other_pages_do_not_carry_the_board_note(barendrecht, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert BOARD_NOTE not in response.content.decode()


# --- mail -----------------------------------------------------------------------------------------------------------

def test_mail_sender_takes_the_publishers_name(settings):
    settings.DEFAULT_FROM_EMAIL = "Wijkgericht <noreply@example.nl>"
    assert mail_sender("Gemeente Barendrecht") == "Gemeente Barendrecht <noreply@example.nl>"
    settings.DEFAULT_FROM_EMAIL = "noreply@example.nl"
    assert mail_sender("Gemeente Barendrecht") == "Gemeente Barendrecht <noreply@example.nl>"


def test_account_mail_comes_from_the_municipality(barendrecht, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user("nieuw@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_mail(user)
    [message] = mailoutbox
    assert message.from_email.startswith("Gemeente Barendrecht <")
    assert message.subject == "Bevestig uw e-mailadres voor Gemeente Barendrecht"
    assert message.body.rstrip().splitlines()[-2] == "Gemeente Barendrecht"  # the sign-off, above the address
    assert "Wijkgericht" not in message.subject + message.body


def test_notification_mail_comes_from_the_municipality(barendrecht, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user("lezer@example.nl")
    user.mail_preference = "immediate"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], event="item.published", params={"title": "Bankje"}, url="/")
    [message] = mailoutbox
    assert message.from_email.startswith("Gemeente Barendrecht <")
    assert "Gemeente Barendrecht" in message.body and "Wijkgericht" not in message.body
    assert "Gemeente Barendrecht" in message.alternatives[0][0]


# --- the back office ----------------------------------------------------------------------------------------------

@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("beheer@example.nl", "een-lang-wachtwoord")
    client = Client()
    sign_in_verified(client, user)
    return client


def _png_with_text() -> SimpleUploadedFile:
    image = Image.new("RGBA", (1200, 400), (0, 112, 60, 255))
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Author", "geheim")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def _form(municipality: Municipality, **changes) -> dict:
    data = {"name": municipality.name, "slug": municipality.slug, "division_year": municipality.division_year,
            "publisher_name": municipality.publisher_name, "brand_colour": municipality.brand_colour,
            "link_colour": municipality.link_colour}
    return {**data, **changes}


def test_back_office_sets_the_identity_and_the_pages_follow(barendrecht, staff, django_capture_on_commit_callbacks):
    assert "Gemeente Barendrecht" in Client().get("/").content.decode()  # and now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/admin/districts/municipality/{barendrecht.pk}/change/",
                              _form(barendrecht, publisher_name="Gemeente Barendrecht (test)",
                                    brand_colour="#0b5394", logo=_png_with_text()))
    assert response.status_code == 302, response.content.decode()[:3000]
    barendrecht.refresh_from_db()
    assert barendrecht.logo.name.endswith(".png") and "voorbeeld" not in barendrecht.logo.name
    with barendrecht.logo.open("rb") as stored, Image.open(stored) as logo:
        assert logo.size == (600, 200) and "Author" not in logo.info  # scaled down, nothing of the file kept
    page = Client().get("/").content.decode()
    assert "Gemeente Barendrecht (test)</span>" in page
    css = Client().get(f"/huisstijl/GM0489.css?v={barendrecht.content_version}").content.decode()
    assert "--site-accent: #0b5394;" in css


def test_back_office_refuses_a_light_colour_and_a_non_image(barendrecht, staff):
    response = staff.post(f"/admin/districts/municipality/{barendrecht.pk}/change/",
                          _form(barendrecht, brand_colour="#ffcc00",
                                favicon=SimpleUploadedFile("icoon.png", b"geen plaatje", content_type="image/png")))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deze kleur is te licht" in page
    barendrecht.refresh_from_db()
    assert barendrecht.brand_colour == "#00703c"


def test_loading_the_demo_again_keeps_what_the_municipality_set(barendrecht):
    barendrecht.publisher_name = "Gemeente Barendrecht, afdeling Wijken"
    barendrecht.save()
    logo = barendrecht.logo.name
    demo_identity.load(barendrecht)
    barendrecht.refresh_from_db()
    assert barendrecht.publisher_name == "Gemeente Barendrecht, afdeling Wijken" and barendrecht.logo.name == logo


# --- printed and downloaded documents name the publisher too ------------------------------------------------------

def test_letters_and_the_evaluation_report_name_the_publisher(barendrecht):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    barendrecht.publisher_name = "Gemeente Barendrecht, Wijkteams"
    letter = SimpleNamespace(street="Dorpsstraat", house="1", postcode_display="2991 AA", city="Barendrecht",
                             code="ABCD-EFGH")
    html = render_to_string("budgets/codes_letter.html", {"municipality": barendrecht, "pages": [{"letter": letter}],
                                                           "round": SimpleNamespace(title="Wijkbudget")})
    assert '<div class="sender"><strong>Gemeente Barendrecht, Wijkteams</strong>' in html
    template = (Path(evaluation.__file__).parent / "templates" / "evaluation" / "report.html").read_text()
    assert template.count("{{ municipality.publisher }}") == 2  # the PDF's author and its cover


def test_error_pages_name_the_default_municipality_as_publisher(barendrecht):
    response = Client().get("/wijken/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "– Gemeente Barendrecht</title>" in page and '<span class="site-header__name">Gemeente Barendrecht<' in page
