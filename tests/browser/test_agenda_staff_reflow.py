"""WCAG 1.4.10 Reflow on the agenda's staff pages: at 375 px (a phone) the page itself does not scroll sideways;
a table wider than that scrolls inside its own region, which a keyboard user can reach and a screen reader names
after the table's caption. The planning view's residents' requests are cards, so their actions (Inplannen, the
decline form) show on a phone without any sideways scrolling."""

from __future__ import annotations

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
    page.errors.clear()  # only the workspace's pages count here (the sign-in's own pages are the accounts' tests')

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

    # The planning view has requests in the demo: as cards, each with its action in view on a phone, nothing to
    # scroll sideways (issue #14); the same in English.
    for path in ("/werkplek/planning/", "/en/werkplek/planning/"):
        page.goto(path)
        cards = page.locator(".request-card")
        assert cards.count() >= 1 and page.locator("div.table-scroll").count() == 0
        for i in range(cards.count()):
            plan = cards.nth(i).locator("a[href*='?verzoek=']")
            box = plan.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (path, i, box)
            decline = cards.nth(i).locator("summary").bounding_box()
            assert decline and decline["x"] + decline["width"] <= WIDTH, (path, i, decline)
        assert _page_width(page) <= WIDTH
        cards.first.locator("summary").click()  # the decline form opens inside the card
        assert _page_width(page) <= WIDTH
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(page.url, violations))

    # The follow-up actions too: cards, each "Gedaan" button in view on a phone.
    page.goto("/werkplek/acties/")
    cards = page.locator(".request-card.actie")
    assert cards.count() >= 1 and page.locator("div.table-scroll").count() == 0
    for i in range(cards.count()):
        box = cards.nth(i).locator("button[type=submit]").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (i, box)
    assert _page_width(page) <= WIDTH

    assert not page.errors, page.errors
    context.close()
    assert not failures, "\n\n".join(failures)
