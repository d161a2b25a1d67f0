"""The public pages in a real browser: the map, the language switch, find-my-district, no-JS, a11y, narrow screens."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.browser.helpers import axe_violations, describe_violations, new_page, point_inside

pytestmark = pytest.mark.browser

NIEUWELAND = "WK048909"  # CBS wijk code of Nieuweland; its district alderman in the demo is Arnoud Proos.
MAP_READY = ".district-map[data-ready='true']"


def _wait_for_map(page, shapes: int = 23) -> None:
    page.wait_for_selector(MAP_READY)
    assert page.locator(".district-map path.leaflet-interactive").count() == shapes


def test_clicking_a_district_on_the_map_opens_its_page(page):
    page.goto("/")
    _wait_for_map(page)
    # Tiles are off: only the shapes, on a plain background, and nothing fetched from outside.
    assert page.locator(".leaflet-tile").count() == 0
    shape = f".district-map path[data-code='{NIEUWELAND}']"
    page.locator(shape).scroll_into_view_if_needed()
    x, y = point_inside(page, shape)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/wijken/nieuweland/$"))
    assert page.locator("h1").inner_text().strip().startswith("Nieuweland")
    assert "Arnoud Proos" in page.locator("main").inner_text()
    # The district page's own map highlights the district and also loads without tiles.
    page.wait_for_selector(MAP_READY)
    assert page.external_requests == []
    assert page.errors == []


def test_language_switch_to_english_and_back(page):
    page.goto("/wijken/nieuweland/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/wijken/nieuweland/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Arnoud Proos" in page.locator("main").inner_text()
    # Whatever the English catalogue translates by now must show; untranslated labels fall back to Dutch.
    with translation.override("en"):
        labels = {nl: translation.gettext(nl) for nl in ("Wijken", "Wethouders", "Vind mijn wijk", "Uw wijkwethouder",
                                                         "Hoofdmenu")}
    nav = page.get_by_role("navigation", name=labels["Hoofdmenu"]).inner_text()
    for dutch in ("Wijken", "Wethouders", "Vind mijn wijk"):
        assert labels[dutch] in nav, (labels[dutch], nav)
    assert page.get_by_role("heading", name=labels["Uw wijkwethouder"]).count() == 1
    # The choice sticks (in the address): the board is English too, the nav links stay under /en/.
    page.get_by_role("navigation", name=labels["Hoofdmenu"]).get_by_role("link", name=labels["Wethouders"]).click()
    page.wait_for_url(re.compile(r"/en/wethouders/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/wethouders/$"))
    assert page.locator("html").get_attribute("lang") == "nl"


def test_find_my_district_by_clicking_the_map(page):
    page.goto("/vind-mijn-wijk/")
    _wait_for_map(page)
    shape = f".district-map path[data-code='{NIEUWELAND}']"
    page.locator(shape).scroll_into_view_if_needed()
    x, y = point_inside(page, shape)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/vind-mijn-wijk/\?lat=[-0-9.]+&lon=[-0-9.]+$"))
    result = page.locator("#resultaat")
    assert result.get_attribute("role") == "status"
    text = result.inner_text()
    assert "Nieuweland" in text and "Arnoud Proos" in text
    result.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/wijken/nieuweland/$"))
    assert page.external_requests == []
    assert page.errors == []


def test_pages_work_without_javascript(page_without_js):
    page = page_without_js
    # Find by address: the demo has no CBS postcode table, and the page says so plainly.
    page.goto("/vind-mijn-wijk/")
    page.get_by_label("Postcode").fill("2991 AB")
    page.get_by_label("Huisnummer").fill("1")
    page.get_by_role("button", name="Zoek mijn wijk").click()
    page.wait_for_url(re.compile(r"postcode=2991"))
    alert = page.get_by_role("alert")
    assert "postcodetabel is niet geladen" in alert.inner_text()
    # Invalid input: the field errors are tied to their fields.
    page.goto("/vind-mijn-wijk/?postcode=abc&huisnummer=x")
    assert page.locator("#postcode").get_attribute("aria-invalid") == "true"
    assert page.locator("#postcode-fout").inner_text().strip()
    # Home: the map says it needs JavaScript, the table has every district with a link.
    page.goto("/")
    assert "lijst" in page.locator("noscript p").first.inner_text()
    assert not page.locator(".district-map").is_visible()  # no empty map box without JavaScript
    rows = page.locator("table.district-table tbody tr")
    assert rows.count() == 23
    assert "Arnoud Proos" in rows.filter(has_text="Nieuweland").inner_text()
    page.get_by_role("link", name="Nieuweland", exact=True).click()
    page.wait_for_url(re.compile(r"/wijken/nieuweland/$"))
    assert "Arnoud Proos" in page.locator("main").inner_text()
    page.get_by_role("link", name="Arnoud Proos").first.click()
    page.wait_for_url(re.compile(r"/wethouders/arnoud-proos/$"))
    assert "Nieuweland" in page.locator("main").inner_text()


PUBLIC_PAGES = [
    "/",
    "/wijken/nieuweland/",
    "/wethouders/",
    "/wethouders/arnoud-proos/",
    "/vind-mijn-wijk/",
    "/vind-mijn-wijk/?lat=51.8569&lon=4.5318",  # a result
    "/vind-mijn-wijk/?postcode=abc&huisnummer=x",  # field errors (400)
    "/vind-mijn-wijk/?postcode=2991AB&huisnummer=1",  # form error: no postcode table
    "/vind-mijn-wijk/?lat=52.37&lon=4.89",  # form error: outside the municipality
]


def test_every_public_page_has_no_axe_violations(browser, site):
    # The site's CSP (script-src 'self') rightly refuses the injected axe script: this context bypasses the CSP;
    # the other tests keep it, so the map is also tested under the real policy.
    context, page = new_page(browser, site, bypass_csp=True)
    failures = []
    from wijkgericht.participation.models import Item

    example = Item.objects.filter(district__slug="nieuweland", title__startswith="Beweegroute").get()
    pages = PUBLIC_PAGES + [f"/wijken/nieuweland/inbreng/{example.pk}/", "/wijken/nieuweland/inbreng/",
                            "/wijken/nieuweland/inbreng/?theme=sport&status=open"]
    urls = pages + ["/en" + url for url in pages] + ["/bestaat-niet/", "/wijken/bestaat-niet/"]
    for url in urls:
        response = page.goto(url)
        expected = 404 if "bestaat-niet" in url else 400 if "abc" in url else 200
        assert response.status == expected, (url, response.status)
        if page.locator(".district-map").count():
            page.wait_for_selector(MAP_READY)
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(url, violations))
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [320, 375])
def test_narrow_screen_has_no_horizontal_scroll(browser, site, width):
    context, page = new_page(browser, site, viewport={"width": width, "height": 800})
    try:
        for url in ["/", "/wijken/nieuweland/", "/wethouders/", "/vind-mijn-wijk/?lat=51.8569&lon=4.5318"]:
            page.goto(url)
            if page.locator(".district-map").count():
                page.wait_for_selector(MAP_READY)
            scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, f"{url}: scrollWidth {scroll} > innerWidth {inner} at {width}px"
    finally:
        context.close()
