"""Every resident form, sent with a mistake, on a phone (375 px) — issue #14: the error summary at the top links
each field (and following the link lands on the field), the field's own message spans the row instead of a column
a word wide, a checkbox stands before its text, the page never scrolls sideways, and axe finds nothing. The
registration's consent error at 375 and 1280 px, in Dutch and English. And the pages of the resident flow this
issue added (the draft kept while signing in, the receipt, the decision on an item) pass axe in both languages."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import axe_check, check_failed_form, new_page, sign_in

pytestmark = pytest.mark.browser

RESIDENT = "inwoner@demo.invalid"
PASSWORD = "wijkgericht-demo"
PHONE, DESKTOP = 375, 1280
DECIDED_DISTRICT = "centrum"  # the demo decided on loose paving stones in the Dorpsstraat


def _open(browser, site, width: int):
    context, page = new_page(browser, site, bypass_csp=True, viewport={"width": width, "height": 800})
    return context, page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_registration_consent_error_keeps_its_layout(browser, site, width, language):
    context, page = _open(browser, site, width)
    failures: list[str] = []
    page.goto("/account/registreren/" if language == "nl" else "/en/account/registreren/")
    page.locator("form[action$='/registreren/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    check_failed_form(page, failures, f"registration ({language}, {width} px)", width)
    # the consent row: the box before the text, the text a sentence wide, the error above both
    box = page.locator("#id_consent").bounding_box()
    text = page.locator("label[for=id_consent] > span").bounding_box()
    error = page.locator("#id_consent_error").bounding_box()
    assert box["x"] + box["width"] <= text["x"] + 1, "the checkbox is not before its text"
    assert box["y"] < text["y"] + text["height"], "the checkbox stands over its text"
    assert text["width"] > min(width - 100, 250), f"the consent text is a narrow column ({text['width']:.0f} px)"
    assert error["y"] + error["height"] <= box["y"] + 1, "the consent error is not above the checkbox"
    assert error["width"] > min(width - 100, 250), f"the consent error is a narrow column ({error['width']:.0f} px)"
    # the summary links the checkbox, and following it focuses it
    page.goto(page.url)
    link = page.locator(".error-summary a[href='#id_consent']")
    assert link.count() == 1
    assert not failures, "\n".join(failures)
    context.close()


def test_every_resident_form_with_a_mistake_at_375_px(browser, site):
    failures: list[str] = []
    visitor, page = _open(browser, site, PHONE)
    # not signed in: sign-in (wrong password), sign-in link, password reset, the idea as a draft
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", RESIDENT)
    page.fill("input[name=password]", "niet-het-goede-wachtwoord")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    check_failed_form(page, failures, "sign-in")
    page.goto("/account/inloglink/")
    page.locator("main form button[type=submit]").click()
    check_failed_form(page, failures, "sign-in link")
    page.goto("/account/wachtwoord-vergeten/")
    page.fill("input[name=email]", "geen-adres")
    page.locator("main form button[type=submit]").click()
    check_failed_form(page, failures, "password reset")
    page.goto("/inbreng/nieuw/?buurt=BU04890918")
    assert page.get_by_text("Eerst schrijven, daarna inloggen").is_visible()
    page.locator("form[enctype] button[type=submit]").click()
    check_failed_form(page, failures, "idea, not signed in")
    visitor.close()

    resident, page = _open(browser, site, PHONE)
    sign_in(page, RESIDENT, PASSWORD)
    page.goto("/inbreng/nieuw/?buurt=BU04890918")
    page.set_input_files("input[name=photos]", files=[{"name": "boom.png", "mimeType": "image/png",
                                                      "buffer": _png()}])
    page.locator("form[enctype] button[type=submit]").click()
    check_failed_form(page, failures, "idea, signed in, with a photo")
    assert page.get_by_text("Uw foto is niet bewaard").first.is_visible()
    page.goto("/wijken/nieuweland/inbreng/")
    page.locator("main a[href*='/wijken/nieuweland/inbreng/']").first.click()
    page.wait_for_load_state("load")
    comment = page.locator("form[action$='/reageer/']")
    if comment.count():
        comment.locator("button[type=submit]").click()
        check_failed_form(page, failures, "comment")
    else:
        failures.append("no comment form on a Nieuweland item")
    report = page.locator("main a[href$='/melden/']").first.get_attribute("href")
    page.goto(report)
    axe_check(page, failures)
    page.check("input[name=reason][value=other]")
    page.locator("main form button[type=submit]").click()
    check_failed_form(page, failures, "report abuse")
    page.goto(f"/en{report}")
    axe_check(page, failures)
    page.goto("/wijken/nieuweland/uitnodigen/")
    page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
    check_failed_form(page, failures, "invitation")
    page.goto("/account/verwijderen/")
    page.locator("form[action$='/verwijderen/'] button[type=submit]").click()
    check_failed_form(page, failures, "delete the account")
    resident.close()
    assert not failures, "\n".join(failures)


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_draft_receipt_and_decision_pages_pass_axe_in_dutch_and_english(browser, site, width):
    failures: list[str] = []
    context, page = _open(browser, site, width)
    page.goto("/inbreng/nieuw/?buurt=BU04890918")
    axe_check(page, failures)
    page.check("input[name=kind][value=idea]")
    page.select_option("select[name=theme]", index=1)
    page.fill("input[name=title]", "Een bankje bij de vijver")
    page.fill("textarea[name=description]", "Om even uit te rusten tijdens de wandeling.")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/inbreng/concept/$"))
    assert page.get_by_text("Een bankje bij de vijver").is_visible()
    axe_check(page, failures)
    page.goto("/en/inbreng/concept/")
    assert page.get_by_role("heading", name="Your text has been kept").is_visible()
    axe_check(page, failures)
    page.goto("/inbreng/concept/")
    page.get_by_role("link", name="Log in").click()
    page.fill("input[name=username]", RESIDENT)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mijn-inbreng/\d+/ontvangen/$"))
    assert page.locator(".receipt__number").is_visible()
    if page.evaluate("document.documentElement.scrollWidth") > width + 1:
        failures.append(f"{page.url}: scrolls sideways at {width} px")
    axe_check(page, failures)
    receipt = page.url
    page.goto(re.sub(r"^(https?://[^/]+)", r"\1/en", receipt))
    assert page.get_by_role("heading", name="Thank you, we have received it").is_visible()
    axe_check(page, failures)
    # an item with a decision (the demo has decided items): the decision block in both languages
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/wijken/{DECIDED_DISTRICT}/inbreng/")
        links = page.locator("main a[href*='/inbreng/']")
        found = False
        for i in range(min(links.count(), 12)):
            href = links.nth(i).get_attribute("href")
            if not re.search(r"/inbreng/\d+/$", href or ""):
                continue
            page.goto(href)
            if page.locator("#besluit").count():
                found = True
                if page.evaluate("document.documentElement.scrollWidth") > width + 1:
                    failures.append(f"{page.url}: scrolls sideways at {width} px")
                axe_check(page, failures)
                break
            page.go_back()
        if not found:
            failures.append(f"no decided item found in {DECIDED_DISTRICT} ({prefix or 'nl'})")
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_moderator_handles_a_report_of_abuse(browser, site, width):
    failures: list[str] = []
    resident, page = _open(browser, site, width)
    sign_in(page, RESIDENT, PASSWORD)
    page.goto(f"/wijken/{DECIDED_DISTRICT}/inbreng/")
    page.locator("main a[href*='/inbreng/']").filter(has_text=re.compile(r"stoeptegels")).first.click()
    page.get_by_role("link", name="Misbruik melden").click()
    page.check("input[name=reason][value=spam]")
    page.locator("main form button[type=submit]").click()
    page.get_by_text("Dank u wel voor uw melding.").wait_for()
    resident.close()
    moderator, page = _open(browser, site, width)
    sign_in(page, "moderator@demo.invalid", PASSWORD)
    page.goto("/werkplek/")
    page.get_by_role("link", name=re.compile("melding van misbruik wacht op u")).click()
    page.get_by_text("Reclame of onzin").wait_for()
    if page.evaluate("document.documentElement.scrollWidth") > width + 1:
        failures.append(f"{page.url}: scrolls sideways at {width} px")
    axe_check(page, failures)
    page.get_by_role("button", name=re.compile("^Afgehandeld")).click()
    page.get_by_text("Er zijn geen open meldingen van misbruik.").wait_for()
    page.goto("/en/werkplek/misbruik/")
    axe_check(page, failures)
    moderator.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_an_invitation_is_moderated_before_it_is_public(browser, site, width):
    failures: list[str] = []
    resident, page = _open(browser, site, width)
    sign_in(page, RESIDENT, PASSWORD)
    page.goto("/wijken/nieuweland/uitnodigen/")
    page.locator("input[name=kind]").first.check()
    page.fill("input[name=topic]", "Een wandeling langs de nieuwe speeltuinen")
    page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
    page.get_by_text("Na een korte controle").wait_for()
    listed = page.locator("section[aria-labelledby=verzoeken]").get_by_text("Een wandeling langs de nieuwe speeltuinen")
    assert listed.count() == 0  # not public before moderation
    resident.close()
    moderator, page = _open(browser, site, width)
    sign_in(page, "moderator@demo.invalid", PASSWORD)
    page.goto("/werkplek/")
    page.get_by_role("link", name="Uitnodigingen van inwoners controleren").click()
    row = page.locator("li.request-list__item").filter(has_text="Een wandeling langs de nieuwe speeltuinen")
    row.locator("input[value=reject]").check()
    row.locator("button[type=submit]").click()
    check_failed_form(page, failures, f"invitation not placed without a reason ({width} px)", width)
    row = page.locator("li.request-list__item").filter(has_text="Een wandeling langs de nieuwe speeltuinen")
    row.locator("input[value=approve]").check()
    row.locator("button[type=submit]").click()
    page.get_by_text("De uitnodiging staat op de site").wait_for()
    page.goto("/en/werkplek/uitnodigingen/")
    axe_check(page, failures)
    moderator.close()
    visitor, page = _open(browser, site, width)
    page.goto("/wijken/nieuweland/uitnodigen/")
    listed = page.locator("section[aria-labelledby=verzoeken]").get_by_text("Een wandeling langs de nieuwe speeltuinen")
    assert listed.count() == 1  # placed: public
    visitor.close()
    assert not failures, "\n".join(failures)
