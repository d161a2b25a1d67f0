"""Helpers for the browser tests: a guarded browser context, axe-core, and finding a pixel inside a map shape."""

from __future__ import annotations

import re
from base64 import b32decode
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def new_page(browser, base_url: str, **context_options):
    """A context on the live server that aborts (and records in page.external_requests) any other request."""
    context = browser.new_context(base_url=base_url, locale="nl-NL", **context_options)
    context.set_default_timeout(10_000)
    external: list[str] = []

    def guard(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.external_requests = external
    # Script errors and console errors (a CSP refusal shows up here), except the browser's own favicon probe.
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
    page.on("console", lambda message: message.type == "error" and "favicon" not in (message.location or {}).get(
        "url", "") and page.errors.append(f"console: {message.text} @ {message.location}"))
    return context, page


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; returns its violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"    {node['target']}: {summary}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def point_inside(page, selector: str) -> tuple[float, float]:
    """A viewport pixel where `selector` (an SVG shape) is the topmost element, found by sampling its box."""
    point = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          const box = el.getBoundingClientRect();
          for (const n of [3, 5, 9, 17]) {
            for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) {
              const x = box.left + box.width * i / n, y = box.top + box.height * j / n;
              if (document.elementFromPoint(x, y) === el) return [x, y];
            }
          }
          return null;
        }""",
        selector,
    )
    assert point, f"no visible pixel of {selector} on the map"
    return point[0], point[1]


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the form, and for staff through the second factor too (pass_second_factor)."""
    page.goto("/account/inloggen/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    pass_second_factor(page, email)


def pass_second_factor(page, email: str) -> None:
    """After the password: a staff member sets up the authenticator app the way a person would (the key shown on
    the page, the code it gives, past the recovery codes), or, signing in again, types one of those codes."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_static.models import StaticToken

    page.wait_for_url(lambda url: "/inloggen/" not in url)
    if "/tweede-stap/instellen/" in page.url:
        key = b32decode(page.locator("[data-otp-secret]").inner_text().strip())
        page.fill("input[name=token]", f"{TOTP(key).token():06d}")
        page.locator("form:has(input[name=token]) button[type=submit]").click()
        page.locator("[data-recovery-code]").first.wait_for()
        page.get_by_role("link", name=re.compile("ga verder")).click()
    elif "/tweede-stap/" in page.url:
        code = StaticToken.objects.filter(device__user__email=email).values_list("token", flat=True).first()
        page.fill("input[name=token]", code)
        page.locator("form:has(input[name=token]) button[type=submit]").click()
    page.wait_for_url(lambda url: "/tweede-stap/" not in url)


def axe_check(page, failures: list[str]) -> None:
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        failures.append(describe_violations(page.url, violations))


def check_failed_form(page, failures: list[str], what: str, width: int = 375) -> None:
    """After a failed submission: the summary, its links, the messages' width, no sideways scrolling, axe."""
    page.wait_for_load_state("load")
    summary = page.locator(".error-summary").first
    if not summary.is_visible():
        failures.append(f"{what}: no error summary")
        return
    if page.evaluate("document.documentElement.scrollWidth") > width + 1:
        failures.append(f"{what}: the page scrolls sideways at {width} px")
    box = summary.bounding_box()
    if box["width"] < min(width - 60, 200):
        failures.append(f"{what}: the error summary is a narrow column ({box['width']:.0f} px)")
    for link in summary.locator("a").all():
        target = link.get_attribute("href").lstrip("#")
        if page.locator(f"[id='{target}']").count() != 1:
            failures.append(f"{what}: the summary links #{target}, which is not on the page")
    for message in page.locator(".utrecht-form-field-error-message").all():
        if message.is_visible() and message.bounding_box()["width"] < min(width - 60, 200):
            failures.append(f"{what}: a field's error is a narrow column ({message.bounding_box()['width']:.0f} px)")
    first = summary.locator("a").first
    if first.count():
        target = first.get_attribute("href").lstrip("#")
        first.click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if focused != target:
            failures.append(f"{what}: following the summary's link focused {focused!r}, not #{target}")
    axe_check(page, failures)
