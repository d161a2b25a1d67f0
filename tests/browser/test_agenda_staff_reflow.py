"""WCAG 1.4.10 Reflow on the agenda's staff pages: at 375 px (a phone) the page itself does not scroll sideways;
a table wider than that scrolls inside its own region, which a keyboard user can reach and a screen reader names
after the table's caption. The demo's planning view has residents' requests with the widest table (its last
column holds the Inplannen buttons and the decline form)."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, pass_second_factor

pytestmark = pytest.mark.browser

PASSWORD = "wijkgericht-demo"
WIDTH = 375


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_staff_tables_fit_a_phone_and_scroll_in_a_labelled_region(browser, site):
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": WIDTH, "height": 800})
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", "wijkwethouder@demo.invalid")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, "wijkwethouder@demo.invalid")
    page.wait_for_url(lambda url: "/inloggen/" not in url)  # signed in (where to is the accounts' business)

    failures: list[str] = []
    for path in ("/werkplek/planning/", "/werkplek/acties/", "/werkplek/partners/"):
        page.goto(path)
        assert _page_width(page) <= WIDTH, f"{path} is {_page_width(page)} px wide at {WIDTH} px"
        regions = page.locator("div.table-scroll")
        for i in range(regions.count()):
            region = regions.nth(i)
            assert region.get_attribute("tabindex") == "0", f"{path}: scroll region {i} is not focusable"
            assert region.get_attribute("role") == "region", f"{path}: scroll region {i} has no role"
            caption = region.locator("caption")
            assert region.get_attribute("aria-labelledby") == caption.get_attribute("id"), path
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(page.url, violations))

    # The planning view has requests in the demo; its widest column (with Inplannen) is reachable: the region
    # scrolls sideways with the keyboard.
    page.goto("/werkplek/planning/")
    region = page.get_by_role("region", name=re.compile("^Open verzoeken in ")).first
    assert region.count() == 1
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits; nothing to scroll here"
    region.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    region.element_handle().wait_for_element_state("stable")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())  # scrolling may be smooth
    assert _page_width(page) <= WIDTH

    assert not page.errors, page.errors
    context.close()
    assert not failures, "\n\n".join(failures)
