"""From an empty database to a resident's idea, for a municipality that is not Barendrecht and without the demo.

Albrandswaard (GM0613): its gemeente, wijken and buurten files are cut from the CBS 2024 files in ../shared/data/nl
and imported with the command, one file at a time as docs/setup.md says. The import needs no gemeente file (the
municipality is named by the wijken; its outline is stored, nothing reads it yet); the test makes one anyway, as
the union of the wijken, since the handbook imports three.
Then a superuser follows the back office's set-up page ("Inrichting") step by step, through the links the page gives
and the admin's own forms, and the page's count rises with each step; one alderman registers on the site, the other
is made in the admin. A resident registers, places an idea that asks for money on the map, and it reaches the
district alderman of that district (not the other alderman, who has other districts); the district alderman asks
the Sport portfolio holder for advice, who answers from the advice inbox, and then the district alderman decides.

Runs on SQLite and on PostgreSQL. Without ../shared/data the test skips with a message, except under CI=true.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from conftest import shared_file
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import (
    axe_violations,
    describe_violations,
    new_page,
    point_inside,
    sign_in,
)
from tests.browser.server import counting

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIJKEN = "nl/nl_wijken_2024.geojson"  # in ../shared/data beside the repository
BUURTEN = "nl/rijnmond_buurten_2024.geojson"

CODE, NAME = "GM0613", "Albrandswaard"
DISTRICTS = 7  # CBS 2024: wijken 01–07, each a district after the import
IDEA_DISTRICT, IDEA_DISTRICT_NAME = "WK061304", "Rhoon-Zuid"  # the import drops CBS's "Wijk 04 "
STEPS = 11

ROOT = "beheer@albrandswaard.example.nl"
SPORT = ("Anouk Visser", "a.visser@albrandswaard.example.nl")  # registers on the site; Sport
WIJK = ("Bram de Jong", "b.dejong@albrandswaard.example.nl")  # made in the admin; Verkeer, district alderman of Rhoon
RESIDENT = "bewoner@example.nl"
PASSWORD = "een-heel-lang-wachtwoord"
IDEA = "Pannakooi bij het Essenhout"


# --- the municipality's CBS files -------------------------------------------------------------------------------

def _shared(relative: str) -> dict:
    return json.loads(shared_file(relative).read_text(encoding="utf-8"))  # skips where absent, fails under CI=true


@pytest.fixture
def cbs_files(tmp_path):
    """Albrandswaard's gemeente, wijken and buurten as three GeoJSON files, the shape CBS publishes them in."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    digits = CODE[2:]
    wijken, buurten = _shared(WIJKEN), _shared(BUURTEN)

    def own(document: dict, code_field: str) -> dict:
        features = [f for f in document["features"] if f["properties"][code_field][2:6] == digits]
        return {"type": "FeatureCollection", "crs": document["crs"], "features": features}

    files = {"wijken": own(wijken, "wijkcode"), "buurten": own(buurten, "buurtcode")}
    assert len(files["wijken"]["features"]) == DISTRICTS and len(files["buurten"]["features"]) == 26
    outline = unary_union([shape(f["geometry"]) for f in files["wijken"]["features"]])
    files["gemeente"] = {"type": "FeatureCollection", "crs": wijken["crs"], "features": [{
        "type": "Feature", "geometry": mapping(outline),
        "properties": {"gemeentecode": CODE, "gemeentenaam": NAME, "jaar": 2024}}]}
    paths = {}
    for kind, document in files.items():
        paths[kind] = tmp_path / f"{digits}_{kind}_2024.geojson"
        paths[kind].write_text(json.dumps(document), encoding="utf-8")
    return paths


@pytest.fixture
def empty_site(live_server, transactional_db, settings, tmp_path):
    """The live server on an empty database (migrated, nothing loaded), Albrandswaard at the site's root; uploads
    (the logo) go to a folder of the test's own. Its teardown waits for the server to finish what the browser
    asked."""
    settings.WIJKGERICHT_TILE_URL = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WIJKGERICHT_DEFAULT_MUNICIPALITY = CODE
    in_flight = counting(live_server)
    yield live_server.url
    assert in_flight.wait_idle(timeout=30), "the live server was still answering a request 30 s after the test"


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 40), "#00689e").save(out, format="PNG")
    return out.getvalue()


# --- the admin, as a person uses it ------------------------------------------------------------------------------

def _summary(page) -> str:
    page.goto("/admin/inrichting/")
    return page.locator("#content-main h2").first.inner_text()


