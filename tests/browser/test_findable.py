"""Findable (issue #14) in a real browser, at 375 and 1280 px, in Dutch and English: the district index, all ideas
and reports with a search, the alderman page, the district page, and an activity before and after it took place
(with its report and follow-up actions). axe-core finds nothing, nothing scrolls sideways, no script errors."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

MAP_READY = ".district-map[data-ready='true']"


@pytest.fixture
def activities(site):
    """An upcoming activity with an address and a map point, and a past one with a published report and actions."""
    from django.utils import timezone

    from wijkgericht.agenda.models import ActivityKind
    from wijkgericht.agenda.services.activities import activity_create
    from wijkgericht.agenda.services.follow_up import action_create
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
    from wijkgericht.agenda.services.reports import report_save
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.governance.models import Alderman

    municipality = Municipality.objects.get(code="GM0489")
    kinds_ensure_defaults(municipality)
    kind = ActivityKind.objects.filter(municipality=municipality).first()
    nieuweland = District.objects.get(code="WK048909")
    proos = Alderman.objects.get(municipality=municipality, slug="arnoud-proos")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=4)
    common = dict(actor=None, municipality=municipality, kind=kind, districts=[nieuweland], place="Wijkcentrum De Bron",
                  street="Dierensteinweg", house_number="14", postcode="2991 XK", town="Barendrecht", lat=51.8533,
                  lon=4.5364, hosts=[proos], capacity=30, allow_past=True)
    upcoming = activity_create(title="Koffie met de wethouder", starts_at=starts,
                               ends_at=starts + dt.timedelta(hours=2), **common)
    past = activity_create(title="Wijkavond over licht in het park", starts_at=starts - dt.timedelta(days=40),
                           ends_at=starts - dt.timedelta(days=40, hours=-2), **common)
    report = report_save(actor=None, activity=past, attendance=25, summary_published=True,
                         public_summary="Bewoners willen meer licht in het park.")
    today = timezone.localdate()
    action_create(actor=None, report=report, what="Lantaarnpalen bijplaatsen", due_date=today + dt.timedelta(days=20),
                  owner_department="Openbare ruimte")
    action_create(actor=None, report=report, what="Bosjes snoeien", due_date=today - dt.timedelta(days=2),
                  owner_department="Groenbeheer")
    return upcoming, past


@pytest.mark.parametrize("width", [375, 1280])
def test_findable_pages_pass_axe_and_fit(browser, site, activities, width):
    upcoming, past = activities
    paths = ["/wijken/", "/inbreng/", "/inbreng/?q=pannakooi&sort=support", "/inbreng/?q=olifantenpad",
             "/wethouders/arnoud-proos/", "/wijken/nieuweland/", f"/activiteiten/{upcoming.pk}/",
             f"/activiteiten/{past.pk}/", "/activiteiten/?voorbij=1"]
    failures: list[str] = []
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": width, "height": 900})
    try:
        for language in ("", "/en"):
            for path in paths:
                url = f"{language}{path}"
                page.goto(url)
                if page.locator(".district-map").count():
                    page.wait_for_selector(MAP_READY)
                page.wait_for_load_state("load")
                violations = axe_violations(page)
                if violations:
                    failures.append(describe_violations(url, violations))
                scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
                if scroll > inner:
                    failures.append(f"{url}: scrollWidth {scroll} > innerWidth {inner} at {width}px")
        assert not page.errors, page.errors
        assert page.external_requests == []
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_search_filter_and_map_work_by_keyboard_and_without_javascript(browser, site, page_without_js):
    # With JavaScript: type words, choose an order, submit with Enter; the results and their markers show.
    context, page = new_page(browser, site, viewport={"width": 375, "height": 900})
    try:
        page.goto("/inbreng/")
        page.wait_for_selector(MAP_READY)
        page.get_by_label("Zoek op woorden").fill("pannakooi")
        page.get_by_label("Volgorde").select_option("support")
        page.get_by_label("Zoek op woorden").press("Enter")
        page.wait_for_url("**/inbreng/?q=pannakooi*")
        assert "Pannakooi bij de basisschool" in page.locator("#inbreng-lijst").inner_text()
        assert "gevonden met ‘pannakooi’" in page.locator("[role=status]").inner_text()
        page.wait_for_selector(MAP_READY)
        assert page.locator(".district-map .leaflet-marker-icon, .district-map .leaflet-interactive").count() > 0
        assert page.errors == []
    finally:
        context.close()
    # Without JavaScript: the same form works as a plain GET; the map says where the list is.
    page_without_js.goto("/inbreng/?q=pannakooi")
    assert "Pannakooi bij de basisschool" in page_without_js.locator("main").inner_text()
    page_without_js.goto("/wijken/")
    assert page_without_js.get_by_role("link", name="Nieuweland", exact=True).count() >= 1
