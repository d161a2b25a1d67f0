"""The public timeline of many items at once gives each item exactly what item_timeline gives it, in a fixed number
of queries (review finding: "Mijn inbreng" ran the timeline's queries once per item)."""

from __future__ import annotations

import pytest

from wijkgericht.participation import selectors, workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange
from wijkgericht.participation.services import advice_answer, advice_request, item_merge, item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _published(roles, **extra) -> Item:
    return item_transition(item=submit(roles, **extra), actor=roles.moderator, target=workflow.PUBLISHED)


def _advised(roles) -> Item:
    """Through coordination: an answered advice request, then a decision with a note."""
    item = item_transition(item=_published(roles), actor=roles.civil_servant, target=workflow.UNDER_CONSIDERATION)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Past dit bij het sportbeleid?")
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Goed voor de wijk")
    return item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Ja",
                           public_note="Het wijkbudget betaalt het materiaal.")


def _key(timeline) -> list[tuple[str, int]]:
    return [(type(entry).__name__, entry.pk) for entry in timeline]


def _one_by_one(item: Item) -> list[StatusChange | AdviceRequest]:
    """item_timeline as it was before the batch: a reference the shared code path is held to."""
    entries = [*item.changes.exclude(target=workflow.COORDINATION), *item.advice_requests.select_related("portfolio")]
    return sorted(entries, key=lambda e: e.created_at if isinstance(e, StatusChange) else e.requested_at)


def test_batch_timelines_equal_the_single_item_ones(roles, django_assert_num_queries):
    advised = _advised(roles)
    into = _published(roles, title="Voetbalkooi")
    duplicate = _published(roles, title="Dubbele voetbalkooi", author=roles.other_resident)
    item_merge(duplicate=duplicate, into=into, actor=roles.civil_servant, reason="Zelfde plek")
    fresh = submit(roles, title="Nog niet gemodereerd")
    # A status change and an advice request at the same moment: the change comes first in both.
    tied = item_transition(item=_published(roles, title="Gelijktijdig"), actor=roles.civil_servant,
                           target=workflow.UNDER_CONSIDERATION)
    considered = StatusChange.objects.filter(item=tied).last()
    tie_advice = advice_request(item=tied, actor=roles.civil_servant, question="Akkoord?")
    AdviceRequest.objects.filter(pk=tie_advice.pk).update(requested_at=considered.created_at)

    items = list(Item.objects.filter(pk__in=[advised.pk, into.pk, duplicate.pk, fresh.pk, tied.pk]))
    with django_assert_num_queries(2):
        batch = selectors.item_timelines(items)
    assert set(batch) == {i.pk for i in items}
    for item in items:
        assert _key(batch[item.pk]) == _key(selectors.item_timeline(item=Item.objects.get(pk=item.pk)))
        assert _key(batch[item.pk]) == _key(_one_by_one(item))

    # What the cases are meant to show: coordination is told by its advice, the merge by its note.
    kinds = [(type(e).__name__, getattr(e, "target", "")) for e in batch[advised.pk]]
    assert ("StatusChange", workflow.COORDINATION) not in kinds and ("AdviceRequest", "") in kinds
    assert kinds[-1] == ("StatusChange", workflow.ACCEPTED)
    assert "Samengevoegd met" in batch[duplicate.pk][-1].public_note
    assert _key(batch[tied.pk])[-2:] == [("StatusChange", considered.pk), ("AdviceRequest", tie_advice.pk)]
    assert _key(batch[fresh.pk]) == _key(StatusChange.objects.filter(item=fresh))


def test_batch_timelines_read_nothing_more_per_entry(roles, django_assert_num_queries):
    items = [_advised(roles), _advised(roles)]
    with django_assert_num_queries(2):
        for timeline in selectors.item_timelines(items).values():
            for entry in timeline:  # what the pages read of an entry
                assert entry.item in items
                if isinstance(entry, AdviceRequest):
                    assert entry.portfolio.name == "Sport"


def test_no_items_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.item_timelines([]) == {}
