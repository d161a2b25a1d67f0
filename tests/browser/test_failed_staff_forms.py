"""Every form of the district alderman's agenda work, sent with a mistake, on a phone (375 px) — issue #14: plan an
activity, record a visit, call an activity off, the report's three forms, the district agenda, a partner, its contact
persons and declining a residents' request. Each shows the linked error summary (a link lands on its field), messages that span
the row, no sideways scrolling, and nothing for axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.helpers import check_failed_form, new_page, pass_second_factor

pytestmark = pytest.mark.browser

ALDERMAN = "wijkwethouder@demo.invalid"
PASSWORD = "wijkgericht-demo"
NIEUWELAND = "WK048909"
PHONE = 375


def _agenda_data():
    """A past visit (its report has every form), a coming activity (it can be called off) and a residents' request
    waiting to be planned, all in Nieuweland."""
    from wijkgericht.agenda.models import ActivityKind
    from wijkgericht.agenda.services.activities import activity_create
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
    from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit
    from wijkgericht.agenda.services.partners import partner_save
    from wijkgericht.agenda.services.reports import report_save
    from wijkgericht.districts.models import District
    from wijkgericht.participation.testing import make_user

    nieuweland = District.objects.get(code=NIEUWELAND)
    municipality = nieuweland.municipality
    kinds_ensure_defaults(municipality)
    kinds = {k.slug: k for k in ActivityKind.objects.filter(municipality=municipality)}
    request_moderate(request=request_submit(author=make_user("buur.nieuweland@example.nl"), district=nieuweland,
                                            kind=kinds["bijeenkomst"], topic="Parkeren bij het winkelcentrum",
                                            place="Winkelcentrum Carnisse Veste"),
                     actor=None, approve=True)
    start = timezone.now() - dt.timedelta(days=5)
    visit = activity_create(actor=None, municipality=municipality, kind=kinds["fietstocht"],
                            title="Fietstocht langs de vijvers", districts=[nieuweland], starts_at=start,
                            ends_at=start + dt.timedelta(hours=2), place="Wijkcentrum Het Kruispunt",
                            allow_past=True)
    report_save(actor=None, activity=visit, attendance=12, partners_present=[], impressions="",
                public_summary="", summary_published=False)
    coming = timezone.now() + dt.timedelta(days=14)
    activity = activity_create(actor=None, municipality=municipality, kind=kinds["bijeenkomst"],
                               title="Wijkavond Nieuweland", districts=[nieuweland], starts_at=coming,
                               ends_at=coming + dt.timedelta(hours=2), place="Het Kruispunt")
    partner = partner_save(actor=None, municipality=municipality, name="Huurdersvereniging Nieuweland",
                           kind="residents", districts=[nieuweland], description="")
    return visit, activity, partner, nieuweland


def test_every_agenda_staff_form_with_a_mistake_at_375_px(browser, site):
    visit, activity, partner, nieuweland = _agenda_data()
    failures: list[str] = []
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": PHONE, "height": 800})
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", ALDERMAN)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, ALDERMAN)

    def send(url: str, form: str, what: str, before=None) -> None:
        page.goto(url)
        if before:
            before()
        page.locator(f"{form} button[type=submit]").first.click()
        check_failed_form(page, failures, what)

    send("/werkplek/activiteiten/nieuw/", "main form.form-stack", "new activity")
    send("/werkplek/bezoek-vastleggen/", "main form.form-stack", "record a visit")
    activity_url = f"/werkplek/activiteiten/{activity.pk}/"
    send(activity_url, "form:has(input[name=action][value=update])", "change an activity",
         before=lambda: page.fill("input[name=title]", ""))
    send(activity_url, "form:has(input[name=action][value=cancel])", "call an activity off")
    report_url = f"/werkplek/activiteiten/{visit.pk}/verslag/"
    send(report_url, "form:has(input[name=action][value=report])", "report",
         before=lambda: page.fill("input[name=attendance]", "-3"))
    send(report_url, "form:has(input[name=action][value=topic])", "report: a topic")
    send(report_url, "form:has(input[name=action][value=action])", "report: a follow-up action")
    send(f"/werkplek/wijkagenda/{nieuweland.slug}/", "form:has(input[name=action][value=save])", "district agenda")
    send("/werkplek/partners/nieuw/", "form:has(input[name=action][value=partner])", "new partner")

    def contact_without_name() -> None:
        page.fill("input[name='contact-0-email']", "geen-adres")

    send(f"/werkplek/partners/{partner.pk}/", "form:has(input[name=action][value=contacts])", "a partner's contacts",
         before=contact_without_name)

    def open_decline() -> None:
        page.locator("details summary", has_text=re.compile("Niet inplannen")).first.click()

    send("/werkplek/planning/", "details[open] form", "decline a residents' request", before=open_decline)
    context.close()
    assert not failures, "\n".join(failures)
