"""The statement pages and open data in a real browser: axe finds nothing in Dutch or English, at phone and desktop
width, with the defaults and with the back office's own texts and facts; nothing scrolls sideways; the footer's
links are there on every page and work by keyboard."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

PAGES = ["/privacy/", "/toegankelijkheid/", "/contact/", "/over/", "/data/"]
FOOTER = {"nl": ["Contact", "Over deze site", "Privacy", "Toegankelijkheid", "Open data"],
          "en": ["Contact", "About this site", "Privacy", "Accessibility", "Open data"]}


def _own_texts() -> None:
    from wijkgericht.districts.models import Municipality
    from wijkgericht.districts.versioning import public_pages_changed
    from wijkgericht.sitepages.models import SiteInfo, SitePage

    barendrecht = Municipality.objects.get(code="GM0489")
    SiteInfo.objects.update_or_create(municipality=barendrecht, defaults=dict(
        contact_phone="14 0180", contact_email="gemeente@barendrecht.nl",
        contact_form_url="https://www.barendrecht.nl/contact", website_url="https://www.barendrecht.nl",
        visiting_address="Raadhuisplein 1\n2991 BP Barendrecht", postal_address="Postbus 15\n2990 AA Barendrecht",
        opening_hours_nl="Maandag tot en met vrijdag 8.30–17.00 uur", accessibility_status="B",
        accessibility_audit_by="Een deskundige partij", accessibility_issues_nl="- Een bekend probleem, klaar in 2027"))
    SitePage.objects.create(municipality=barendrecht, kind="about",
                            text_nl="## Eigen kop\n\nEen alinea met https://www.barendrecht.nl.\n\n- een\n- twee")
    public_pages_changed(barendrecht.pk)


def _check(page, url: str, width: int, failures: list[str]) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{url}: scrollWidth {scroll} > innerWidth {inner} at {width}px")
    language = "en" if url.startswith("/en/") else "nl"
    footer = page.locator("footer")
    for name in FOOTER[language]:
        link = footer.get_by_role("link", name=name, exact=True)
        if not link.is_visible():
            failures.append(f"{url}: footer link {name!r} not visible at {width}px")
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(f"{url} at {width}px", violations))


@pytest.mark.parametrize("width", [375, 1280])
def test_statement_pages_pass_axe_and_fit_in_dutch_and_english(browser, site, width):
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": width, "height": 800})
    failures: list[str] = []
    try:
        # The registration page links the whole privacy statement (a changed page: axe there too).
        for url in PAGES + ["/en" + p for p in PAGES] + ["/account/registreren/", "/en/account/registreren/"]:
            _check(page, url, width, failures)
        _own_texts()
        for url in ["/contact/", "/toegankelijkheid/", "/over/", "/en/over/", "/en/contact/"]:
            _check(page, url, width, failures)
        assert page.goto("/over/").ok and page.get_by_role("heading", name="Eigen kop").is_visible()
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_footer_links_work_by_keyboard_and_open_data_opens_per_district(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    link = page.locator("footer").get_by_role("link", name="Toegankelijkheid", exact=True)
    link.focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/toegankelijkheid/")
    assert page.get_by_role("heading", level=1).inner_text() == "Toegankelijkheidsverklaring"
    page.goto("/data/")
    summary = page.locator("#activiteiten summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#activiteiten details").get_attribute("open") is not None
    assert page.get_by_role("link", name="Activiteiten in Nieuweland (iCalendar)").is_visible()
