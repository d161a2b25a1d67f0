"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live_server.

No network beyond the live server: map tiles are switched off (WIJKGERICHT_TILE_URL="") and every other request
is aborted and recorded in `page.external_requests`.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import new_page
from tests.browser.server import counting

# Playwright's sync API keeps an event loop in the test thread; Django's ORM would refuse to run there otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


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
    """The live server with the Barendrecht demo loaded and map tiles off; gives its base URL."""
    from wijkgericht.demo.services import barendrecht_demo_load

    settings.WIJKGERICHT_TILE_URL = ""
    in_flight = counting(live_server)
    barendrecht_demo_load()
    yield live_server.url
    # The pages are closed by now (they depend on this fixture); let the server finish what they started before
    # the database is flushed.
    assert in_flight.wait_idle(timeout=30), "the live server was still answering a request 30 s after the test"


@pytest.fixture
def page(browser, site):
    context, page = new_page(browser, site)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, site):
    context, page = new_page(browser, site, java_script_enabled=False)
    yield page
    context.close()
