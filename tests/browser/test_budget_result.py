"""A resident sees the result (issue #12 §5): the round's page, once voting has closed, counts and links to the
result; the result page (chosen projects, the chart with its table, turnout, an explanation per project) on a phone
and on a desktop, with and without JavaScript; and the council's comparison of the two rules. axe finds nothing, no
page scrolls sideways, and under the site's Content-Security-Policy nothing is refused."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def closed(site):
    from wijkgericht.budgets.tests.result_setup import closed_round
    from wijkgericht.districts.models import Municipality

    place = Municipality.objects.get(code="GM0489")
    found, share, proposals = closed_round(place, slug="uitslag-in-de-browser", rule="mes", completion="add1")
    return {"round": found, "share": share, "titles": [p.item.title for p in proposals], "base": site}


def _check(page, failures, *, axe=True):
    page.wait_for_load_state("load")  # measured as shown: stylesheets in, not just the awaited text
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{page.url}: scrolls sideways at {inner} px ({scroll} > {inner})")
    violations = axe_violations(page) if axe else []
    if violations:
        failures.append(describe_violations(page.url, violations))
    if page.errors:
        failures.append(f"{page.url}: {page.errors}")


@pytest.mark.parametrize(("viewport", "scripts"), [(PHONE, False), (PHONE, True), ({"width": 1280, "height": 900},
                                                                                  True)])
def test_the_result_and_its_explanations(browser, closed, viewport, scripts):
    # axe is injected as a script, which the site's CSP refuses: test_no_script_or_style_is_refused checks the CSP
    context, page = new_page(browser, closed["base"], viewport=viewport, java_script_enabled=scripts,
                             bypass_csp=True)
    failures: list[str] = []
    try:
        page.goto(f"/wijkbudget/{closed['round'].slug}/")
        page.get_by_role("link", name="Bekijk de uitslag").click()
        page.get_by_role("heading", level=1, name=re.compile("^Uitslag")).wait_for()
        assert page.get_by_role("img", name="Stemmen en kosten per project").count() == 1
        table = page.get_by_role("table", name=re.compile("Alle projecten"))
        assert table.get_by_role("row").count() == len(closed["titles"]) + 1
        for title in closed["titles"]:
            assert table.get_by_role("rowheader", name=title, exact=True).count() == 1
        assert page.get_by_text(re.compile(r"Gekozen in ronde 1: [\d.]+ stemmers betaalden elk € ")).count() >= 1
        assert page.get_by_text(re.compile("^Niet gekozen")).count() >= 1
        assert page.get_by_role("link", name=re.compile("stembiljetten downloaden")).count() == 1
        _check(page, failures, axe=scripts)  # axe needs scripts; the same page with them is checked below
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_the_councils_comparison(browser, closed):
    from django.conf import settings
    from django.test import Client

    from wijkgericht.accounts.testing import sign_in_verified
    from wijkgericht.budgets.services import results
    from wijkgericht.participation.testing import link_alderman

    results.result_publish(closed["round"])
    client = Client()
    sign_in_verified(client, link_alderman("arnoud-proos", "proos-browser@example.nl"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context, page = new_page(browser, closed["base"], viewport=PHONE, bypass_csp=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": closed["base"]}])
    failures: list[str] = []
    try:
        page.goto(f"/werkplek/wijkbudget/{closed['round'].pk}/vergelijking/")
        page.get_by_role("heading", level=1, name=re.compile("Wat de telregel veranderde")).wait_for()
        assert page.get_by_text(re.compile("^Alleen gekozen met")).count() >= 1
        _check(page, failures)
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_no_script_or_style_is_refused(browser, closed):
    """The chart is inline SVG: under the site's own Content-Security-Policy nothing on the page is refused."""
    context, page = new_page(browser, closed["base"], viewport=PHONE)
    try:
        page.goto(f"/wijkbudget/{closed['round'].slug}/uitslag/")
        page.get_by_role("img", name="Stemmen en kosten per project").wait_for()
        assert page.get_by_role("img", name="Stemmen en kosten per project").is_visible()
        assert not page.errors, page.errors
    finally:
        context.close()
