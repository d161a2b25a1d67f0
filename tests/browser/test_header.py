"""The header in a real browser (issue #14): the municipality's name, logo and colours; on a phone one "Menu" button
(NL Design System's pattern) folds account, language and main menu, and without JavaScript they are plain links;
the board's state is one line, only where the board is shown. axe at 375 and 1280 px, in Dutch and English."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, sign_in
from wijkgericht.demo.accounts import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESK = {"width": 1280, "height": 900}
BRAND = "rgb(0, 112, 60)"  # the demo's #00703c (demo/identity.py)


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_on_a_phone_one_menu_button_folds_the_menus(browser, site):
    context, page = new_page(browser, site, viewport=PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-menu").is_visible()
    signin = page.locator("#site-menu a", has_text="Inloggen")
    assert signin.count() == 1 and not signin.is_visible()  # in the page, folded away
    # One row: the name, the logo and the button, instead of four or five rows of links.
    assert page.locator(".site-header").bounding_box()["height"] < 100
    assert page.locator(".site-header__name").inner_text() == "Gemeente Barendrecht"
    _no_sideways_scroll(page)

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    for name in ("Inloggen", "Account maken", "English", "Wijken", "Wethouders", "Wat kan er beter?"):
        assert page.get_by_role("link", name=name, exact=True).first.is_visible(), name
    _no_sideways_scroll(page)
    # Keyboard: Escape closes it and the focus goes back to the button; Enter opens it again.
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not page.locator("#site-menu").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('site-menu-button')")
    page.keyboard.press("Enter")
    assert page.locator("#site-menu").is_visible()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.get_by_role("button", name="Menu").is_visible()
    assert page.errors == [] and page.external_requests == []
    context.close()


def test_signed_in_on_a_phone_the_menu_holds_the_account_and_signs_out(browser, site):
    context, page = new_page(browser, site, viewport=PHONE)
    sign_in(page, "inwoner@demo.invalid", PASSWORD)
    page.goto("/wijken/nieuweland/")
    button = page.get_by_role("button", name="Menu")
    assert not page.locator("#site-menu").is_visible()
    button.click()
    menu = page.locator("#site-menu")
    assert menu.get_by_role("link", name="Berichten").is_visible()
    assert menu.get_by_role("button", name="Uitloggen").is_visible()
    _no_sideways_scroll(page)
    menu.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#site-menu").get_by_role("link", name="Inloggen").is_visible()
    assert page.errors == []
    context.close()


def test_on_a_phone_without_javascript_the_menus_are_plain_links(browser, site):
    context, page = new_page(browser, site, viewport=PHONE, java_script_enabled=False)
    page.goto("/wethouders/")
    assert not page.locator(".site-menu-button").is_visible()
    for name in ("Inloggen", "English", "Wijken", "Vind mijn wijk"):
        assert page.get_by_role("link", name=name, exact=True).first.is_visible(), name
    _no_sideways_scroll(page)
    context.close()


def test_on_a_wide_screen_there_is_no_menu_button_and_the_municipalitys_colours_show(browser, site):
    context, page = new_page(browser, site, viewport=DESK)
    page.goto("/vind-mijn-wijk/")
    assert not page.locator(".site-menu-button").is_visible()
    account = page.get_by_role("navigation", name="Uw account").bounding_box()
    main_menu = page.get_by_role("navigation", name="Hoofdmenu").bounding_box()
    brand = page.locator(".site-header__brand").bounding_box()
    assert account["y"] < main_menu["y"] and account["x"] > brand["x"] + brand["width"]  # beside the name, above
    logo = page.locator(".site-header__logo")
    assert logo.is_visible() and page.evaluate("document.querySelector('.site-header__logo').naturalWidth") > 0
    colours = page.evaluate("""() => ({
        line: getComputedStyle(document.querySelector('.site-header')).borderBottomColor,
        button: getComputedStyle(document.querySelector('.utrecht-button--primary-action')).backgroundColor,
        link: getComputedStyle(document.querySelector('main a.utrecht-link')).color})""")
    assert colours["line"] == BRAND and colours["button"] == BRAND, colours
    assert colours["link"] == "rgb(0, 90, 140)", colours
    assert page.title().endswith("– Gemeente Barendrecht")
    assert page.errors == [] and page.external_requests == []
    context.close()


def test_the_board_note_is_one_line_and_only_where_the_board_is(browser, site):
    context, page = new_page(browser, site, viewport=DESK)
    for path in ("/wethouders/", "/wethouders/arnoud-proos/", "/wijken/nieuweland/", "/", "/wijken/"):
        page.goto(path)
        note = page.locator(".term-note")
        assert note.count() == 1, path
        line = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.term-note')).lineHeight)"))
        assert note.bounding_box()["height"] < 2 * line, (path, note.bounding_box())
    for path in ("/activiteiten/", "/account/inloggen/", "/vind-mijn-wijk/"):
        page.goto(path)
        assert page.locator(".term-note").count() == 0, path
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["375", "1280"])
def test_axe_finds_nothing_on_the_pages_with_the_header_and_board_note(browser, site, viewport):
    context, page = new_page(browser, site, viewport=viewport, bypass_csp=True)
    problems = []
    for prefix in ("", "/en"):
        for path in ("/", "/wijken/", "/wethouders/", "/wethouders/arnoud-proos/", "/wijken/nieuweland/",
                     "/account/inloggen/"):
            page.goto(prefix + path)
            violations = axe_violations(page)
            if violations:
                problems.append(describe_violations(prefix + path, violations))
            if path == "/" and viewport is PHONE:  # the open menu too
                page.get_by_role("button", name="Menu").click()
                violations = axe_violations(page)
                if violations:
                    problems.append(describe_violations(prefix + path + " (menu open)", violations))
    assert not problems, "\n".join(problems)
    context.close()
