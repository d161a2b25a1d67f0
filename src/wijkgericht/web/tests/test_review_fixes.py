"""Fixes from the UX/accessibility review, without a browser: the error summary and "Fout:" title of the submit
form, the district kept from a district page into step 1, the map's no-JS text, comment and "solved?" errors shown
in place, the item's place on its page, signing out from the header, and where staff land after signing in."""

from __future__ import annotations

import re

import pytest

from wijkgericht.participation.models import Comment, Item
from wijkgericht.participation.testing import point_in

pytestmark = pytest.mark.django_db


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


# --- 1. the submit form's error summary ----------------------------------------------------------------------------

def test_failed_submission_has_a_focused_error_summary_first_and_says_so_in_the_title(client, roles):
    client.force_login(roles.resident)
    lat, lon = point_in("BU04890919")
    response = client.post("/inbreng/nieuw/", {"lat": lat, "lon": lon, "kind": "", "title": "", "description": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert _title(page).startswith("Fout: Wat kan er beter in uw wijk?")
    summary = re.search(r'<div class="[^"]*error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary, "no error summary"
    tag = re.search(r'<div class="[^"]*error-summary"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in tag and "autofocus" in tag
    # The first thing after the heading (before the place, the similar items and the form).
    assert page.index("</h1>") < page.index("error-summary") < page.index('id="plek"')
    links = re.findall(r'<a class="utrecht-link" href="#([^"]+)">', summary.group(1))
    assert {"id_kind_0", "id_theme", "id_title", "id_description"} <= set(links)
    for anchor in links:  # every link leads to a field on the page
        assert f'id="{anchor}"' in page


def test_a_good_form_has_no_summary_and_a_plain_title(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/", {"buurt": "BU04890918"}).content.decode()
    assert "error-summary" not in page and not _title(page).startswith("Fout:")


def test_a_wrong_place_in_step_one_is_focused_and_titled_too(client, roles):
    client.force_login(roles.resident)
    response = client.get("/inbreng/nieuw/", {"buurt": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert _title(page).startswith("Fout:") and "Kies een buurt uit de lijst." in page
    assert re.search(r'<div class="[^"]*error-summary"[^>]*autofocus', page)


# --- 2. the district from a district page -----------------------------------------------------------------------

def test_district_page_passes_its_district_to_the_submit_page(client, roles):
    page = client.get("/wijken/nieuweland/").content.decode()
    assert 'href="/inbreng/nieuw/?wijk=nieuweland"' in page
    items = client.get("/wijken/nieuweland/inbreng/").content.decode()
    assert 'href="/inbreng/nieuw/?wijk=nieuweland"' in items


def test_step_one_zooms_to_the_district_and_groups_neighbourhoods_with_an_empty_first_option(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/", {"wijk": "nieuweland"}).content.decode()
    assert 'data-highlight="WK048909"' in page
    assert 'data-pick="/inbreng/nieuw/?wijk=nieuweland"' in page
    select = re.search(r'<select[^>]*id="buurt"[^>]*>(.*?)</select>', page, re.S)
    assert "required" in re.search(r'<select[^>]*id="buurt"[^>]*>', page).group(0)
    options = select.group(1)
    first = re.search(r"<option[^>]*>[^<]*</option>", options).group(0)
    assert first == '<option value="">Kies uw buurt</option>'
    assert "selected" not in options
    groups = re.findall(r'<optgroup label="([^"]+)">', options)
    assert groups[0] == "Wijk Nieuweland" and len(groups) == len(set(groups)) > 1
    nieuweland = options.split('<optgroup label="Wijk Nieuweland">')[1].split("</optgroup>")[0]
    assert 'value="BU04890918"' in nieuweland
    # Both step-1 forms keep the district, so a wrong answer comes back zoomed in.
    assert page.count('<input type="hidden" name="wijk" value="nieuweland">') >= 1


def test_without_a_district_the_groups_are_alphabetical_and_an_unknown_district_is_ignored(client, roles):
    client.force_login(roles.resident)
    for query in ({}, {"wijk": "bestaat-niet"}):
        page = client.get("/inbreng/nieuw/", query).content.decode()
        groups = re.findall(r'<optgroup label="Wijk ([^"]+)">', page)
        assert groups == sorted(groups) and "data-highlight" not in page


def test_choosing_a_neighbourhood_in_the_district_goes_to_step_two(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/", {"wijk": "nieuweland", "buurt": "BU04890918"}).content.decode()
    assert "Stap 2 van 2" in page and "Nieuweland" in page


# --- 3. the map without JavaScript ------------------------------------------------------------------------------

def test_map_box_is_hidden_until_script_and_the_noscript_text_fits_the_page(client, roles):
    client.force_login(roles.resident)
    page = client.get("/inbreng/nieuw/").content.decode()
    assert re.search(r'<div class="district-map[^"]*"[^>]*\bhidden\b', page)  # a map that picks: district-map--pick
    assert "Kies hieronder uw buurt" in page and "Alle wijken staan ook in de lijst" not in page
    district = client.get("/wijken/nieuweland/").content.decode()
    assert "De buurten van de wijk staan in de lijst op deze pagina" in district
    home = client.get("/").content.decode()
    assert "Alle wijken staan ook in de lijst op deze pagina" in home  # the default: home has the list


# --- 5. comment and "solved?" errors in place -------------------------------------------------------------------

def test_an_empty_comment_comes_back_in_place_with_its_text_and_a_summary(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    client.force_login(roles.other_resident)
    response = client.post(f"/inbreng/{item.pk}/reageer/", {"body": "     "})
    assert response.status_code == 400
    page = response.content.decode()
    assert _title(page).startswith("Fout: Bankjes langs het water")
    assert 'id="reactie-fouten"' in page and 'href="#id_body"' in page
    assert "utrecht-form-field--invalid" in page  # the field's own message (frame/_fields.html)
    assert re.search(r'<form[^>]*reageer/"[^>]*novalidate', page)
    assert not Comment.objects.filter(item=item, author=roles.other_resident).exists()


def test_a_too_long_comment_keeps_what_was_typed(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    client.force_login(roles.other_resident)
    text = "Heel lang verhaal " * 200
    response = client.post(f"/inbreng/{item.pk}/reageer/", {"body": text})
    assert response.status_code == 400
    assert "Heel lang verhaal Heel lang verhaal" in response.content.decode()


def test_a_good_comment_still_redirects(client, roles):
    item = Item.objects.get(title="Bankjes langs het water")
    client.force_login(roles.other_resident)
    response = client.post(f"/inbreng/{item.pk}/reageer/", {"body": "Goed idee."})
    assert response.status_code == 302 and response["Location"].endswith(f"/inbreng/{item.pk}/")


def test_an_unanswered_solved_question_comes_back_in_place(client, roles):
    from datetime import timedelta

    from wijkgericht.participation.engagement import latest_done
    from wijkgericht.participation.models import Follow

    item = Item.objects.get(title="Omgewaaide boom blokkeert het fietspad")
    client.force_login(roles.other_resident)
    client.post(f"/inbreng/{item.pk}/volg/")
    # Asked only of those who followed before it was done (#10.7): this resident did.
    Follow.objects.filter(item=item, user=roles.other_resident).update(
        created_at=latest_done(item).created_at - timedelta(days=1))
    response = client.post(f"/inbreng/{item.pk}/opgelost/", {"comment": "Weet ik niet"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="opgelost-fouten"' in page and 'href="#id_solved_0"' in page and "Weet ik niet" in page
    assert re.search(r'<form[^>]*opgelost/"[^>]*novalidate', page)


# --- 6. where the item is ---------------------------------------------------------------------------------------

def test_item_page_shows_its_place_in_words_and_on_a_map(client, roles):
    item = Item.objects.select_related("district", "neighbourhood").get(title="Bankjes langs het water")
    page = client.get(f"/wijken/{item.district.slug}/inbreng/{item.pk}/").content.decode()
    assert "Waar is het?" in page
    place = re.search(r'<p class="utrecht-paragraph" id="item-plek">(.*?)</p>', page, re.S).group(1)
    assert item.district.name in place and (item.neighbourhood is None or item.neighbourhood.name in place)
    assert f'data-lat="{item.lat:f}"' in place and f'data-lon="{item.lon:f}"' in place
    assert 'data-markers="#item-plek"' in page and f'data-highlight="{item.district.code}"' in page
    assert "web/map.js" in page and "leaflet.css" in page


# --- 7. signing out, the account page, where staff land -----------------------------------------------------------

def test_signed_in_pages_have_a_sign_out_button_in_the_header(client, roles):
    anonymous = client.get("/").content.decode()
    assert "Uitloggen" not in anonymous
    client.force_login(roles.resident)
    page = client.get("/wijken/nieuweland/").content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert re.search(r'<form method="post" action="/account/uitloggen/"[^>]*>.*csrfmiddlewaretoken.*'
                     r'<button[^>]*type="submit">Uitloggen</button>', header, re.S)
    assert client.post("/account/uitloggen/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_account_page_names_the_pseudonym_once(client, roles):
    client.force_login(roles.resident)
    main = client.get("/account/").content.decode().split("<main", 1)[1]
    assert main.count("Schuilnaam") == 1


@pytest.mark.parametrize(("who", "landing"), [("resident", "/account/"), ("civil_servant", "/werkplek/"),
                                              ("moderator", "/werkplek/"), ("district_alderman", "/werkplek/")])
def test_signing_in_without_next_leads_staff_to_the_workplace(client, roles, who, landing):
    user = getattr(roles, who)
    response = client.post("/account/inloggen/", {"username": user.email, "password": "een-lang-wachtwoord"})
    assert response.status_code == 302 and response["Location"] == landing


def test_signing_in_with_next_still_goes_there(client, roles):
    response = client.post("/account/inloggen/?next=/mijn-inbreng/",
                           {"username": roles.civil_servant.email, "password": "een-lang-wachtwoord",
                            "next": "/mijn-inbreng/"})
    assert response.status_code == 302 and response["Location"] == "/mijn-inbreng/"
