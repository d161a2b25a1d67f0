"""Fixes from the UX/accessibility review in a real browser: focus on the error summary (with and without
JavaScript), no map shapes in the tab order, the district kept from its page into step 1, the item's map, and the
header's sign-out; axe-core on each page."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, pass_second_factor

pytestmark = pytest.mark.browser

PASSWORD = "wijkgericht-demo"
MAP_READY = ".district-map[data-ready='true']"


def _sign_in(page, email="inwoner@demo.invalid"):
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, email)
    page.wait_for_url(re.compile(r"/(account|werkplek)/$"))


def _wait_for_focus(page, element_id: str, seconds: float = 10) -> None:
    """The focus moves once the page has loaded (autofocus, or the page's script): poll for it, as reading it at once
    raced the browser on a loaded machine. Polled from here, so it works without JavaScript in the page too."""
    deadline = time.monotonic() + seconds
    while page.evaluate("document.activeElement && document.activeElement.id") != element_id:
        assert time.monotonic() < deadline, f"the focus did not move to #{element_id}"
        page.wait_for_timeout(100)


def _axe(page, failures):
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(page.url, violations))


@pytest.mark.parametrize("javascript", [True, False])
def test_failed_submission_focuses_the_error_summary_on_a_phone(browser, site, javascript):
    context, page = new_page(browser, site, bypass_csp=True, java_script_enabled=javascript,
                             viewport={"width": 375, "height": 700})
    try:
        failures: list[str] = []
        _sign_in(page)
        page.goto("/inbreng/nieuw/?buurt=BU04890918")
        page.get_by_role("button", name="Indienen").click()
        page.wait_for_selector(".error-summary")
        assert page.title().startswith("Fout: ")
        _wait_for_focus(page, "foutoverzicht")
        box = page.locator(".error-summary").bounding_box()
        assert box["y"] < 700, "the summary is not on the first screen"
        page.locator(".error-summary a").first.click()
        assert page.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
        if javascript:
            _axe(page, failures)
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_the_map_is_one_tab_stop_not_one_per_shape(page):
    """The districts are one Tab stop together (the arrow keys move between them, issue #14), never 23."""
    page.goto("/")
    page.wait_for_selector(MAP_READY)
    focusable = page.evaluate("""() => [...document.querySelectorAll('.district-map path, .district-map svg *')]
        .filter(e => e.tabIndex >= 0).length""")
    assert focusable == 1
    # Tabbing from the map goes straight on to the page after it, not through the other shapes.
    page.locator(".district-map path[tabindex='0']").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.district-map path') === null")  # e.g. the zoom buttons
    assert page.errors == []


def test_submit_from_a_district_page_keeps_the_district(browser, site):
    context, page = new_page(browser, site, bypass_csp=True)
    try:
        failures: list[str] = []
        _sign_in(page)
        page.goto("/wijken/nieuweland/")
        page.get_by_role("link", name="Wat kan er beter in uw wijk? Geef het door").click()
        page.wait_for_url(re.compile(r"/inbreng/nieuw/\?wijk=nieuweland$"))
        page.wait_for_selector(MAP_READY)
        assert page.locator(".district-map").get_attribute("data-highlight") == "WK048909"
        select = page.locator("select#buurt")
        assert select.input_value() == ""
        assert select.locator("optgroup").first.get_attribute("label") == "Wijk Nieuweland"
        _axe(page, failures)
        page.get_by_role("button", name="Verder").last.click()  # nothing chosen: the browser asks first
        assert page.url.endswith("?wijk=nieuweland")
        select.select_option("BU04890918")
        page.get_by_role("button", name="Verder").last.click()
        page.wait_for_url(re.compile(r"buurt=BU04890918"))
        assert "Nieuweland" in page.locator("#plek").inner_text()
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_item_page_has_a_map_with_its_marker_and_comment_errors_in_place(browser, site):
    from wijkgericht.participation.models import Item

    item = Item.objects.filter(district__slug="nieuweland", title__startswith="Beweegroute").get()
    context, page = new_page(browser, site, bypass_csp=True)
    try:
        failures: list[str] = []
        _sign_in(page)
        page.goto(f"/wijken/nieuweland/inbreng/{item.pk}/")
        page.wait_for_selector(MAP_READY)
        assert page.locator("#minikaart path.leaflet-interactive").count() >= 2  # the district and the marker
        assert "Nieuweland" in page.locator("#item-plek").inner_text()
        _axe(page, failures)
        page.fill("textarea[name=body]", "   ")
        page.get_by_role("button", name="Reactie versturen").click()
        page.wait_for_selector("#reactie-fouten")
        assert page.title().startswith("Fout: ")
        _wait_for_focus(page, "reactie-fouten")
        _axe(page, failures)
        assert not failures, "\n".join(failures)
    finally:
        context.close()


def test_item_page_without_javascript_says_where_and_shows_no_empty_box(page_without_js):
    from wijkgericht.participation.models import Item

    item = Item.objects.filter(district__slug="nieuweland", title__startswith="Beweegroute").get()
    page_without_js.goto(f"/wijken/nieuweland/inbreng/{item.pk}/")
    assert "Nieuweland" in page_without_js.locator("#item-plek").inner_text()
    assert not page_without_js.locator(".district-map").is_visible()
    page_without_js.goto("/inbreng/nieuw/")  # write first, sign in after (issue #14): the form is open to all
    assert page_without_js.get_by_text("Eerst schrijven, daarna inloggen").is_visible()
    assert not page_without_js.locator(".district-map").is_visible()  # no empty map box without JavaScript


def test_sign_out_from_the_header(page):
    _sign_in(page)
    page.goto("/wijken/nieuweland/")
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("header").get_by_role("link", name="Inloggen").is_visible()


def test_staff_land_on_the_workplace(page):
    _sign_in(page, "wijkwethouder@demo.invalid")
    assert page.url.endswith("/werkplek/")
