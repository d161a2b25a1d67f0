"""The district alderman's side of getting to know the district, in a real browser: residents ask for a meeting,
the alderman (demo sign-in) opens the planning view, plans an activity from the request and sees it under
"Gepland"; the report, actions, district agenda and partner pages on the way. axe-core on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.helpers import axe_violations, describe_violations, new_page, pass_second_factor

pytestmark = pytest.mark.browser

NIEUWELAND = "WK048909"
PASSWORD = "wijkgericht-demo"
TOPIC = "Verkeersveiligheid rond de scholen"


def _agenda_data():
    """A residents' request in Nieuweland plus a past visit with a report, an overdue action, an agenda item and a
    partner with a contact person, so every staff page has something to show."""
    from wijkgericht.agenda.models import ActivityKind, PartnerContact
    from wijkgericht.agenda.services.activities import activity_create
    from wijkgericht.agenda.services.follow_up import action_create
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
    from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit
    from wijkgericht.agenda.services.partners import partner_save
    from wijkgericht.agenda.services.reports import report_save, topic_add, topic_promote
    from wijkgericht.districts.models import District
    from wijkgericht.participation.testing import make_user

    nieuweland = District.objects.get(code=NIEUWELAND)
    municipality = nieuweland.municipality
    kinds_ensure_defaults(municipality)
    kinds = {k.slug: k for k in ActivityKind.objects.filter(municipality=municipality)}
    resident = make_user("ouder.nieuweland@example.nl")
    request_moderate(request=request_submit(author=resident, district=nieuweland, kind=kinds["bijeenkomst"],
                                            topic=TOPIC, place="Basisschool De Tandem"),
                     actor=None, approve=True)  # placed by moderation (issue #14)
    start = timezone.now() - dt.timedelta(days=10)
    visit = activity_create(actor=None, municipality=municipality, kind=kinds["fietstocht"],
                            title="Fietstocht door Nieuweland", districts=[nieuweland], starts_at=start,
                            ends_at=start + dt.timedelta(hours=2), place="Wijkcentrum Het Kruispunt",
                            allow_past=True)  # a visit that took place: history
    partner = partner_save(actor=None, municipality=municipality, name="Wijkagent Nieuweland",
                           kind="police", districts=[nieuweland], description="Aanspreekpunt voor veiligheid")
    PartnerContact.objects.create(partner=partner, name="Sanne Visser", role="Wijkagent",
                                  email="sanne.visser@politie.example")
    report = report_save(actor=None, activity=visit, attendance=18, partners_present=[partner],
                         impressions="Zorgen over hardrijders.", public_summary="Met 18 bewoners gefietst.",
                         summary_published=True)
    topic = topic_add(actor=None, report=report, text="Hardrijders op de Dorpsstraat")
    topic_promote(actor=None, topic=topic, district=nieuweland)
    topic_add(actor=None, report=report, text="Speelplek bij de vijver")
    action_create(actor=None, report=report, what="Snelheid meten op de Dorpsstraat",
                  owner_partner=partner, due_date=timezone.localdate() - dt.timedelta(days=2))
    return visit, partner, nieuweland


def test_district_alderman_plans_an_activity_from_a_residents_request(browser, site):
    visit, partner, nieuweland = _agenda_data()
    failures: list[str] = []
    context, page = new_page(browser, site, bypass_csp=True)  # axe is injected as a script

    def check():
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(page.url, violations))

    page.goto("/account/inloggen/")
    page.fill("input[name=username]", "wijkwethouder@demo.invalid")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, "wijkwethouder@demo.invalid")
    page.wait_for_url(re.compile(r"/werkplek/$"))  # staff land on their workplace

    # From the workspace to the planning view.
    page.goto("/werkplek/")
    page.get_by_role("link", name=re.compile("^Planning")).click()
    page.wait_for_url(re.compile(r"/werkplek/planning/$"))
    section = page.locator("section", has=page.locator(f"#wijk-{nieuweland.pk}"))
    assert TOPIC in section.inner_text()
    assert "Laatste bezoek" in section.inner_text()
    section.locator("details summary").first.click()  # the "Niet inplannen" form, opened, is checked too
    check()

    # Plan it: the form comes prefilled from the request.
    section.get_by_role("link", name=f"Inplannen: {TOPIC}").click()
    page.wait_for_url(re.compile(r"/werkplek/activiteiten/nieuw/\?verzoek=\d+$"))
    assert page.input_value("input[name=title]") == TOPIC
    assert page.input_value("input[name=place]") == "Basisschool De Tandem"
    assert page.is_checked(f"input[name=districts][value='{nieuweland.pk}']")
    check()
    day = timezone.localdate() + dt.timedelta(days=21)
    page.fill("input[name=date]", day.isoformat())
    page.fill("input[name=start]", "19:30")
    page.fill("input[name=end]", "21:00")
    page.fill("input[name=capacity]", "40")
    page.get_by_role("button", name="Activiteit plannen").click()
    page.wait_for_url(re.compile(r"/werkplek/activiteiten/\d+/$"))
    assert "De activiteit is gepland" in page.inner_text("main")
    check()

    # Upcoming in the planning view; the request no longer waits there.
    page.goto("/werkplek/planning/")
    upcoming = page.locator("section", has=page.locator(f"#wijk-{nieuweland.pk}"))
    planned = upcoming.locator("h3:has-text('Gepland') + ul").inner_text()
    assert TOPIC in planned and "19.30 uur" in planned  # Dutch times read 19.30 uur (issue #14)
    assert f"Inplannen: {TOPIC}" not in upcoming.inner_html()

    # The other staff pages.
    page.goto(f"/werkplek/activiteiten/{visit.pk}/verslag/")
    assert "Hardrijders op de Dorpsstraat" in page.inner_text("main")
    check()
    page.goto("/werkplek/acties/")
    assert "Te laat" in page.inner_text("main")
    check()
    page.goto(f"/werkplek/wijkagenda/{nieuweland.slug}/")
    assert "Hardrijders op de Dorpsstraat" in page.inner_text("main")
    check()
    page.goto("/werkplek/partners/")
    check()
    page.get_by_role("link", name="Wijkagent Nieuweland", exact=True).click()
    page.wait_for_url(re.compile(rf"/werkplek/partners/{partner.pk}/$"))
    assert "sanne.visser@politie.example" in page.inner_text("main")
    check()
    page.goto("/werkplek/partners/nieuw/")
    check()

    assert not page.errors, page.errors
    context.close()
    assert not failures, "\n\n".join(failures)
