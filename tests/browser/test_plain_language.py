"""Plain Dutch and complete English in a real browser (issue #14): the pages whose words, dates, times and
translated names changed have no axe violations in Dutch and English at 375 and 1280 px, fit a phone without
sideways scrolling, and read as intended: "19.30–21.30 uur" / "7:30–9:30 pm", "21 oktober 2026", the English name
of a theme or activity kind where the back office gave one (without lang="nl"), and no CBS code beside a name."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

MAP_READY = ".district-map[data-ready='true']"
DEMO_PASSWORD = "wijkgericht-demo"


@pytest.fixture
def evening_activity(site):
    """A public activity on a fixed evening (local time 19.30–21.30), its kind named in English too."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from wijkgericht.agenda.models import Activity, ActivityKind
    from wijkgericht.districts.models import Municipality

    municipality = Municipality.objects.get(code="GM0489")
    day = timezone.localdate() + dt.timedelta(days=20)
    ams = ZoneInfo("Europe/Amsterdam")
    starts = dt.datetime.combine(day, dt.time(19, 30), tzinfo=ams)
    activity = Activity.objects.filter(is_public=True, starts_at__gt=timezone.now()).order_by("starts_at").first()
    Activity.objects.filter(pk=activity.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    ActivityKind.objects.filter(pk=activity.kind_id).update(name_en="Neighbourhood evening")
    Municipality.objects.filter(pk=municipality.pk).update(content_version=municipality.content_version + 1)
    return activity.pk, day


def _check(page, failures, url, width):
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    if page.locator(".district-map").count():
        page.wait_for_selector(MAP_READY)
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(f"{url} at {width}px", violations))
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if width <= 375 and scroll > inner:
        failures.append(f"{url}: scrollWidth {scroll} > innerWidth {inner} at {width}px")
    assert not page.errors, page.errors


@pytest.mark.parametrize("width", [375, 1280])
def test_changed_pages_in_dutch_and_english(browser, site, evening_activity, width):
    from wijkgericht.participation.models import Item

    activity_id, day = evening_activity
    item = (Item.objects.filter(district__slug="nieuweland", status__in=["coordination", "accepted", "published"])
            .order_by("pk").first())
    pages = ["/wethouders/", "/wijken/nieuweland/", "/wijken/nieuweland/inbreng/",
             f"/wijken/nieuweland/inbreng/{item.pk}/", "/activiteiten/", f"/activiteiten/{activity_id}/",
             "/evaluatie/"]
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": width, "height": 900})
    failures: list[str] = []
    try:
        for url in pages + ["/en" + url for url in pages]:
            _check(page, failures, url, width)

        page.goto(f"/activiteiten/{activity_id}/")
        when = page.locator("main").inner_text()
        dutch_day = f"{day.day} {['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][day.month - 1]} {day.year}"
        assert f"{dutch_day}, 19.30–21.30 uur" in when
        assert "Zet in uw agenda" in when and "(.ics)" not in when
        page.goto(f"/en/activiteiten/{activity_id}/")
        main = page.locator("main")
        assert "7:30–9:30 pm" in main.inner_text() and f"{day.day} {day.strftime('%B')} {day.year}" in main.inner_text()
        kind = main.locator(".activity-kind").first
        assert kind.inner_text() == "Neighbourhood evening" and kind.get_attribute("lang") is None

        page.goto("/wijken/nieuweland/")
        text = page.locator("main").inner_text()
        assert "Gemiddelde woningwaarde" in text and "WOZ" not in text
        assert re.search(r"€ \d{3}\.\d{3}", text), "the home value reads in euros"
        assert not re.search(r"\bBU\d{8}\b", text)
        page.goto("/evaluatie/")
        assert not re.search(r"\bWK\d{6}\b", page.locator("main").inner_text())
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_my_ideas_and_reports_as_a_signed_in_resident(browser, site):
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": 375, "height": 900})
    failures: list[str] = []
    try:
        page.goto("/account/inloggen/")
        page.fill("input[name=username]", "inwoner@demo.invalid")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_url(re.compile(r"/account/$"))
        for url in ("/mijn-inbreng/", "/en/mijn-inbreng/", "/account/", "/en/account/"):
            _check(page, failures, url, 375)
        page.goto("/mijn-inbreng/")
        assert page.locator("h1").inner_text() == "Mijn ideeën en meldingen"
        page.goto("/account/")
        assert "Download alles wat wij van u bewaren" in page.locator("main").inner_text()
        assert "(JSON)" not in page.locator("main").inner_text()
    finally:
        context.close()
    assert not failures, "\n".join(failures)
