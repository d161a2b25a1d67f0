"""Voting codes in the browser (issue #12 §3): the letter's QR code opens the code page with the code in the URL
fragment, which the page's script copies into the form and removes from the address bar; without JavaScript the
resident types it. Staff upload the address file and see the counts; a civil servant records a verified resident.
axe finds nothing on any of these pages, at 375 px without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, sign_in

PASSWORD = "een-lang-wachtwoord"
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def letters(site):
    from wijkgericht.accounts.models import StaffRole
    from wijkgericht.budgets.services import codes
    from wijkgericht.budgets.tests.code_setup import address_lines, addresses, code_round, csv_of
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.participation.testing import make_user

    place = Municipality.objects.get(code="GM0489")
    found = code_round(place, slug="brief-in-de-browser")
    made, _count = codes.codes_generate(round=found, csv_bytes=csv_of(address_lines(addresses(place, 2))),
                                        actor=None)
    civil = make_user("regisseur-brieven@example.nl")
    StaffRole.objects.create(user=civil, role=StaffRole.Role.CIVIL_SERVANT, municipality=place,
                             district=District.objects.get(municipality=place, code="WK048909"))
    make_user("bewoner-brieven@example.nl")
    return {"round": found, "codes": [letter.code for letter in made], "base": site, "civil": civil.email}


def _check_page(page, failures):
    # After a form's POST the awaited text can be in the page before its stylesheets are: measure the page as shown.
    page.wait_for_load_state("load")
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{page.url}: scrolls sideways at 375 px ({scroll} > {inner})")
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(page.url, violations))


def test_the_qr_codes_fragment_fills_the_form_and_leaves_the_address_bar(browser, letters):
    context, page = new_page(browser, letters["base"], viewport=PHONE, bypass_csp=True)
    failures: list[str] = []
    try:
        url = f"/wijkbudget/{letters['round'].slug}/stemcode/"
        page.goto(f"{url}#{letters['codes'][0]}")
        field = page.get_by_label("Stemcode")
        assert field.input_value() == letters["codes"][0]
        assert "#" not in page.url and letters["codes"][0] not in page.url
        _check_page(page, failures)
        field.fill("ACDE-FGHJ-KMNP")
        page.get_by_role("button", name="Verder naar het stembiljet").click()
        page.get_by_text("Deze stemcode kennen we niet").first.wait_for()
        _check_page(page, failures)  # the error summary and the field's error
        page.get_by_label("Stemcode").fill(letters["codes"][0])
        page.get_by_role("button", name="Verder naar het stembiljet").click()
        page.wait_for_url(lambda target: "/stemcode/" not in target)
        assert letters["codes"][0] not in page.url
        assert not [e for e in page.errors if "status of 400" not in e], page.errors  # a form error is a 400
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_typing_the_code_without_javascript(browser, letters):
    context, page = new_page(browser, letters["base"], viewport=PHONE, java_script_enabled=False)
    failures: list[str] = []
    try:
        page.goto(f"/wijkbudget/{letters['round'].slug}/stemcode/#{letters['codes'][1]}")
        assert page.get_by_label("Stemcode").input_value() == ""  # no script: the resident types it
        page.get_by_label("Stemcode").fill("acde fghj kmnp")
        page.get_by_role("button", name="Verder naar het stembiljet").click()
        page.get_by_text("Deze stemcode kennen we niet").first.wait_for()
        page.get_by_label("Stemcode").fill(letters["codes"][1].lower())
        page.get_by_role("button", name="Verder naar het stembiljet").click()
        page.wait_for_url(lambda target: "/stemcode/" not in target)
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_staff_pages_for_codes_and_verified_residents(browser, letters):
    context, page = new_page(browser, letters["base"], viewport=PHONE, bypass_csp=True)
    failures: list[str] = []
    try:
        sign_in(page, letters["civil"], PASSWORD)
        page.goto(f"/werkplek/wijkbudget/{letters['round'].pk}/stemcodes/")
        page.get_by_role("heading", name="Stemcodes en brieven").wait_for()
        assert page.get_by_role("table").count() == 1
        assert not any(code in page.content() for code in letters["codes"])
        _check_page(page, failures)
        page.get_by_label("Straat").fill("Kade")
        page.get_by_label("Huisnummer").fill("12")
        page.get_by_label("Postcode").fill("2991 AB")
        page.get_by_label("Woonplaats").fill("Barendrecht")
        page.get_by_role("button", name="Nieuwe brief maken").click()
        page.get_by_text("geen stemcode gemaakt").first.wait_for()
        _check_page(page, failures)
        page.goto("/werkplek/wijkbudget/bewoner-controleren/")
        page.get_by_label("E-mailadres van het account").fill("bewoner-brieven@example.nl")
        page.get_by_label("Buurt", exact=True).select_option(index=1)
        page.get_by_label("Geboortejaar").fill("1975")
        _check_page(page, failures)
        page.get_by_role("button", name="Vastleggen").click()
        page.get_by_text("Vastgelegd").first.wait_for()
        _check_page(page, failures)
        assert not [e for e in page.errors if "status of 400" not in e], page.errors  # a form error is a 400
    finally:
        context.close()
    assert not failures, "\n".join(failures)
