"""The resident voice end to end in a real browser: a resident registers and places an idea on the map; the
district alderman publishes it and asks the Sport alderman; the Sport alderman answers; the resident reads the
timeline. Every page on the way is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import (
    axe_violations,
    describe_violations,
    new_page,
    pass_second_factor,
    point_inside,
)

pytestmark = pytest.mark.browser

NIEUWELAND = "WK048909"
PASSWORD = "wijkgericht-demo"


class Visitor:
    """One person in their own browser context, collecting axe violations of every page they see."""

    def __init__(self, browser, site, failures):
        # axe is injected as a script; the CSP rightly refuses that, so these contexts bypass it (the page tests
        # keep the real policy).
        self.context, self.page = new_page(browser, site, bypass_csp=True)
        self.failures = failures

    def check(self):
        if self.page.locator(".district-map").count():
            self.page.wait_for_selector(".district-map[data-ready='true']")
        violations = axe_violations(self.page)
        if violations:
            self.failures.append(describe_violations(self.page.url, violations))

    def sign_in(self, email: str, password: str = PASSWORD):
        self.page.goto("/account/inloggen/")
        self.page.fill("input[name=username]", email)
        self.page.fill("input[name=password]", password)
        self.page.locator("form:has(input[name=password]) button[type=submit]").click()
        pass_second_factor(self.page, email)
        self.page.wait_for_url(re.compile(r"/(account|werkplek)/$"))  # staff land on their workplace


def test_resident_idea_through_district_and_portfolio_holder(browser, site):
    failures: list[str] = []
    resident = Visitor(browser, site, failures)
    page = resident.page

    # Register and confirm the e-mail address with the link from the mail.
    page.goto("/account/registreren/")
    resident.check()
    page.fill("input[name=email]", "nieuwe.bewoner@example.nl")
    page.fill("input[name=password1]", "een-heel-lang-wachtwoord")
    page.fill("input[name=password2]", "een-heel-lang-wachtwoord")
    page.check("input[name=consent]")
    page.get_by_role("button", name="Account aanmaken").click()
    try:
        page.wait_for_url(re.compile(r"/account/registreren/verstuurd/$"))
    except Exception:
        page.screenshot(path="/tmp/register-failure.png", full_page=True)
        raise
    link = re.search(r"https?://\S+(/account/bevestigen/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    resident.check()
    page.get_by_label("Wachtwoord").fill("een-heel-lang-wachtwoord")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/$"))

    # Step 1: point at the street on the map.
    page.get_by_role("link", name="Wat kan er beter?").first.click()
    page.wait_for_selector(".district-map[data-ready='true']")
    resident.check()
    shape = f".district-map path[data-code='{NIEUWELAND}']"
    page.locator(shape).scroll_into_view_if_needed()
    x, y = point_inside(page, shape)
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/inbreng/nieuw/\?lat=[-0-9.]+&lon=[-0-9.]+$"))
    assert "Nieuweland" in page.locator("#plek").inner_text()
    resident.check()

    # Step 2: the idea itself.
    page.get_by_label("bewonersinitiatief").check()
    page.get_by_label("Thema").select_option(label="Sport en bewegen")
    page.get_by_label("Titel").fill("Tafeltennistafel in het park")
    page.get_by_label("Omschrijving").fill("Een betonnen tafeltennistafel; de buurt zorgt voor batjes en ballen.")
    page.get_by_label("Ik vraag geld of een besluit van de gemeente").check()
    page.get_by_label("Gevraagd bedrag in euro").fill("1800")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(re.compile(r"/mijn-inbreng/\d+/ontvangen/$"))  # the receipt: number, next step, term
    item_id = int(re.search(r"/mijn-inbreng/(\d+)/", page.url).group(1))
    assert page.locator(".receipt__number").inner_text().endswith(str(item_id))
    resident.check()
    page.goto("/mijn-inbreng/")
    mine = page.locator(f"#inbreng-{item_id}").inner_text()
    assert "Nieuweland" in mine and "ingediend" in mine
    resident.check()

    # The district alderman finds it in the workspace, publishes it and asks the Sport alderman.
    proos = Visitor(browser, site, failures)
    proos.sign_in("wijkwethouder@demo.invalid")
    proos.page.get_by_role("link", name="Werkplek").click()
    proos.check()
    proos.page.get_by_role("link", name="Tafeltennistafel in het park").first.click()
    proos.check()
    for status in ("gepubliceerd", "in behandeling bij het wijkteam"):
        proos.page.get_by_label("Nieuwe status").select_option(label=status)
        proos.page.get_by_role("button", name="Status wijzigen").click()
        proos.page.wait_for_load_state()
    proos.page.get_by_label("Vraag aan de portefeuillehouder").fill("Past dit bij het sportbeleid en is er geld?")
    proos.page.get_by_role("button", name="Advies vragen").click()
    proos.page.wait_for_load_state()
    assert "Wacht op advies van de portefeuillehouder Sport" in proos.page.content()
    assert proos.page.get_by_role("button", name="Status wijzigen").count() == 0  # cannot decide yet

    # The Sport alderman answers from the advice inbox.
    schaap = Visitor(browser, site, failures)
    schaap.sign_in("sport@demo.invalid")
    schaap.page.goto("/werkplek/")
    inbox = schaap.page.locator("#advies-inbox").locator("xpath=..")
    inbox.get_by_role("link", name="Tafeltennistafel in het park").click()
    schaap.check()
    schaap.page.get_by_label("akkoord onder voorwaarden").check()
    schaap.page.get_by_label("Onderbouwing").fill("Akkoord als de tafel bij het sportveld komt te staan.")
    schaap.page.get_by_role("button", name="Advies geven").click()
    schaap.page.wait_for_load_state()
    assert "Akkoord als de tafel bij het sportveld" in schaap.page.content()

    # The resident sees it in the district's list and reads the timeline; notifications told them.
    page.goto("/wijken/nieuweland/inbreng/")
    page.get_by_role("link", name="Tafeltennistafel in het park").click()
    # Auto-waiting: a loaded page's text can be read while the browser is still parsing the rest of it.
    timeline = page.locator("#tijdlijn").locator("xpath=..")
    for step in ("Ingediend", "Gepubliceerd", "In behandeling bij het wijkteam",
                 "Advies gevraagd aan de wethouder van Sport", "Akkoord onder voorwaarden",
                 "Akkoord als de tafel bij het sportveld"):
        expect(timeline).to_contain_text(step)
    assert "advies ontvangen" in page.locator(".lead").inner_text()
    resident.check()
    page.get_by_role("link", name=re.compile("Berichten")).click()
    page.get_by_text("Tafeltennistafel in het park").first.wait_for()  # read once the page is there, not mid-load
    assert "Tafeltennistafel in het park" in page.content()
    resident.check()

    for visitor in (resident, proos, schaap):
        assert visitor.page.external_requests == []
        visitor.context.close()
    assert not failures, "\n".join(failures)


def test_submit_works_without_javascript(browser, site):
    context, page = new_page(browser, site, java_script_enabled=False)
    Visitor.sign_in(type("V", (), {"page": page})(), "inwoner@demo.invalid")
    page.goto("/inbreng/nieuw/")
    page.get_by_label("Buurt", exact=True).select_option(label="Nieuweland 4")
    page.locator("form:has(#buurt) button").click()
    page.get_by_label("melding", exact=True).check()
    page.get_by_label("Thema").select_option(label="Verkeer en parkeren")
    page.get_by_label("Titel").fill("Gat in het fietspad")
    page.get_by_label("Omschrijving").fill("Bij de brug zit een diep gat.")
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(re.compile(r"/mijn-inbreng/\d+/ontvangen/$"))  # the receipt
    assert "Gat in het fietspad" in page.content()
    context.close()
