"""The back office's set-up page in a browser: a superuser signs in (with their second factor), finds "Inrichting"
on the admin's index, and axe-core finds nothing on the page."""

from __future__ import annotations

from tests.browser.helpers import axe_violations, describe_violations, new_page, sign_in

EMAIL, PASSWORD = "root@example.nl", "een-lang-wachtwoord-42"


def test_the_set_up_page_is_found_from_the_index_and_has_no_axe_violations(browser, site):
    from wijkgericht.accounts.models import User

    User.objects.create_superuser(EMAIL, PASSWORD)
    context, page = new_page(browser, site, bypass_csp=True)  # axe is injected as a script
    sign_in(page, EMAIL, PASSWORD)
    page.goto("/admin/")
    page.locator("#inrichting a").click()
    page.wait_for_url("**/admin/inrichting/")
    assert "11 van 11 klaar" in page.locator("h2").first.inner_text()
    assert page.get_by_role("link", name="Geef uzelf een rol").is_visible()
    violations = axe_violations(page)
    context.close()
    assert not violations, describe_violations("/admin/inrichting/", violations)
