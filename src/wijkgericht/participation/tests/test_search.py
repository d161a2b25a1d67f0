"""/inbreng/: the municipality's public items found by words, filters and an order, on SQLite (every word in the
title or text) and PostgreSQL (Dutch full text: stems, title first); through the selector and the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from wijkgericht.core.support import support_once
from wijkgericht.participation import search, workflow
from wijkgericht.participation.models import Item, Support
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import make_user, submit

pytestmark = pytest.mark.django_db


def _published(roles, **extra) -> Item:
    return item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)


@pytest.fixture
def items(roles):
    """Three public items with words no demo item has, and one still waiting for moderation."""
    lamp = _published(roles, title="Kapotte lantaarnpaal bij de zwijnenkooi", kind=Item.Kind.REPORT,
                      description="Het is er 's avonds donker.", neighbourhood="BU04890918")
    trees = _published(roles, title="Meer bomen op het zwijnenplein", kind=Item.Kind.IDEA, theme="groen",
                       description="Schaduw in de zomer; een lantaarnpaal staat er al.", neighbourhood="BU04890101")
    bench = _published(roles, title="Bankje bij de vijver", kind=Item.Kind.IDEA,
                       description="Voor wie slecht ter been is, naast de zwijnenkooi.", neighbourhood="BU04890918")
    hidden = submit(roles, title="Zwijnenkooi geheim", description="Nog niet gemodereerd.")
    # Known orders: created lamp < trees < bench; status changed last for the lamp; two supports for the trees.
    now = timezone.now()
    for n, item in enumerate((lamp, trees, bench)):
        Item.objects.filter(pk=item.pk).update(created_at=now - dt.timedelta(days=30 - n),
                                               status_changed_at=now - dt.timedelta(days=20 - n))
    Item.objects.filter(pk=lamp.pk).update(status_changed_at=now)
    for email in ("a@example.nl", "b@example.nl"):
        support_once(Support, user=make_user(email), target=trees)
    return {"lamp": lamp, "trees": trees, "bench": bench, "hidden": hidden}


def _found(roles, **asked) -> list[int]:
    return list(search.public_item_search(municipality=roles.municipality, search=search.ItemSearch(**asked)))


def test_words_find_public_items_in_title_or_text(roles, items):
    found = _found(roles, words="lantaarnpaal")
    assert set(found) == {items["lamp"].pk, items["trees"].pk}
    assert _found(roles, words="zwijnenkooi bankje") == [items["bench"].pk]  # every word must appear
    assert items["hidden"].pk not in _found(roles, words="zwijnenkooi")  # waiting for moderation: not public
    assert _found(roles, words="olifant") == []


def test_full_text_ranks_the_title_first_and_stems_on_postgresql(roles, items):
    found = _found(roles, words="lantaarnpaal")
    if connection.vendor != "postgresql":
        assert found == [items["trees"].pk, items["lamp"].pk]  # the fallback: newest first
        return
    assert found == [items["lamp"].pk, items["trees"].pk]  # in the title outranks in the text
    assert set(_found(roles, words="lantaarnpalen")) == {items["lamp"].pk, items["trees"].pk}  # Dutch stems
    assert _found(roles, words='"slecht ter been" zwijnenkooi') == [items["bench"].pk]  # a phrase
    assert _found(roles, words="zwijnenkooi -bankje") == [items["lamp"].pk]


def test_filters_and_orders(roles, items):
    mine = {i.pk for i in items.values()}

    def ours(**asked):
        return [pk for pk in _found(roles, **asked) if pk in mine]

    assert ours(kind="idea") == [items["bench"].pk, items["trees"].pk]
    assert ours(theme="groen") == [items["trees"].pk]
    assert ours(district="nieuweland") == [items["bench"].pk, items["lamp"].pk]
    assert ours(status="open") == [items["bench"].pk, items["trees"].pk, items["lamp"].pk]
    assert ours(status="closed") == []
    assert ours(sort="newest") == [items["bench"].pk, items["trees"].pk, items["lamp"].pk]
    assert ours(sort="support")[0] == items["trees"].pk
    assert ours(sort="changed") == [items["lamp"].pk, items["bench"].pk, items["trees"].pk]


def test_the_page_searches_filters_and_maps_without_javascript(client, roles, items):
    page = client.get("/inbreng/", {"q": "lantaarnpaal"}).content.decode()
    assert "Kapotte lantaarnpaal bij de zwijnenkooi" in page and "Meer bomen op het zwijnenplein" in page
    assert "Bankje bij de vijver" not in page
    assert "2 ideeën en meldingen gevonden met ‘lantaarnpaal’" in page
    assert f'href="/wijken/nieuweland/inbreng/{items["lamp"].pk}/"' in page
    assert 'data-markers="#inbreng-lijst"' in page and "data-lat=" in page  # the page's items on the map
    page = client.get("/inbreng/", {"district": "nieuweland", "kind": "idea", "sort": "support"}).content.decode()
    assert "Bankje bij de vijver" in page and "Kapotte lantaarnpaal" not in page
    # Unknown choices are ignored rather than an error; an unknown parameter is redirected away.
    assert client.get("/inbreng/", {"kind": "olifant", "sort": "x"}).status_code == 200
    assert client.get("/inbreng/", {"olifant": "1"}).status_code == 302
    assert client.get("/inbreng/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/inbreng/", {"q": "zwijnenkooi", "pagina": "999"}).status_code == 200
    # A district's own list leads to the search, narrowed to that district.
    district_list = client.get("/wijken/nieuweland/inbreng/").content.decode()
    assert 'href="/inbreng/?district=nieuweland"' in district_list
    english = client.get("/en/inbreng/", {"q": "lantaarnpaal"}).content.decode()
    assert "2 ideas and reports found with ‘lantaarnpaal’" in english


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index exists on PostgreSQL only")
def test_the_gin_index_has_the_selectors_expression(roles, items):
    """Migration 0010's index is only used when its expression is exactly the query's: PostgreSQL deparses both
    the same way, so the index's expression must appear in the plan's condition (on a big table it is then an
    index scan: bench/participation/bench_search.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('item_search_dutch'::regclass)")
        definition = cursor.fetchone()[0]
    expression = definition.split("USING gin ((", 1)[1].rsplit("))", 1)[0]
    assert "'dutch'" in expression and "'A'" in expression and "'B'" in expression
    plan = search.public_item_search(municipality=roles.municipality,
                                     search=search.ItemSearch(words="zwijnenkooi")).explain()
    assert f"{expression}) @@" in plan or f"{expression} @@" in plan, (expression, plan)
