"""The evaluation in a real browser: the public dashboard (with and without JavaScript), and a council member (the
demo's raadslid: a password, no second factor, nothing else of the workspace) signs in, lands on the dashboard with
the internal measures, filters one district, asks for the report for the college and downloads its PDF (read back
with pypdf: every district named, a page per district). axe-core on every new page, including a report still being
made."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.helpers import axe_violations, describe_violations, new_page, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "wijkgericht-demo"
NIEUWELAND = "WK048909"
SLOW = 90_000  # the dashboard computes every measure for the period on the live server (2 shared cores)


@pytest.fixture
def axe_page(browser, site):
    """A page whose context lets axe be injected (the site's CSP blocks injected scripts)."""
    context, page = new_page(browser, site, bypass_csp=True)
    context.set_default_timeout(SLOW)
    yield page
    context.close()


def _axe(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_public_dashboard_without_and_with_javascript(page, page_without_js, axe_page):
    """Under the site's CSP (no refusals: no inline style or script), without JavaScript, and axe on the way."""
    for p in (page_without_js, page, axe_page):
        p.set_default_timeout(SLOW)
        p.goto("/evaluatie/")
        assert p.get_by_role("heading", level=1).inner_text() == "Evaluatie wijkgericht werken"
        assert p.locator("svg[role=img]").count() == 3
        p.select_option("select[name=wijk]", NIEUWELAND)
        p.select_option("select[name=maat]", "voice.answered_within")
        p.get_by_role("button", name="Toon").click()
        p.wait_for_url(re.compile(r"wijk=WK048909"))
        assert "Nieuweland" in p.locator("p.lead").inner_text()
        assert not p.errors, p.errors
    _axe(axe_page)


def test_council_member_opens_the_dashboard_filters_a_district_and_downloads_the_pdf(axe_page):
    from wijkgericht.districts.models import District
    from wijkgericht.evaluation.measures import Period
    from wijkgericht.evaluation.models import Report
    from wijkgericht.evaluation.report import title as report_title

    page = axe_page
    sign_in(page, "raadslid@demo.invalid", PASSWORD)  # no second factor: straight to the evaluation
    page.wait_for_url(re.compile(r"/werkplek/evaluatie/$"))
    assert "medewerkers" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Evaluatie voor de raad").count() == 1
    assert page.get_by_role("link", name="Werkplek", exact=True).count() == 0
    _axe(page)
    page.select_option("select[name=wijk]", NIEUWELAND)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"wijk=WK048909"))
    assert "Nieuweland" in page.locator("p.lead").inner_text()
    csv_link = page.get_by_role("link", name=re.compile("Alle maatstaven, Nieuweland.* als CSV"))
    with page.expect_download() as download:
        csv_link.click()
    assert download.value.suggested_filename == "evaluatie-medewerkers-maatstaven-nieuweland.csv"
    _axe(page)

    page.get_by_role("link", name="Rapport voor het college maken of downloaden").click()
    _axe(page)
    page.fill("input[name=van]", "2024-01-01")
    page.fill("input[name=tot]", "2024-12-31")
    page.get_by_role("button", name="Rapport maken").click()
    page.wait_for_url(re.compile(r"/werkplek/evaluatie/rapport/\d+/$"), timeout=180_000)
    assert "Stand: klaar" in page.locator("#stand").inner_text()
    _axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Het rapport als PDF").click()
    reader = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115 - read once
    assert reader.metadata.title == report_title(Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    names = list(District.objects.filter(municipality__code="GM0489").order_by("name").values_list("name", flat=True))
    pages = [p.extract_text() for p in reader.pages]
    for n, name in enumerate(names):
        assert pages[len(pages) - len(names) + n].startswith(name), name
    assert len(pages) >= 2 + len(names)

    # A report still being made: its progress, a link to look again, no script.
    busy = Report.objects.create(municipality=Report.objects.get().municipality, period_start="2025-01-01",
                                 period_end="2025-06-30", status=Report.Status.RUNNING, progress=35, step="Wijk Noord")
    page.goto(f"/werkplek/evaluatie/rapport/{busy.pk}/")
    assert page.locator("progress").get_attribute("value") == "35"
    assert page.get_by_role("link", name=re.compile("Vernieuwen")).count() == 1
    _axe(page)
    page.goto("/werkplek/evaluatie/rapport/")
    _axe(page)
    assert not page.errors, page.errors
    assert page.goto("/werkplek/").status == 403  # the rest of the workspace is not theirs