def _expect(page, done: int, step: str | None = None) -> None:
    summary = _summary(page)
    assert f"{done} van {STEPS} klaar" in summary, summary
    if step is not None:
        heading = page.locator(f"#stap-{step} h3").inner_text()
        assert "klaar" in heading and "nog te doen" not in heading, page.locator(f"#stap-{step}").inner_text()


def _open_step(page, step: str) -> None:
    """From the set-up page, the step's own link (to the admin's list of that kind)."""
    page.goto("/admin/inrichting/")
    page.locator(f"#stap-{step}").get_by_role("link", name=re.compile("^Ga naar")).click()
    page.wait_for_load_state()


def _add(page) -> None:
    """The admin list's "… toevoegen" button."""
    page.locator(".object-tools a.addlink").click()
    page.wait_for_url(re.compile(r"/add/"))


def _save(page, button: str = "_save") -> None:
    page.locator(f"input[name={button}]").click()
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, f"{page.url}: " + " | ".join(errors.all_inner_texts())
    assert page.locator(".messagelist .success").count(), page.url


def _autocomplete(page, select_id: str, text: str) -> None:
    """Pick `text` in an admin autocomplete (select2) field: open it, type, click the result."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option:not(.loading-results)", has_text=text).first.click()


def _fill_date(page, name: str, day: dt.date) -> None:
    page.fill(f"input[name={name}]", day.strftime("%d-%m-%Y"))


# --- the people ------------------------------------------------------------------------------------------------

def _register(page, email: str) -> None:
    """Register on the site and open the confirmation link from the mail, as a resident does."""
    page.goto("/account/registreren/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_label("Ik heb gelezen").check()
    page.get_by_role("button", name="Account aanmaken").click()
    page.wait_for_url(re.compile(r"/account/registreren/verstuurd/$"))
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+(/account/bevestigen/\S+/)", message.body).group(1)
    page.goto(link)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    page.wait_for_url(re.compile(r"/account/$"))


def test_a_new_municipality_from_an_empty_database_to_a_residents_idea(browser, empty_site, cbs_files, monkeypatch):
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.participation.models import Item

    # The CBS import and the first account are commands, as in the operations handbook.
    for kind in ("gemeente", "wijken", "buurten"):
        call_command("import_boundaries", str(cbs_files[kind]), municipality=CODE, stdout=io.StringIO())
    assert Municipality.objects.get(code=CODE).name == NAME
    assert District.objects.filter(municipality__code=CODE).count() == DISTRICTS
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email=ROOT, stdout=io.StringIO())

    today = dt.date.today()
    start = today - dt.timedelta(days=30)
    end = start.replace(year=start.year + 4) - dt.timedelta(days=1)
    term = f"{start.year}–{end.year}"
    contexts = []

    def person():
        context, page = new_page(browser, empty_site, bypass_csp=True)  # axe is injected as a script
        contexts.append(context)
        return page

    admin = person()
    sign_in(admin, ROOT, PASSWORD)
    admin.goto("/admin/")
    admin.locator("#inrichting a").click()
    admin.wait_for_url("**/admin/inrichting/")
    assert admin.get_by_role("link", name="Geef uzelf een rol").is_visible()
    violations = axe_violations(admin)
    assert not violations, describe_violations(admin.url, violations)
    _expect(admin, 2, "districts")  # the import did steps 1 and 2

    # Step 3: the term.
    _open_step(admin, "term")
    _add(admin)
    admin.locator("select[name=municipality]").select_option(label=NAME)
    admin.fill("input[name=name]", term)
    _fill_date(admin, "start", start)
    _fill_date(admin, "end", end)
    _save(admin)
    _expect(admin, 3, "term")

    # Step 4: the portfolios of the coalition agreement.
    _open_step(admin, "portfolios")
    _add(admin)
    for name, button in (("Sport", "_addanother"), ("Verkeer", "_save")):
        admin.locator("select[name=municipality]").select_option(label=NAME)
        admin.fill("input[name=name_nl]", name)  # the name in Dutch; English may follow (issue #14)
        _save(admin, button)
    _expect(admin, 4, "portfolios")

    # Step 5: the aldermen with their accounts, which exist first: one registered on the site, one made here.
    alderman = person()
    _register(alderman, SPORT[1])
    admin.goto("/admin/")
    admin.locator("a[href$='/admin/accounts/user/add/']").first.click()
    admin.fill("input[name=email]", WIJK[1])
    admin.fill("input[name=password1]", PASSWORD)
    admin.fill("input[name=password2]", PASSWORD)
    _save(admin)
    _open_step(admin, "aldermen")
    _add(admin)
    for (name, email), button in ((SPORT, "_addanother"), (WIJK, "_save")):
        admin.locator("select[name=municipality]").select_option(label=NAME)
        admin.fill("input[name=name]", name)
        admin.fill("input[name=party]", "Albrandswaard Lokaal")
        admin.locator("#id_terms_from option", has_text=term).dblclick()
        _autocomplete(admin, "id_user", email)
        _save(admin, button)
    _expect(admin, 5, "aldermen")

    # Step 6: who holds which portfolio in the term, on each alderman's page.
    for (name, _email), portfolio in ((SPORT, "Sport"), (WIJK, "Verkeer")):
        _open_step(admin, "holdings")
        admin.get_by_role("link", name=name, exact=True).click()
        admin.locator(".add-row a").first.click()
        _autocomplete(admin, "id_holdings-0-portfolio", portfolio)
        admin.locator("select[name='holdings-0-term']").select_option(label=term)
        _save(admin)
    _expect(admin, 6, "holdings")

    # Step 7: a district alderman for every district; Rhoon's two go to the Verkeer alderman.
    districts = list(District.objects.filter(municipality__code=CODE).order_by("code").values_list("code", "name"))
    _open_step(admin, "assignments")
    _add(admin)
    for index, (code, district) in enumerate(districts):
        admin.locator("select[name=district]").select_option(label=district)
        admin.locator("select[name=alderman]").select_option(
            label=WIJK[0] if code in ("WK061302", IDEA_DISTRICT) else SPORT[0])
        _fill_date(admin, "valid_from", start)
        _save(admin, "_addanother" if index < len(districts) - 1 else "_save")
        if index == 2:  # the count is still where it was until the last district has one
            _expect(admin, 6)
            _open_step(admin, "assignments")
            _add(admin)
    _expect(admin, 7, "assignments")

    # Step 8: the themes residents choose from, each with its portfolio.
    _open_step(admin, "themes")
    _add(admin)
    for name, portfolio, button in (("Sport en bewegen", "Sport", "_addanother"),
                                    ("Verkeer en parkeren", "Verkeer", "_save")):
        admin.locator("select[name=municipality]").select_option(label=NAME)
        admin.fill("input[name=name_nl]", name)
        _autocomplete(admin, "id_portfolio", portfolio)
        _save(admin, button)
    _expect(admin, 8, "themes")

    # Step 9: staff roles; the superuser takes the moderator's role through the page's own link.
    admin.get_by_role("link", name="Geef uzelf een rol").click()
    admin.locator("select[name=role]").select_option(label="moderator")
    _save(admin)
    _expect(admin, 9, "staff")
    assert admin.get_by_role("link", name="Geef uzelf een rol").count() == 0
    assert "Alles wat nodig is, is klaar" in admin.locator("#content-main").inner_text()

    # Step 10 (advised): the municipality's identity, on the municipality's own page in the admin.
    _open_step(admin, "identity")
    admin.get_by_role("link", name=NAME, exact=True).click()
    admin.locator("input[name=logo]").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": _png()})
    admin.fill("input[name=brand_colour]", "#00689e")
    _save(admin)
    _expect(admin, 10, "identity")

    # A resident registers and places an idea that asks for money on the map, in Rhoon-Zuid.
    resident = person()
    _register(resident, RESIDENT)
    header = resident.locator("header").first
    assert header.locator("img.site-header__logo").is_visible()  # whose site this is: the logo just set
    assert f"Gemeente {NAME}" in header.inner_text()
    resident.get_by_role("link", name="Wat kan er beter?").first.click()
    resident.wait_for_selector(".district-map[data-ready='true']")
    shape = f".district-map path[data-code='{IDEA_DISTRICT}']"
    resident.locator(shape).scroll_into_view_if_needed()
    x, y = point_inside(resident, shape)
    resident.mouse.click(x, y)
    resident.wait_for_url(re.compile(r"/inbreng/nieuw/\?lat=[-0-9.]+&lon=[-0-9.]+$"))
    assert IDEA_DISTRICT_NAME in resident.locator("#plek").inner_text()
    assert WIJK[0] in resident.locator("main").inner_text()  # the form names the district alderman
    resident.get_by_label("idee", exact=True).check()
    resident.get_by_label("Thema").select_option(label="Sport en bewegen")
    resident.get_by_label("Titel").fill(IDEA)
    resident.get_by_label("Omschrijving").fill("Een kooi voor pannavoetbal op het grasveld; de buurt onderhoudt hem.")
    resident.get_by_label("Ik vraag geld of een besluit van de gemeente").check()
    resident.get_by_label("Gevraagd bedrag in euro").fill("12000")
    resident.get_by_role("button", name="Indienen").click()
    resident.wait_for_url(re.compile(r"/mijn-inbreng/\d+/ontvangen/$"))  # the receipt (issue #14)
    item = Item.objects.get(title=IDEA)
    resident.goto("/mijn-inbreng/")
    assert item.district.code == IDEA_DISTRICT and item.municipality.code == CODE
    assert IDEA_DISTRICT_NAME in resident.locator(f"#inbreng-{item.pk}").inner_text()
    _expect(admin, 11, "first_item")
    violations = axe_violations(admin)  # the page again, now with every step done and its advice listed
    assert not violations, describe_violations(admin.url, violations)

    # It reaches the district alderman of Rhoon-Zuid: a message, and the workspace's list of their districts.
    wijk = person()
    sign_in(wijk, WIJK[1], PASSWORD)
    wijk.goto("/berichten/")
    assert f"Nieuwe inbreng in {IDEA_DISTRICT_NAME}: {IDEA}" in wijk.locator("main").inner_text()
    wijk.goto("/werkplek/")
    wijk.locator("#wijken-inbox").locator("xpath=..").get_by_role("link", name=IDEA).click()
    for status in ("gepubliceerd", "in behandeling bij het wijkteam"):
        wijk.get_by_label("Nieuwe status").select_option(label=status)
        wijk.get_by_role("button", name="Status wijzigen").click()
        wijk.wait_for_load_state()
    assert "Advies vragen aan de portefeuillehouder Sport" in wijk.locator("main").inner_text()
    wijk.get_by_label("Vraag aan de portefeuillehouder").fill("Past een pannakooi in het sportbeleid, en is er geld?")
    wijk.get_by_role("button", name="Advies vragen").click()
    wijk.wait_for_load_state()
    assert "Wacht op advies van de portefeuillehouder Sport" in wijk.locator("main").inner_text()
    assert wijk.get_by_role("button", name="Status wijzigen").count() == 0  # no decision before the advice

    # The Sport alderman (district alderman elsewhere) did not get it as a district item, but is asked for advice.
    sport = alderman
    sport.locator("header").get_by_role("button", name="Uitloggen").click()
    sign_in(sport, SPORT[1], PASSWORD)
    sport.goto("/werkplek/")
    districts_section = sport.locator("#wijken-inbox").locator("xpath=..")
    assert IDEA not in districts_section.inner_text()
    sport.goto("/berichten/")
    assert f"Advies gevraagd: {IDEA}" in sport.locator("main").inner_text()
    sport.goto("/werkplek/")
    sport.locator("#advies-inbox").locator("xpath=..").get_by_role("link", name=IDEA).click()
    sport.get_by_label("akkoord onder voorwaarden").check()
    sport.get_by_label("Onderbouwing").fill("Akkoord als de kooi bij de speeltuin komt, binnen het sportbudget.")
    sport.get_by_role("button", name="Advies geven").click()
    sport.wait_for_load_state()
    assert "binnen het sportbudget" in sport.locator("main").inner_text()

    # With the advice in, the district alderman decides; the resident reads it all on the idea's timeline.
    wijk.reload()
    decision = wijk.locator("form:has(input[name=action][value=transition])")
    decision.get_by_label("Nieuwe status").select_option(label="goedgekeurd")
    decision.get_by_label(re.compile(r"^Reden")).fill("Past in het sportbeleid; de kooi komt bij de speeltuin.")
    wijk.get_by_role("button", name="Status wijzigen").click()
    wijk.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "accepted"
    resident.goto(f"/wijken/{item.district.slug}/inbreng/")
    resident.get_by_role("link", name=IDEA).click()
    timeline = resident.locator("#tijdlijn").locator("xpath=..")  # auto-waiting: the page may still be parsing
    for step in ("Ingediend", "Gepubliceerd", "Advies gevraagd aan de wethouder van Sport",
                 "Akkoord onder voorwaarden", "de kooi komt bij de speeltuin"):
        expect(timeline).to_contain_text(step)

    for page in (admin, alderman, resident, wijk):
        assert page.external_requests == [], page.external_requests
    for context in contexts:
        context.close()
