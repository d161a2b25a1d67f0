"""Issue #10, point 5: public page cache flooding. Unknown query strings made new cache entries (3,000 URLs →
150 MB per worker). A cached page is now keyed on the parameters it reads; other parameters are redirected away,
and the values of the parameters it reads make at most MAX_VARIANTS entries per page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from wijkgericht.frame import pagecache

pytestmark = pytest.mark.django_db


def _pages() -> list[str]:
    """The page entries in the (per-process) cache."""
    return [key for key in cache._cache if key.split(":", 2)[2].startswith("page:")]


def test_3000_junk_query_strings_make_no_cache_entries(barendrecht):
    browser = Client()
    assert browser.get("/").status_code == 200
    assert len(_pages()) == 1
    for n in range(3000):
        response = browser.get(f"/?utm_source=spam{n}&x={n}")
        assert response.status_code == 302 and response["Location"] == "/"
    assert len(_pages()) == 1


def test_unknown_parameters_are_dropped_and_known_ones_kept(barendrecht):
    response = Client().get("/activiteiten/?soort=x&fbclid=abc&voorbij=1")
    assert response.status_code == 302 and response["Location"] == "/activiteiten/?soort=x&voorbij=1"


def test_the_parameters_a_page_reads_share_one_entry_in_any_order(barendrecht):
    browser = Client()
    first = browser.get("/wijken/nieuweland/inbreng/?status=open&pagina=1")
    second = browser.get("/wijken/nieuweland/inbreng/?pagina=1&status=open")
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert len(_pages()) == 1


def test_endless_values_of_a_known_parameter_are_capped(barendrecht, monkeypatch):
    monkeypatch.setattr(pagecache, "MAX_VARIANTS", 5)
    browser = Client()
    for n in range(1, 21):
        assert browser.get(f"/wijken/nieuweland/inbreng/?pagina={n}").status_code == 200
    assert len(_pages()) == 5
