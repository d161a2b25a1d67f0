"""Public pages without JavaScript, through Django's test client; the browser tests live in tests/browser."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from wijkgericht.districts.models import Neighbourhood

pytestmark = pytest.mark.django_db


def test_home_lists_every_district_with_its_alderman(client, barendrecht):
    page = client.get("/").content.decode()
    assert page.count('href="/wijken/') == 23
    assert "Arnoud Proos" in page and "Nieuweland" in page
    assert "Kadaster / Centraal Bureau voor de Statistiek, 2024" in page
    assert "31 mei 2022" in page  # the historic college is shown as of its last day


def test_district_page_shows_its_face(client, barendrecht):
    page = client.get("/wijken/nieuweland/").content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Nieuweland</h1>" in page
    assert "Arnoud Proos" in page and "SGP-ChristenUnie" in page
    assert "Nieuweland 1" in page and "BU04890918" not in page  # its neighbourhoods, by name only (issue #14)
    assert "4.890" in page  # inhabitants, Dutch number format
    assert "voorbeeld" in page  # example face and example portfolios are marked


def test_alderman_page_and_board(client, barendrecht):
    page = client.get("/wethouders/arnoud-proos/").content.decode()
    assert "Nieuweland" in page and "Molenvliet" in page and "2018–2022" in page
    board = client.get("/wethouders/").content.decode()
    assert "Jan van Belzen" in board and "Burgemeester" in board
    assert client.get("/wethouders/niemand/").status_code == 404


def test_find_by_point_without_javascript(client, barendrecht):
    point = shape(Neighbourhood.objects.get(code="BU04890918").geometry).representative_point()
    page = client.get("/vind-mijn-wijk/", {"lat": point.y, "lon": point.x}).content.decode()
    assert "Nieuweland 1" in page and 'href="/wijken/nieuweland/"' in page


def test_find_by_address_explains_what_is_wrong(client, barendrecht):
    response = client.get("/vind-mijn-wijk/", {"postcode": "12", "huisnummer": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul een postcode in" in page and "Vul een huisnummer in" in page and 'aria-invalid="true"' in page
    page = client.get("/vind-mijn-wijk/", {"postcode": "2991AB", "huisnummer": "1"}).content.decode()
    assert "postcodetabel is niet geladen" in page


def test_english_translation(client, barendrecht):
    page = client.get("/en/wijken/nieuweland/").content.decode()
    assert '<html lang="en"' in page
    assert "Your district alderman" in page


def test_language_switch_is_a_link_to_the_same_page(client, barendrecht):
    page = client.get("/wijken/nieuweland/").content.decode()
    assert 'href="/en/wijken/nieuweland/" hreflang="en"' in page
    english = client.get("/en/wijken/nieuweland/")
    assert 'href="/wijken/nieuweland/" hreflang="nl"' in english.content.decode()
    assert not english.cookies  # no per-visitor cookie or token on public pages


def test_unknown_pages_are_404(client, barendrecht):
    assert client.get("/wijken/bestaat-niet/").status_code == 404
    assert client.get("/gemeenten/GM9999/").status_code == 404


def test_pages_of_a_second_municipality_live_under_its_code(client, barendrecht):
    from wijkgericht.districts.models import District, Municipality

    other = Municipality.objects.create(code="GM0597", name="Ridderkerk", slug="ridderkerk")
    District.objects.create(municipality=other, code="X", name="Drievliet", slug="drievliet")
    assert client.get("/gemeenten/GM0597/wijken/drievliet/").status_code == 200
    assert "Ridderkerk" in client.get("/gemeenten/GM0597/").content.decode()


def test_cached_pages_change_at_once_when_the_board_changes(client, barendrecht, django_capture_on_commit_callbacks):
    import datetime as dt

    from wijkgericht.districts.models import District
    from wijkgericht.governance.models import Alderman
    from wijkgericht.governance.services import district_alderman_assign

    assert "Arnoud Proos" in client.get("/wijken/nieuweland/").content.decode()
    nieuweland = District.objects.get(code="WK048909")
    assignment = nieuweland.assignments.get()
    assignment.valid_to = None  # reopen to reassign within the term: the service closes it again
    assignment.save()
    with django_capture_on_commit_callbacks(execute=True):  # the versions rise once the assignment commits
        district_alderman_assign(district=nieuweland, alderman=Alderman.objects.get(slug="nico-bults"),
                                 valid_from=dt.date(2021, 1, 1))
    assert "Nico Bults" in client.get("/wijken/nieuweland/").content.decode()



def test_edited_face_shows_at_once(client, barendrecht, django_capture_on_commit_callbacks):
    """Faces are edited in the admin; the cached district page shows the new text once the edit commits."""
    from django.test import Client
    from django.urls import reverse

    from wijkgericht.accounts.testing import sign_in_verified
    from wijkgericht.districts.models import District
    from wijkgericht.participation.testing import make_user

    assert "nieuw beschreven" not in client.get("/wijken/centrum/").content.decode()  # and now in the cache
    centrum = District.objects.get(code="WK048901")
    administrator = make_user("beheer@example.nl")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    staff = Client()
    sign_in_verified(staff, administrator)
    data = {"municipality": centrum.municipality_id, "code": centrum.code, "name": centrum.name, "slug": centrum.slug,
            "character": "Het hart van het dorp, nieuw beschreven.", "needs": centrum.needs,
            "photo_alt": centrum.photo_alt, "neighbourhood_set": [n.pk for n in centrum.neighbourhoods.all()]}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:districts_district_change", args=[centrum.pk]), data)
    assert response.status_code == 302
    assert "nieuw beschreven" in client.get("/wijken/centrum/").content.decode()


def test_not_found_page_is_the_sites_own_in_dutch_and_english(client, barendrecht):
    response = client.get("/wijken/bestaat-niet/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()
    assert "Page not found" in client.get("/en/wijken/bestaat-niet/").content.decode()


def test_server_error_page_reveals_nothing(rf, settings):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("nl"):
        response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "Er ging iets mis" in body and "Traceback" not in body


def test_district_page_lists_what_residents_brought_in(client, barendrecht):
    page = client.get("/wijken/nieuweland/").content.decode()
    assert "Pannakooi bij de basisschool" in page and "advies gevraagd aan de wethouder van het onderwerp" in page


def test_item_page_shows_its_public_timeline(client, barendrecht):
    from wijkgericht.participation.models import Item

    item = Item.objects.get(title="Speeltuin opknappen")
    page = client.get(f"/wijken/paddewei/inbreng/{item.pk}/").content.decode()
    assert "Niet goedgekeurd" in page and "speelruimteplan" in page and "meedenken" in page
    assert "voorbeeld" in page
    pannakooi = Item.objects.get(title="Pannakooi bij de basisschool")
    page = client.get(f"/wijken/nieuweland/inbreng/{pannakooi.pk}/").content.decode()
    assert "wethouder van Sport" in page and "Nog geen antwoord" in page
    # an item is reachable under its own district only
    assert client.get(f"/wijken/centrum/inbreng/{pannakooi.pk}/").status_code == 404


def test_items_waiting_for_moderation_are_not_public(client, barendrecht):
    from wijkgericht.participation.models import Item, Theme
    from wijkgericht.participation.services import item_submit

    point = shape(Neighbourhood.objects.get(code="BU04890918").geometry).representative_point()
    item = item_submit(author=None, municipality=barendrecht, kind=Item.Kind.IDEA, title="Nog niet gemodereerd",
                       description="x", theme=Theme.objects.first(), lat=point.y, lon=point.x)
    assert "Nog niet gemodereerd" not in client.get("/wijken/nieuweland/").content.decode()
    assert client.get(f"/wijken/nieuweland/inbreng/{item.pk}/").status_code == 404


def test_script_in_an_item_is_shown_as_text(client, barendrecht):
    from wijkgericht.participation import workflow
    from wijkgericht.participation.models import Item, Theme
    from wijkgericht.participation.services import item_submit, item_transition

    point = shape(Neighbourhood.objects.get(code="BU04890918").geometry).representative_point()
    item = item_submit(author=None, municipality=barendrecht, kind=Item.Kind.IDEA,
                       title="<script>alert('x')</script>", description="<img src=x onerror=alert(1)>",
                       theme=Theme.objects.first(), lat=point.y, lon=point.x)
    item_transition(item=item, actor=None, target=workflow.PUBLISHED)
    page = client.get(f"/wijken/nieuweland/inbreng/{item.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page
