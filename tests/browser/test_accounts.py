"""Accounts in a real browser: register, open the confirmation link from the mail, land on the account page, sign
out and in again; axe-core finds nothing on the registration, sign-in and account pages (also with form errors)."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page

pytestmark = pytest.mark.browser

EMAIL = "browser@example.nl"
PASSWORD = "een-lang-wachtwoord-42"


def _check_axe(page, failures: list[str]) -> None:
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(page.url, violations))


def test_register_confirm_and_sign_in(browser, site, mailoutbox):
    # The CSP rightly refuses the injected axe script, so this context bypasses it; the flow itself needs no script.
    context, page = new_page(browser, site, bypass_csp=True)
    failures: list[str] = []

    page.goto("/account/registreren/")
    _check_axe(page, failures)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill("iets-anders-dan-dat")
    page.get_by_role("button", name="Account aanmaken").click()
    # Said twice: in the linked summary at the top and above the field itself (frame/_field.html).
    assert page.locator("#id_password2_error").inner_text() == "De twee wachtwoorden zijn niet gelijk."
    assert page.get_by_role("link", name=re.compile("Wachtwoord nog een keer – De twee wachtwoorden")).is_visible()
    _check_axe(page, failures)  # the form with errors

    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_label("Ik heb gelezen").check()
    page.get_by_role("button", name="Account aanmaken").click()
    page.wait_for_url(re.compile(r"/account/registreren/verstuurd/$"))
    assert page.get_by_role("heading", name="Kijk in uw e-mail").is_visible()

    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL]
    link = re.search(r"https?://\S+/account/bevestigen/\S+", mailoutbox[0].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert page.get_by_role("heading", name="Mijn account", level=1).is_visible()
    assert EMAIL in page.locator("main").inner_text()
    assert page.get_by_text("Uw e-mailadres is bevestigd.").is_visible()
    assert page.get_by_text("Bevestig uw e-mailadres.").count() == 0
    _check_axe(page, failures)

    # Signing out is in the header on every page (the account page has its own button too).
    page.locator("header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/account/inloggen/")
    _check_axe(page, failures)
    page.get_by_label("E-mailadres").first.fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill("fout-fout-fout-fout")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_selector("#foutoverzicht")  # the page with the error has loaded
    assert "horen niet bij elkaar" in page.locator("#foutoverzicht").inner_text()
    _check_axe(page, failures)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert page.get_by_role("heading", name="Mijn account", level=1).is_visible()

    assert page.external_requests == []
    assert page.errors == []
    context.close()
    assert not failures, "\n".join(failures)


def test_an_unconfirmed_account_page_has_no_axe_violations(browser, site):
    from wijkgericht.accounts.models import User

    User.objects.create_user("nieuw@example.nl", PASSWORD)
    context, page = new_page(browser, site, bypass_csp=True)
    page.goto("/account/inloggen/?next=/account/")
    page.get_by_label("E-mailadres").first.fill("nieuw@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert page.get_by_text("Bevestig uw e-mailadres.").is_visible()
    page.get_by_label("Schuilnaam").fill("x")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("#id_pseudonym_error")  # the page with the error has loaded
    assert "minstens 3 tekens" in page.locator("#id_pseudonym_error").inner_text()
    assert page.get_by_role("link", name=re.compile("Schuilnaam – .*minstens 3 tekens")).is_visible()
    violations = axe_violations(page)
    context.close()
    assert not violations, describe_violations("/account/", violations)
