"""Rounds and proposals in the browser (issue #12 §1–2): a resident reads what happens now in a round and submits a
proposal on a 375 px phone without JavaScript, or points at the place on the map with it; the proposal page with its advice and realisation (photo) on a phone
and a desktop; the civil servant's review desk after the second factor. axe finds nothing, no page scrolls sideways,
and under the site's Content-Security-Policy nothing is refused."""

from __future__ import annotations

import io
import re
import shutil
from types import SimpleNamespace

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, point_inside, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def rounds(site, settings, tmp_path):
    from PIL import Image

    from wijkgericht.accounts.models import User
    from wijkgericht.budgets import workflow
    from wijkgericht.budgets.services.proposals import proposal_count_outcome
    from wijkgericht.budgets.services.realisation import realisation_update
    from wijkgericht.budgets.tests.round_setup import make_round, proposal_in, share_of
    from wijkgericht.demo.accounts import PASSWORD
    from wijkgericht.districts.models import Municipality
    from wijkgericht.participation.models import Theme

    # A folder of its own for the realisation photo, with what the demo stored (the municipality's logo and icon).
    shutil.copytree(settings.MEDIA_ROOT, tmp_path, dirs_exist_ok=True)
    settings.MEDIA_ROOT = tmp_path
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.invalid")}
    roles = SimpleNamespace(municipality=Municipality.objects.get(code="GM0489"), resident=users["inwoner"],
                            moderator=users["moderator"], civil_servant=users["wijkregisseur"],
                            portfolio_holder=users["sport"])
    open_round = make_round(roles, workflow.PROPOSALS, slug="indienen-in-de-browser",
                            title="Wijkbudget Nieuweland (browser)")
    review = proposal_in(roles, share_of(open_round), workflow.SUBMITTED, title="Bankjes langs de singel")
    voting = make_round(roles, workflow.VOTING, slug="uitvoering-in-de-browser", title="Vorige ronde (browser)")
    chosen = proposal_count_outcome(proposal=proposal_in(roles, share_of(voting), workflow.ADMITTED,
                                                         title="Speeltuin aan de Middenbaan"),
                                    selected=True, explanation="Gekozen in ronde 1.")
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), "green").save(photo, "JPEG")
    photo.seek(0)
    realisation_update(proposal=chosen, actor=None, status=workflow.IN_PROGRESS, text="De toestellen zijn besteld.",
                       photo=photo, alt_text="Nieuwe speeltoestellen op het grasveld")
    theme = Theme.objects.get(municipality=roles.municipality, slug="sport").pk
    return {"base": site, "open": open_round, "theme": theme, "share": share_of(open_round).pk, "review": review, "voting": voting, "chosen": chosen,
            "password": PASSWORD}


def _check(page, failures, *, axe=True):
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{page.url}: scrolls sideways at {inner} px ({scroll} > {inner})")
    violations = axe_violations(page) if axe else []
    if violations:
        failures.append(describe_violations(page.url, violations))
    # A form sent back with its errors answers 400 (the browser logs that); anything else is a failure.
    errors = [e for e in page.errors if "status of 400" not in e]
    if errors:
        failures.append(f"{page.url}: {errors}")
    page.errors.clear()


