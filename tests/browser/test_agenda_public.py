"""The public agenda in a real browser: a resident registers for an activity with one place, a second resident lands
on the waiting list, the first cancels and the second gets the place. axe-core checks the agenda, activity, district
activities, invite and district pages in Dutch and English, and each page fits a 320 px wide screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "wijkgericht-demo"


class Visitor:
    """One person in their own browser context (axe is injected, so the CSP is bypassed here)."""

    def __init__(self, browser, site, failures, **options):
        self.context, self.page = new_page(browser, site, bypass_csp=True, **options)
        self.failures = failures

    def check(self):
        if self.page.locator(".district-map").count():
            self.page.wait_for_selector(".district-map[data-ready='true']")
        violations = axe_violations(self.page)
        if violations:
            self.failures.append(describe_violations(self.page.url, violations))
        assert not self.page.errors, self.page.errors

    def sign_in(self, email: str, password: str):
        self.page.goto("/account/inloggen/")
        self.page.fill("input[name=username]", email)
        self.page.fill("input[name=password]", password)
        self.page.locator("form:has(input[name=password]) button[type=submit]").click()
        self.page.wait_for_url(re.compile(r"/account/$"))


@pytest.fixture
def activity(site):
    from django.utils import timezone

    from wijkgericht.agenda.models import ActivityKind
    from wijkgericht.agenda.services.activities import activity_create
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
    from wijkgericht.agenda.services.partners import partner_save
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.governance.models import Alderman

    municipality = Municipality.objects.get(code="GM0489")
    kinds_ensure_defaults(municipality)
    nieuweland = District.objects.get(code="WK048909")
    partner = partner_save(actor=None, municipality=municipality, name="Politie wijkagent Nieuweland",
                           kind="police", districts=[nieuweland], description="De wijkagent fietst mee.")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=9)
    return activity_create(
        actor=None, municipality=municipality, kind=ActivityKind.objects.get(municipality=municipality,
                                                                     slug="fietstocht"),
        title="Fietstocht door Nieuweland", districts=[nieuweland], starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), place="Start bij het Kruispunt", lat=51.853, lon=4.548,
        description="We fietsen langs de plekken waar u ons op wees.", capacity=1,
        hosts=[Alderman.objects.get(slug="arnoud-proos")], invited_partners=[partner])


def test_register_wait_and_cancel_with_axe_on_every_agenda_page(browser, site, activity):
    from wijkgericht.participation.testing import make_user

    make_user("tweede.bewoner@example.nl")  # password: een-lang-wachtwoord
    failures: list[str] = []
    first = Visitor(browser, site, failures)
    first.sign_in("inwoner@demo.invalid", DEMO_PASSWORD)
    page = first.page

    # From the main menu to the activity.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Activiteiten").click()
    page.wait_for_url(re.compile(r"/activiteiten/$"))
    first.check()
    page.get_by_role("link", name="Fietstocht door Nieuweland").click()
    page.wait_for_url(re.compile(rf"/activiteiten/{activity.pk}/$"))
    first.check()
    assert "nog 1 van 1 plaats vrij" in page.content()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_load_state()
    assert "U bent aangemeld." in page.locator("#aanmelden").locator("xpath=..").inner_text()
    assert page.get_by_role("status").first.inner_text().startswith("U bent aangemeld")
    first.check()

    # A second resident, in their own browser, finds it full and joins the waiting list.
    second = Visitor(browser, site, failures)
    second.sign_in("tweede.bewoner@example.nl", "een-lang-wachtwoord")
    second.page.goto(f"/activiteiten/{activity.pk}/")
    second.page.get_by_role("button", name="Aanmelden voor de wachtlijst").click()
    second.page.wait_for_load_state()
    assert "U staat op de wachtlijst, op plaats 1." in second.page.content()
    second.check()

    # The first cancels; the place goes to the second.
    page.reload()
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    assert "U bent afgemeld" in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("button", name="Aanmelden voor de wachtlijst").count() == 1  # full again
    second.page.reload()
    assert "U bent aangemeld." in second.page.content()

    # Every agenda page, in both languages, signed in (forms shown) and anonymous: axe-clean and fits 320 px.
    anonymous = Visitor(browser, site, failures, viewport={"width": 320, "height": 640})
    pages = ["/activiteiten/", "/activiteiten/?voorbij=1", f"/activiteiten/{activity.pk}/",
             "/wijken/nieuweland/activiteiten/", "/wijken/nieuweland/uitnodigen/", "/wijken/nieuweland/"]
    for visitor in (first, anonymous):
        for prefix in ("", "/en"):
            for path in pages:
                response = visitor.page.goto(prefix + path)
                assert response.status == 200, prefix + path
                visitor.check()
                if visitor is anonymous:
                    width = visitor.page.evaluate("document.documentElement.scrollWidth")
                    assert width <= 320, f"{prefix}{path} is {width} px wide at 320 px"

    # Inviting the alderman: the form posts, the request is listed, and another resident supports it.
    page.goto("/wijken/nieuweland/uitnodigen/")
    page.get_by_label("Fietstocht met wijkpartners", exact=False).check()
    page.get_by_label("Waarover?").fill("Fietsen langs de nieuwe schoolroute")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url(re.compile(r"/wijken/nieuweland/uitnodigen/#verzoeken$"))
    # Moderated like an idea (issue #14): said so, and listed only once the moderator placed it.
    assert "Na een korte controle staat zij hieronder" in page.get_by_role("status").first.inner_text()
    assert "Fietsen langs de nieuwe schoolroute" not in page.locator("section[aria-labelledby=verzoeken]").inner_text()
    first.check()
    from wijkgericht.agenda.models import MeetingRequest
    from wijkgericht.agenda.services.meeting_requests import request_moderate

    request_moderate(request=MeetingRequest.objects.get(topic="Fietsen langs de nieuwe schoolroute"), actor=None,
                     approve=True)
    page.reload()
    assert "Fietsen langs de nieuwe schoolroute" in page.content() and "1 inwoner steunt dit" in page.content()
    second.page.goto("/wijken/nieuweland/uitnodigen/")
    second.page.get_by_role("button", name=re.compile(r"^Steun dit verzoek\W+Fietsen langs de nieuwe schoolroute$")).click()
    second.page.wait_for_load_state()
    assert "2 inwoners steunen dit" in second.page.content()

    for visitor in (first, second, anonymous):
        visitor.context.close()
    assert not failures, "\n".join(failures)
