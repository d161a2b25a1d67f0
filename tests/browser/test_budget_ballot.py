"""A resident votes with the cart on a 375 px screen (issue #12 §4): without JavaScript (the cart recomputes on the
server) and with it (the meter follows each tick and is announced), by keyboard; axe finds nothing on the ballot,
the check page and the receipt; the page does not scroll sideways."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

PASSWORD = "een-lang-wachtwoord"
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def ballot(site):
    from wijkgericht.budgets.tests.voting_setup import verify, voting_round
    from wijkgericht.districts.models import Municipality
    from wijkgericht.participation.testing import make_user

    place = Municipality.objects.get(code="GM0489")
    found, _share, proposals = voting_round(place, slug="stem-in-de-browser")
    people = []
    for email in ("kiezer-zonder-js@example.nl", "kiezer-met-js@example.nl"):
        user = make_user(email)
        verify(user, place)
        people.append(email)
    return {"url": f"/wijkbudget/{found.slug}/stemmen/", "titles": [p.item.title for p in proposals],
            "people": people, "round": found, "base": site}


def _sign_in(page, email):
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


def _check_page(page, failures, axe_page=None):
    """No sideways scroll at 375 px, and no axe violation. Without JavaScript axe cannot run in the page itself:
    its HTML, as the browser got it, is checked in `axe_page` (a context with scripts, at the same width)."""
    page.wait_for_load_state("load")  # measured as shown: stylesheets in, not just the awaited text
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{page.url}: scrolls sideways at 375 px ({scroll} > {inner})")
    target = page
    if axe_page is not None:
        base = re.match(r"https?://[^/]+", page.url).group(0)
        axe_page.set_content(page.content().replace("<head>", f'<head><base href="{base}/">', 1))
        target = axe_page
    violations = axe_violations(target)
    if violations:
        failures.append(describe_violations(page.url, violations))


def _cast_and_see_the_receipt(page, failures, chosen, axe_page=None):
    heading = page.get_by_role("heading", name="Controleer uw stem")
    heading.wait_for()
    for title in chosen:
        assert page.get_by_role("cell", name=title).count() == 1
    _check_page(page, failures, axe_page)
    page.get_by_role("button", name="Stem uitbrengen").click()
    page.get_by_role("heading", name="Uw stem is geteld").wait_for()
    assert not any(title in page.content() for title in chosen)  # the receipt holds nothing of the ballot
    _check_page(page, failures, axe_page)


def test_voting_with_the_cart_without_javascript_on_a_phone(browser, ballot):
    from wijkgericht.budgets.models import Ballot

    context, page = new_page(browser, ballot["base"], java_script_enabled=False, viewport=PHONE)
    axe_context, axe_page = new_page(browser, ballot["base"], viewport=PHONE, bypass_csp=True)
    failures: list[str] = []
    try:
        _sign_in(page, ballot["people"][0])
        page.goto(ballot["url"])
        _check_page(page, failures, axe_page)
        titles = ballot["titles"]  # costs 40,000 / 30,000 / 25,000 / 20,000 … of a 100,000 budget
        page.get_by_label(titles[0]).check()
        page.get_by_label(titles[1]).check()
        page.get_by_role("button", name="Bereken opnieuw").click()
        meter = page.locator("#budgetstand")
        assert "U koos voor € 70.000 van € 100.000. Nog te besteden: € 30.000." in meter.inner_text()
        assert page.get_by_label(titles[0]).is_checked()
        page.get_by_label(titles[2]).check()
        page.get_by_label(titles[3]).check()  # 40,000 + 30,000 + 25,000 + 20,000
        page.get_by_role("button", name="Verder: mijn keuze controleren").click()
        alert = page.get_by_role("alert")
        assert "Dat is € 15.000 meer dan het budget van € 100.000" in alert.inner_text()
        _check_page(page, failures, axe_page)
        page.get_by_label(titles[1]).uncheck()
        page.get_by_role("button", name="Verder: mijn keuze controleren").click()
        _cast_and_see_the_receipt(page, failures, [titles[0], titles[2], titles[3]], axe_page)
    finally:
        context.close()
        axe_context.close()
    assert not failures, "\n".join(failures)
    assert Ballot.objects.filter(share__round=ballot["round"]).count() == 1


def test_voting_with_the_cart_with_javascript_by_keyboard_on_a_phone(browser, ballot):
    from wijkgericht.budgets.models import Ballot

    context, page = new_page(browser, ballot["base"], viewport=PHONE, bypass_csp=True)
    failures: list[str] = []
    try:
        _sign_in(page, ballot["people"][1])
        page.goto(ballot["url"])
        titles = ballot["titles"]
        assert page.get_by_role("button", name="Bereken opnieuw").is_hidden()  # the meter is always current
        meter = page.locator("#budgetstand")
        assert meter.get_attribute("aria-live") == "polite"
        page.get_by_label(titles[0]).focus()
        page.keyboard.press("Space")
        page.wait_for_function("document.getElementById('budgetstand').textContent.includes('40.000')")
        assert re.search(r"U koos voor € 40\.000 van € 100\.000\. Nog te besteden: € 60\.000\.", meter.inner_text())
        for title in titles[1:4]:
            page.get_by_label(title).focus()
            page.keyboard.press("Space")
        page.wait_for_function("document.getElementById('budgetstand').textContent.includes('meer dan het budget')")
        assert "ballot__over" in (meter.get_attribute("class") or "")
        _check_page(page, failures)
        page.get_by_label(titles[2]).focus()
        page.keyboard.press("Space")
        page.wait_for_function("document.getElementById('budgetstand').textContent.includes('90.000')")
        page.get_by_role("button", name="Verder: mijn keuze controleren").focus()
        page.keyboard.press("Enter")
        _cast_and_see_the_receipt(page, failures, [titles[0], titles[1], titles[3]])
        assert page.errors == [], page.errors  # no script or CSP error
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    assert Ballot.objects.filter(share__round=ballot["round"]).count() == 1