def test_a_resident_submits_a_proposal_on_a_phone_without_javascript(browser, rounds):
    context, page = new_page(browser, rounds["base"], viewport=PHONE, java_script_enabled=False)
    failures: list[str] = []
    try:
        sign_in(page, "inwoner@demo.invalid", rounds["password"])
        page.goto("/")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijkbudget").click()
        page.get_by_role("link", name=rounds["open"].title).click()
        assert page.get_by_text("Wat kunt u doen?").count() == 1
        assert page.get_by_text(re.compile("Indienen kan tot en met")).count() == 1
        page.get_by_role("link", name="Voorstel indienen").first.click()
        page.get_by_role("button", name="Voorstel versturen").click()  # empty: the errors, in Dutch
        page.get_by_text("Geef uw voorstel een titel.").first.wait_for()
        _check(page, failures, axe=False)
        page.get_by_label("Titel").fill("Een pannakooi bij de school")
        page.get_by_label("Wat stelt u voor?").fill("Een veilige plek om te voetballen, voor alle kinderen.")
        page.get_by_label("Thema").select_option(value=str(rounds["theme"]))
        page.get_by_label("Waar?").select_option(value=f"{rounds['share']}:wijk")
        page.get_by_label("Wat kost het ongeveer? (in euro)").fill("18000")
        page.get_by_role("button", name="Voorstel versturen").click()
        page.wait_for_url(re.compile("/mijn-inbreng/"))
        assert page.get_by_text("Een pannakooi bij de school").count() >= 1
        page.wait_for_load_state("networkidle")
        _check(page, failures, axe=False)
    finally:
        context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_round_and_proposal_pages_pass_axe(browser, rounds, viewport):
    # axe is injected as a script, which the site's CSP refuses: test_no_script_or_style_is_refused checks the CSP
    context, page = new_page(browser, rounds["base"], viewport=viewport, bypass_csp=True)
    failures: list[str] = []
    try:
        sign_in(page, "inwoner@demo.invalid", rounds["password"])
        page.goto("/wijkbudget/")
        _check(page, failures)
        page.get_by_role("link", name=rounds["open"].title).click()
        page.get_by_role("heading", level=2, name=re.compile("^Nu:")).wait_for()
        _check(page, failures)
        page.get_by_role("link", name="Voorstel indienen").first.click()
        page.wait_for_selector(".district-map[data-ready='true']")
        _check(page, failures)
        shape = ".district-map path[data-code='WK048909']"  # Nieuweland: point at the place on the map
        page.locator(shape).scroll_into_view_if_needed()
        x, y = point_inside(page, shape)
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(r"/voorstel-indienen/\?lat=[-0-9.]+&lon=[-0-9.]+$"))
        chosen = page.get_by_label("Waar?").evaluate("select => select.selectedOptions[0].textContent")
        assert chosen.startswith("De plek die u op de kaart koos"), chosen
        page.get_by_role("button", name="Voorstel versturen").click()
        page.get_by_text("Geef uw voorstel een titel.").first.wait_for()
        _check(page, failures)  # the error summary and the fields marked invalid
        chosen = page.get_by_label("Waar?").evaluate("select => select.selectedOptions[0].textContent")
        assert chosen.startswith("De plek die u op de kaart koos"), chosen  # kept after the errors
        page.goto(f"/wijkbudget/{rounds['voting'].slug}/")
        page.get_by_role("link", name="Speeltuin aan de Middenbaan").click()
        page.get_by_role("heading", level=2, name="Uitvoering").wait_for()
        image = page.get_by_role("img", name="Nieuwe speeltoestellen op het grasveld")
        assert image.count() == 1
        image.scroll_into_view_if_needed()  # loaded lazily
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert page.get_by_text("Stand: in uitvoering").count() == 1
        _check(page, failures)
        page.goto("/wijken/nieuweland/")
        assert page.get_by_role("link", name="Speeltuin aan de Middenbaan").count() >= 1
        page.wait_for_load_state("networkidle")  # the map's requests done before the database is emptied
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_the_review_desk_after_the_second_factor(browser, rounds):
    context, page = new_page(browser, rounds["base"], viewport=PHONE, bypass_csp=True)
    failures: list[str] = []
    try:
        sign_in(page, "wijkregisseur@demo.invalid", rounds["password"])
        page.goto("/werkplek/wijkbudget/")
        _check(page, failures)
        page.get_by_role("link", name="Bankjes langs de singel").click()
        page.get_by_role("heading", level=2, name="Beoordelen").wait_for()
        _check(page, failures)
        page.get_by_label("haalbaar", exact=True).check()
        page.get_by_role("button", name="Opslaan").click()  # without the municipality's cost
        page.get_by_text("Vul in wat het volgens de gemeente kost.").first.wait_for()
        _check(page, failures)
        page.get_by_label("haalbaar", exact=True).check()
        page.get_by_label(re.compile("^Kosten volgens de gemeente")).fill("9500")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Opgeslagen: haalbaar.").wait_for()
        assert page.get_by_text("€ 9.500").count() >= 1
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_no_script_or_style_is_refused(browser, rounds):
    context, page = new_page(browser, rounds["base"], viewport=PHONE)
    try:
        page.goto(f"/wijkbudget/{rounds['voting'].slug}/voorstellen/{rounds['chosen'].pk}/")
        page.get_by_role("heading", level=2, name="Uitvoering").wait_for()
        page.goto(f"/wijkbudget/{rounds['open'].slug}/")
        page.wait_for_load_state("networkidle")
        assert not page.errors, page.errors
    finally:
        context.close()
