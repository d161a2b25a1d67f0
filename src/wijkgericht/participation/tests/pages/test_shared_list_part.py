"""Issue #16, part 2: a signed-in visitor's list page is their own frame around the part everyone sees alike, kept
per version (frame.pagecache.shared_part). Nothing of one visitor may reach another through it, and a change shows
at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wijkgericht.participation import workflow
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

LISTS = ["/wijken/nieuweland/inbreng/", "/wijken/nieuweland/inbreng/?status=open&pagina=1", "/inbreng/",
         "/inbreng/?q=pannakooi&district=nieuweland"]


def _parts() -> dict[str, str]:
    """The shared parts in the (per-process) cache, by key."""
    return {key: value for key, value in cache._cache.items() if key.split(":", 2)[2].startswith("part:")}


def _signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("address", LISTS)
def test_the_shared_part_carries_nothing_of_the_visitor_who_made_it(roles, address):
    item_transition(item=submit(roles, title="Pannakooi bij de school"), actor=None, target=workflow.PUBLISHED)
    first = _signed_in(roles.resident)
    page = first.get(address).content.decode()
    assert roles.resident.pseudonym in page and "Pannakooi bij de school" in page
    token = first.cookies["csrftoken"].value if "csrftoken" in first.cookies else None
    stored = [cache.get(key.split(":", 2)[2]) for key in _parts()]
    assert len(stored) == 1
    html = stored[0][0] if isinstance(stored[0], tuple) else stored[0]
    assert roles.resident.pseudonym not in html and "csrfmiddlewaretoken" not in html
    assert token is None or token not in html

    other = _signed_in(roles.other_resident).get(address).content.decode()
    assert roles.other_resident.pseudonym in other and roles.resident.pseudonym not in other
    assert "Pannakooi bij de school" in other
    assert len(_parts()) == 1  # the second visitor was served the same part


def test_a_signed_in_visitor_gets_the_list_from_the_shared_part(roles):
    """The list's own queries (the count, the page of ids, its rows) run once for all visitors of a version."""
    for n in range(3):
        item_transition(item=submit(roles, title=f"Bankje {n}"), actor=None, target=workflow.PUBLISHED)
    address = "/wijken/nieuweland/inbreng/"
    with CaptureQueriesContext(connection) as cold:
        assert _signed_in(roles.resident).get(address).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert _signed_in(roles.other_resident).get(address).status_code == 200
    items = [q["sql"] for q in warm.captured_queries if '"participation_item"' in q["sql"]]
    assert items == [], items
    assert any('"participation_item"' in q["sql"] for q in cold.captured_queries)


def test_a_change_shows_at_once_to_a_signed_in_visitor(roles, django_capture_on_commit_callbacks):
    browser = _signed_in(roles.resident)
    address = "/wijken/nieuweland/inbreng/"
    assert "Nieuwe pannakooi" not in browser.get(address).content.decode()
    assert "Nieuwe pannakooi" not in _signed_in(roles.other_resident).get("/inbreng/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the versions are raised once the change commits
        item_transition(item=submit(roles, title="Nieuwe pannakooi"), actor=None, target=workflow.PUBLISHED)
    assert "Nieuwe pannakooi" in browser.get(address).content.decode()
    assert "Nieuwe pannakooi" in _signed_in(roles.other_resident).get("/inbreng/").content.decode()


def test_the_search_words_still_title_the_page_from_the_shared_part(roles):
    address = "/inbreng/?q=pannakooi"
    for user in (roles.resident, roles.other_resident):
        page = _signed_in(user).get(address).content.decode()
        assert "<title>Zoeken naar ‘pannakooi’" in page
