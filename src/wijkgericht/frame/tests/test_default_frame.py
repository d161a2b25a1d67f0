"""Pages whose view supplies no frame (account, notifications) get the default municipality's from the context
processor, lazily; pages that supply their own (and the error pages' bare one) are not touched by it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from wijkgericht.accounts.models import User
from wijkgericht.frame import context_processors
from wijkgericht.frame.context import FRAME_KEYS

pytestmark = pytest.mark.django_db


def _nav(page: str) -> str:
    start = page.index('<nav class="site-nav"')
    return page[start:page.index("</nav>", start)]


def test_account_pages_stand_in_the_default_municipalitys_frame(client, barendrecht):
    login = client.get("/account/inloggen/").content.decode()
    home = client.get("/").content.decode()
    assert "– Gemeente Barendrecht</title>" in login  # the municipality publishes the site, not the software
    assert '<span class="site-header__name">Gemeente Barendrecht</span>' in login
    assert _nav(login) == _nav(home).replace(' aria-current="page"', "")  # the same menu, no page marked
    # The board's state shows only where the board is shown (tests/test_identity.py), not on an account page.
    assert "De collegeperiode 2018–2022 is voorbij" not in login


def test_notifications_page_has_the_frame(client, barendrecht):
    client.force_login(User.objects.create_user("anna@example.org", "een-lang-wachtwoord"))
    page = client.get("/berichten/").content.decode()
    assert '<span class="site-header__name">Gemeente Barendrecht</span>' in page and 'class="site-nav"' in page


def test_without_a_municipality_the_account_pages_are_bare(client, db):
    page = client.get("/account/inloggen/").content.decode()
    assert "<title>" in page and "– Wijkgericht</title>" in page and "site-nav" not in page


def test_not_found_page_shows_no_municipality(client, barendrecht):
    page = client.get("/wijken/bestaat-niet/").content.decode()
    assert "site-header__place" not in page and "site-nav" not in page


def test_the_default_frame_is_computed_only_when_used_and_once(barendrecht, monkeypatch):
    calls = []
    real = context_processors.default_context
    monkeypatch.setattr(context_processors, "default_context", lambda: calls.append(1) or real())
    frame = context_processors.default_frame(RequestFactory().get("/account/"))
    assert set(frame) == set(FRAME_KEYS) and calls == []
    assert frame["municipality"].name == "Barendrecht" and frame["paths"]["home"] == "/"
    assert str(frame["home_url"]) == "/" and calls == [1]
