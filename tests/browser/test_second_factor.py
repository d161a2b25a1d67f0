"""The second factor in a real browser: a staff member's first sign-in sets up the app (QR code and key, no
script), shows the recovery codes, then the workplace; the next sign-in asks a code. axe-core finds nothing on these
pages, and the CSP refuses nothing (the QR code is inline SVG without style attributes)."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_violations, describe_violations, new_page, pass_second_factor

pytestmark = pytest.mark.browser

EMAIL = "wijkwethouder@demo.invalid"
PASSWORD = "wijkgericht-demo"


def test_set_up_then_a_code_at_the_next_sign_in(browser, site):
    from base64 import b32decode

    from django_otp.oath import TOTP

    context, page = new_page(browser, site, bypass_csp=False)
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/tweede-stap/instellen/\?next="))
    assert page.get_by_role("heading", name="Tweede stap instellen").is_visible()
    assert page.locator("svg.segno").is_visible()
    page.goto("/werkplek/")  # no way around it
    assert "/tweede-stap/instellen/" in page.url
    page.fill("input[name=token]", "000000")
    page.locator("form:has(input[name=token]) button[type=submit]").click()
    page.wait_for_selector("#id_token_error")  # the page with the error has loaded
    assert "Deze code klopt niet" in page.locator("#id_token_error").inner_text()
    key = b32decode(page.locator("[data-otp-secret]").inner_text().strip())
    page.wait_for_timeout(1100)  # django-otp accepts no code in the second after a wrong one
    page.fill("input[name=token]", f"{TOTP(key).token():06d}")
    page.locator("form:has(input[name=token]) button[type=submit]").click()
    page.locator("[data-recovery-code]").first.wait_for()
    assert page.locator("[data-recovery-code]").count() == 10
    page.get_by_role("link", name=re.compile("ga verder")).click()
    page.wait_for_url(re.compile(r"/werkplek/$"))

    page.locator("header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/tweede-stap/\?next="))
    pass_second_factor(page, EMAIL)  # a recovery code
    page.wait_for_url(re.compile(r"/werkplek/$"))
    # The only console error: the 400 answer to the wrong code; the CSP refused nothing.
    assert [e for e in page.errors if "status of 400" not in e] == [] and page.external_requests == []
    context.close()


def test_the_second_factor_pages_have_no_axe_violations(browser, site):
    context, page = new_page(browser, site, bypass_csp=True)  # axe is injected as a script
    failures: list[str] = []
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tweede-stap/instellen/"))
    for step in ("set-up", "set-up with an error"):
        if step == "set-up with an error":  # an empty code: the page again, with the error; axe checks that page
            with page.expect_navigation():
                page.locator("form:has(input[name=token]) button[type=submit]").click()
        violations = axe_violations(page)
        if violations:
            failures.append(f"{step}: " + describe_violations(page.url, violations))
    context.close()
    assert not failures, "\n".join(failures)
