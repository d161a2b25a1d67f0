"""Phone and keyboard (issue #14): notice and result boxes read top to bottom at 375 px (they no longer split into
narrow columns), a visible 2 px high-contrast focus ring on every interactive element reached by Tab, links
included, and the map by keyboard — a map of districts is one Tab stop where the arrow keys move to the neighbouring
district and Enter opens it; a map that picks a point moves under its cross with the arrows and Enter picks."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

MAP_READY = ".district-map[data-ready='true']"

# Every box's element children one below the other, each starting at the box's left edge: a row of columns (the
# Utrecht alert's flex row) fails this.
STACKED = """() => [...document.querySelectorAll('.utrecht-alert')].filter(a => a.offsetParent).map(alert => {
  const kids = [...alert.children].filter(k => k.getBoundingClientRect().height > 0);
  const problems = [];
  for (let i = 1; i < kids.length; i++) {
    const prev = kids[i - 1].getBoundingClientRect(), box = kids[i].getBoundingClientRect();
    if (box.top < prev.bottom - 1) problems.push(`${kids[i].tagName} beside ${kids[i - 1].tagName}`);
    if (Math.abs(box.left - kids[0].getBoundingClientRect().left) > 1) problems.push(`${kids[i].tagName} indented`);
  }
  const right = alert.getBoundingClientRect().right;
  if (right > document.documentElement.clientWidth + 1) problems.push(`box ends at ${right}px`);
  return {text: alert.innerText.slice(0, 60), children: kids.length, problems};
})"""


def _point_in_a_district() -> tuple[float, float, str]:
    from shapely.geometry import shape

    from wijkgericht.districts.models import Neighbourhood

    neighbourhood = Neighbourhood.objects.filter(district__isnull=False).select_related("district").first()
    point = shape(neighbourhood.geometry).representative_point()
    return point.y, point.x, neighbourhood.district.name


@pytest.mark.parametrize("width", [375, 1280])
def test_notice_and_result_boxes_read_top_to_bottom(browser, site, width):
    lat, lon, district = _point_in_a_district()
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": width, "height": 900})
    failures = []
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/vind-mijn-wijk/?lat={lat:.6f}&lon={lon:.6f}")
        result = page.locator("#resultaat")
        assert district in result.inner_text()
        boxes = page.evaluate(STACKED)
        assert any(b["children"] >= 3 for b in boxes), boxes  # the result: place, alderman, link
        assert all(not b["problems"] for b in boxes), boxes
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if violations := axe_violations(page):
            failures.append(describe_violations(page.url, violations))

        # The error summary after a failed form: heading and list one under the other.
        page.goto(f"{prefix}/account/wachtwoord-vergeten/")
        page.locator("main form[method=post] button[type=submit]").click()
        page.locator("main .utrecht-alert--error").first.wait_for()
        boxes = page.evaluate(STACKED)
        assert boxes and all(not b["problems"] for b in boxes), boxes
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if violations := axe_violations(page):
            failures.append(describe_violations(page.url, violations))
    assert not page.errors, page.errors
    context.close()
    assert not failures, "\n\n".join(failures)


FOCUS_RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, role: el.getAttribute('role'), text: (el.innerText || el.getAttribute('aria-label') || el.name || '').slice(0, 40),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
          strokeWidth: parseFloat(style.strokeWidth || '0'), stroke: style.stroke};
}"""


def _tab_through(page, stops: int) -> list[dict]:
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":
            break
        seen.append(ring)
    return seen


@pytest.mark.parametrize("path", ["/", "/vind-mijn-wijk/", "/en/"])
def test_every_stop_by_tab_shows_a_2px_high_contrast_ring(page, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)
    page.locator(MAP_READY).wait_for()
    stops = _tab_through(page, 40)
    assert len(stops) >= 10
    assert any(s["tag"] == "A" for s in stops)  # links included
    bad = []
    for stop in stops:
        if stop["tag"] == "path":  # a district on the map: drawn with a thick black line instead
            ok = stop["strokeWidth"] >= 3 and stop["stroke"] in ("rgb(0, 0, 0)", "#000")
        else:
            ok = (stop["outlineStyle"] == "solid" and stop["outlineWidth"] >= 2
                  and stop["outlineColor"] == "rgb(0, 0, 0)")
        if not ok:
            bad.append(stop)
    assert not bad, bad


