"""The involvement survey in the browser (issue #13 §2): a resident answers with an account (axe finds nothing on
the list, the questionnaire, also with an error, and the thank-you page, at 375 px without sideways scrolling; the
pages load no script of their own), another with the code from a letter without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, sign_in

PASSWORD = "een-lang-wachtwoord"
PHONE = {"width": 375, "height": 800}


@pytest.fixture
def wave(site):
    from wijkgericht.districts.models import District, Municipality
    from wijkgericht.evaluation.models import Wave
    from wijkgericht.evaluation.services import survey
    from wijkgericht.participation.testing import make_user

    place = Municipality.objects.get(code="GM0489")
    found = survey.survey_create_standard(municipality=place, title="Betrokkenheid in de browser")
    today = dt.date.today()
    opened = Wave.objects.create(survey=found, name="Meting in de browser", opens_on=today, closes_on=today,
                                 with_account=True, with_code=True)
    code = survey.codes_issue(wave=opened, district=District.objects.get(municipality=place, code="WK048909"),
                              count=1)[0]
    make_user("meter@example.nl")
    return {"wave": opened, "code": code, "base": site, "questions": list(found.questions.order_by("order"))}


def _check_page(page, failures):
    page.wait_for_load_state("load")  # measured as shown: stylesheets in, not just the awaited text
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        failures.append(f"{page.url}: scrolls sideways at 375 px ({scroll} > {inner})")
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(page.url, violations))


def test_answering_with_an_account(browser, wave):
    context, page = new_page(browser, wave["base"], viewport=PHONE, bypass_csp=True)  # axe is injected
    failures: list[str] = []
    try:
        sign_in(page, "meter@example.nl", PASSWORD)
        page.goto("/betrokkenheid/")
        _check_page(page, failures)
        page.get_by_role("link", name="Meting in de browser").click()
        _check_page(page, failures)
        page.get_by_role("button", name="Antwoorden versturen").click()  # no district chosen: an error
        page.locator(".utrecht-form-field--invalid").first.wait_for()
        _check_page(page, failures)
        page.get_by_label("In welke wijk woont u?").select_option(label="Nieuweland")
        first, second, third, open_question = wave["questions"]
        page.get_by_role("group", name=first.text).get_by_label("8", exact=True).check()
        page.get_by_role("group", name=second.text).get_by_label("eens", exact=True).check()
        page.get_by_label(open_question.text).fill("Meer bankjes in het park")
        page.get_by_role("button", name="Antwoorden versturen").click()
        page.get_by_role("heading", name="Dank u wel!").wait_for()
        _check_page(page, failures)
    finally:
        context.close()
    assert not failures, "\n".join(failures)
    from wijkgericht.evaluation.models import Answer, OpenAnswer

    assert Answer.objects.filter(wave=wave["wave"], value=8, district__code="WK048909").exists()
    assert OpenAnswer.objects.filter(wave=wave["wave"], status="pending").count() == 1


def test_answering_with_a_code_without_javascript(browser, wave):
    context, page = new_page(browser, wave["base"], viewport=PHONE, java_script_enabled=False)
    try:
        page.goto(f"/betrokkenheid/{wave['wave'].pk}/")
        page.get_by_label("Code uit uw brief").fill(wave["code"].lower())
        first = wave["questions"][0]
        page.get_by_role("group", name=first.text).get_by_label("10 (uitstekend)").check()
        page.get_by_role("button", name="Antwoorden versturen").click()
        page.get_by_role("heading", name="Dank u wel!").wait_for()
    finally:
        context.close()
    from wijkgericht.evaluation.models import Answer

    assert Answer.objects.filter(wave=wave["wave"], value=10, district__code="WK048909").exists()
