"""'Mijn inbreng' reads a fixed number of queries however much a resident brought in (review finding: each own item
ran its timeline's queries, and each public one fetched its municipality for the link)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkgericht.participation import engagement, workflow
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _bring_in(roles, n: int) -> None:
    """n own items, a mix of waiting, public and advised ones, and n items of others the resident supports."""
    for i in range(n):
        item = submit(roles, title=f"Inbreng {i}")
        if i % 3 == 0:
            continue  # waits for moderation
        item = item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
        if i % 3 == 2:
            item = item_transition(item=item, actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
            advice = advice_request(item=item, actor=roles.civil_servant, question="Akkoord?")
            advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Goed")
        other = item_transition(item=submit(roles, title=f"Van de buren {i}", author=roles.other_resident),
                                actor=roles.moderator, target=workflow.PUBLISHED)
        engagement.item_support(item=other, user=roles.resident)


def _queries(client) -> int:
    client.get("/mijn-inbreng/")  # warm the caches the base template reads
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/mijn-inbreng/")
    assert response.status_code == 200
    return len(queries)


def test_my_items_queries_do_not_grow_with_the_items(client, roles):
    client.force_login(roles.resident)
    _bring_in(roles, 2)
    few = _queries(client)
    _bring_in(roles, 4)
    page = client.get("/mijn-inbreng/").content.decode()
    assert page.count('class="panel"') == 6 and "Advies gevraagd aan de wethouder van Sport" in page
    assert _queries(client) == few
