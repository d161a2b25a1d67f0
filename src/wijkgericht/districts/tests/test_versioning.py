"""public_pages_changed: the versions rise after commit, once per transaction, in a short UPDATE of their own."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wijkgericht.districts.models import Municipality
from wijkgericht.districts.versioning import public_pages_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Municipality:
    return Municipality.objects.create(code="GM9998", name="Proefdorp", slug="proefdorp")


@pytest.fixture
def other() -> Municipality:
    return Municipality.objects.create(code="GM9997", name="Buurdorp", slug="buurdorp")


def versions(municipality: Municipality) -> tuple[int, int]:
    return Municipality.objects.values_list("content_version", "geo_version").get(pk=municipality.pk)


def municipality_updates(queries: CaptureQueriesContext) -> list[str]:
    table = Municipality._meta.db_table
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


def test_nothing_moves_inside_the_transaction_and_once_after_it(place, django_capture_on_commit_callbacks):
    before = versions(place)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, CaptureQueriesContext(connection) as inside:
        with transaction.atomic():
            for _ in range(5):  # five writes in one transaction
                public_pages_changed(place.pk)
    assert municipality_updates(inside) == [] and versions(place) == before
    with CaptureQueriesContext(connection) as after:
        for callback in callbacks:
            callback()
    assert len(municipality_updates(after)) == 1
    assert versions(place) == (before[0] + 1, before[1])


def test_geo_asked_once_raises_both_counters_once(place, django_capture_on_commit_callbacks):
    before = versions(place)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        public_pages_changed(place.pk)
        public_pages_changed(place.pk, geo=True)
        public_pages_changed(place.pk)
    assert versions(place) == (before[0] + 1, before[1] + 1)


def test_each_municipality_rises_on_its_own(place, other, django_capture_on_commit_callbacks):
    before_place, before_other = versions(place), versions(other)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        public_pages_changed(place.pk)
        public_pages_changed(other.pk)
        public_pages_changed(place.pk)
    assert versions(place) == (before_place[0] + 1, before_place[1])
    assert versions(other) == (before_other[0] + 1, before_other[1])


def test_a_rolled_back_write_raises_nothing(place, django_capture_on_commit_callbacks):
    before = versions(place)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            public_pages_changed(place.pk)
            raise RuntimeError("the write failed")
    assert versions(place) == before


def test_a_savepoint_rolled_back_leaves_the_rest_of_the_transaction_raising(place,
                                                                           django_capture_on_commit_callbacks):
    """The inner write asked first and rolled back; the outer write asked after it and still counts."""
    before = versions(place)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            public_pages_changed(place.pk, geo=True)
            raise RuntimeError("this part failed")
        public_pages_changed(place.pk)
    assert versions(place)[0] == before[0] + 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_raises_at_once():
    """As a service that writes in autocommit mode (one statement, committed) calls it."""
    place = Municipality.objects.create(code="GM9996", name="Losdorp", slug="losdorp")
    before = versions(place)
    assert not connection.in_atomic_block
    public_pages_changed(place.pk)
    assert versions(place) == (before[0] + 1, before[1])


def test_none_is_no_municipality(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        public_pages_changed(None)
    assert callbacks == []