def test_a_map_of_districts_by_keyboard(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.locator(MAP_READY).wait_for()
    paths = page.locator(".district-map path[role=link]")
    assert paths.count() == 23
    # One Tab stop for all districts (a roving tabindex), each named.
    assert page.locator(".district-map path[tabindex='0']").count() == 1
    assert all(paths.nth(i).get_attribute("aria-label") for i in range(paths.count()))
    assert page.locator("#kaart-toetsen").is_visible()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role') === 'link' && "
                         "document.activeElement.tagName === 'path'"):
            break
    else:
        pytest.fail("Tab never reached the districts on the map")
    first = page.evaluate("document.activeElement.dataset.code")
    moved = []
    for key in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp"):
        page.keyboard.press(key)
        moved.append(page.evaluate("document.activeElement.dataset.code"))
    assert any(code != first for code in moved), moved
    assert page.locator(".district-map path[tabindex='0']").count() == 1  # still one stop
    name = page.evaluate("document.activeElement.getAttribute('aria-label')").split(" — ")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/wijken/[^/]+/$"))
    assert name in page.locator("h1").inner_text()

    # Space opens it as well; the district page's own map is operable the same way.
    page.locator(MAP_READY).wait_for()
    page.locator(".district-map path[tabindex='0']").focus()
    page.keyboard.press("ArrowRight")
    other = page.evaluate("document.activeElement.getAttribute('aria-label')").split(" — ")[0]
    page.keyboard.press(" ")
    page.wait_for_function("(name) => document.querySelector('h1').innerText.includes(name)", arg=other)
    assert not page.errors, page.errors


def test_a_map_that_picks_a_point_by_keyboard(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/vind-mijn-wijk/")
    page.locator(MAP_READY).wait_for()
    box = page.locator(".district-map")
    assert box.get_attribute("tabindex") == "0"
    assert page.locator(".district-map path[tabindex='0']").count() == 0  # the map itself is the stop here
    box.focus()
    assert page.evaluate("getComputedStyle(document.activeElement, '::after').content") != "none"  # the cross
    page.keyboard.press("+")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?lat=[-\d.]+&lon=[-\d.]+$"))
    assert page.locator("#resultaat").count() == 1 or page.locator(".utrecht-alert--error").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not page.errors, page.errors


def test_recording_a_visit_with_its_point_picked_on_the_map(browser, site):
    """Staff friction: "Bezoek vastleggen" from the planning, the map point picked on the map (by mouse and by
    keyboard) into the typed fields, straight on to the report; at 375 px without sideways scrolling, axe zero."""
    from tests.browser.helpers import pass_second_factor

    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": 375, "height": 800})
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", "wijkwethouder@demo.invalid")
    page.fill("input[name=password]", "wijkgericht-demo")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, "wijkwethouder@demo.invalid")
    page.errors.clear()  # only this test's pages count (the sign-in's own pages are the accounts' tests' business)
    failures = []
    for path in ("/en/werkplek/bezoek-vastleggen/", "/werkplek/planning/"):
        page.goto(path)
        if "planning" in path:
            page.get_by_role("link", name="Bezoek vastleggen").first.click()
            page.wait_for_url("**/werkplek/bezoek-vastleggen/")
        page.locator(MAP_READY).wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        if violations := axe_violations(page):
            failures.append(describe_violations(page.url, violations))
    assert not failures, "\n\n".join(failures)

    lat, lon = page.locator("#id_lat"), page.locator("#id_lon")
    assert lat.input_value() == "" and lon.input_value() == ""
    page.locator("#puntkaart").click(position={"x": 100, "y": 100})
    clicked = (float(lat.input_value()), float(lon.input_value()))
    assert 51.7 < clicked[0] < 51.95 and 4.4 < clicked[1] < 4.65, clicked  # in Barendrecht
    assert "Kaartpunt gekozen" in page.locator("#puntkaart-gekozen").inner_text()
    page.locator("#puntkaart").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")  # the point under the cross
    by_keyboard = (float(lat.input_value()), float(lon.input_value()))
    assert by_keyboard != clicked
    assert "puntkaart" not in page.url  # Enter picked; it did not submit the form

    page.select_option("#id_kind", index=1)
    page.fill("#id_title", "Rondje met de wijkagent")
    page.locator("input[name=districts]").first.check()
    page.fill("#id_date", "2020-05-04")
    page.fill("#id_start", "14:00")
    page.fill("#id_end", "15:00")
    page.fill("#id_place", "Dorpsstraat")
    page.get_by_role("button", name="Vastleggen en verslag schrijven").click()
    page.wait_for_url(re.compile(r"/werkplek/activiteiten/\d+/verslag/$"))
    assert "Het bezoek is vastgelegd" in page.locator("main").inner_text()
    from wijkgericht.agenda.models import Activity

    activity = Activity.objects.get(title="Rondje met de wijkagent")
    assert (round(activity.lat, 6), round(activity.lon, 6)) == by_keyboard
    assert not page.errors, page.errors
    context.close()
