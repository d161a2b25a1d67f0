"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live_server.

No network beyond the live server: map tiles are switched off (WIJKGERICHT_TILE_URL="") and every other request
is aborted and recorded in `page.external_requests`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django's ORM would refuse to run there otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _unavailable(message: str) -> None:
    """Skip where the browser cannot run; under CI=true that is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a test dependency
        _unavailable(f"playwright is not installed: {exc}")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means: no browser here
        playwright.stop()
        _unavailable(f"Chromium at {CHROMIUM} cannot start: {exc}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def site(live_server, transactional_db, settings):
    """The live server with the Barendrecht demo loaded and map tiles off; returns its base URL."""
    from wijkgericht.demo.services import barendrecht_demo_load

    settings.WIJKGERICHT_TILE_URL = ""
    barendrecht_demo_load()
    return live_server.url


def _new_page(browser, base_url: str, **context_options):
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
    return context, page


@pytest.fixture
def page(browser, site):
    context, page = _new_page(browser, site)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, site):
    context, page = _new_page(browser, site, java_script_enabled=False)
    yield page
    context.close()


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
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
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
