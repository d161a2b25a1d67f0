"""Issue #16, part 2: a signed-in visitor's list page is the page kept for everyone, with their own account links
and messages filled into the frame's slots (frame.pagecache, `personal_slots=True`). Nothing of one visitor may
reach another through it, their own slots must work (the sign-out form's token, a "thank you"), and a change shows
at once."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wijkgericht.participation import workflow
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

LISTS = ["/wijken/nieuweland/inbreng/", "/wijken/nieuweland/inbreng/?status=open&pagina=1", "/inbreng/",
         "/inbreng/?q=pannakooi&district=nieuweland"]


def _kept_pages() -> list[str]:
    """The pages in the (per-process) cache, as text."""
    keys = [key.split(":", 2)[2] for key in cache._cache if key.split(":", 2)[2].startswith("page:")]
    return [cache.get(key).content.decode() for key in keys]


def _signed_in(user, **kwargs) -> Client:
    browser = Client(**kwargs)
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("address", LISTS)
def test_the_kept_page_carries_nothing_of_the_visitor_who_made_it(roles, address):
    item_transition(item=submit(roles, title="Pannakooi bij de school"), actor=None, target=workflow.PUBLISHED)
    first = _signed_in(roles.resident)
    page = first.get(address).content.decode()
    assert roles.resident.pseudonym in page and "Pannakooi bij de school" in page and "csrfmiddlewaretoken" in page
    kept = _kept_pages()
    assert len(kept) == 1
    assert roles.resident.pseudonym not in kept[0] and "csrfmiddlewaretoken" not in kept[0]
    assert "Inloggen" in kept[0]  # the slots as an anonymous visitor sees them

    other = _signed_in(roles.other_resident).get(address).content.decode()
    assert roles.other_resident.pseudonym in other and roles.resident.pseudonym not in other
    assert "Pannakooi bij de school" in other and "Inloggen" not in other
    assert len(_kept_pages()) == 1  # the second visitor was served the same page
    anonymous = Client().get(address).content.decode()
    assert roles.resident.pseudonym not in anonymous and roles.other_resident.pseudonym not in anonymous


def test_a_signed_in_visitor_gets_the_list_from_the_kept_page(roles):
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


def test_the_sign_out_form_in_the_slot_carries_the_visitors_own_valid_token(roles):
    Client().get("/inbreng/")  # kept by an anonymous visitor first
    browser = _signed_in(roles.resident, enforce_csrf_checks=True)
    page = browser.get("/inbreng/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert browser.post("/account/uitloggen/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_message_shows_in_the_visitors_slot_once_and_is_never_kept(roles):
    browser = _signed_in(roles.resident)
    request = HttpRequest()
    request.session = browser.session
    storage = FallbackStorage(request)
    storage.add(constants.SUCCESS, "Dank voor uw idee")
    response = HttpResponse()
    storage.update(response)  # into the messages cookie, as after a form that redirects here
    browser.cookies.update(response.cookies)
    assert "Dank voor uw idee" in browser.get("/inbreng/").content.decode()
    assert "Dank voor uw idee" not in browser.get("/inbreng/").content.decode()  # shown once
    assert _kept_pages() and all("Dank voor uw idee" not in page for page in _kept_pages())


def test_a_change_shows_at_once_to_a_signed_in_visitor(roles, django_capture_on_commit_callbacks):
    browser = _signed_in(roles.resident)
    address = "/wijken/nieuweland/inbreng/"
    assert "Nieuwe pannakooi" not in browser.get(address).content.decode()
    assert "Nieuwe pannakooi" not in _signed_in(roles.other_resident).get("/inbreng/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the versions are raised once the change commits
        item_transition(item=submit(roles, title="Nieuwe pannakooi"), actor=None, target=workflow.PUBLISHED)
    assert "Nieuwe pannakooi" in browser.get(address).content.decode()
    assert "Nieuwe pannakooi" in _signed_in(roles.other_resident).get("/inbreng/").content.decode()


def test_the_search_words_still_title_the_page(roles):
    address = "/inbreng/?q=pannakooi"
    for user in (roles.resident, roles.other_resident):
        page = _signed_in(user).get(address).content.decode()
        assert "<title>Zoeken naar ‘pannakooi’" in page
