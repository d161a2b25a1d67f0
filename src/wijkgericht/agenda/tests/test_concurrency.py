"""RSVP and the waiting list under concurrent registrations (issue 5): no overbooking at capacity with 50
simultaneous requests, on PostgreSQL, and the waiting list still promoted in order when cancellations and new
registrations race each other.

Each request runs in its own thread with its own database connection, all released at once from a barrier, so
they really do meet in the database; only the row lock in `rsvp_register`/`rsvp_cancel` (SELECT … FOR UPDATE on the
activity) keeps them apart. Without it, most threads count the same free places and the activity is overbooked.

SQLite serialises writers by locking the whole database and ignores `select_for_update`, so the threaded test says
nothing there; it runs on PostgreSQL (CI runs the suite on both). The interleaving test at the bottom checks the
same invariant on every database, one request after another in a random order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from wijkgericht.agenda.models import Activity, ActivityKind, Registration
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.agenda.services.rsvp import rsvp_cancel, rsvp_register
from wijkgericht.core.tests.concurrency import all_at_once
from wijkgericht.districts.models import District, Municipality
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.testing import make_user

CAPACITY = 10
PEOPLE = 50

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite locks the whole database per writer and ignores SELECT … FOR UPDATE, so "
           "concurrent registrations cannot race there (the issue asks for PostgreSQL; CI runs it there)")


def _setup(people: int = PEOPLE) -> tuple[Activity, list]:
    """A small municipality of its own (no demo load: these tests commit, and the database is flushed after)."""
    municipality = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp")
    district = District.objects.create(municipality=municipality, code="WK999901", name="Centrum", slug="centrum")
    kinds_ensure_defaults(municipality)
    start = timezone.now() + dt.timedelta(days=14)
    activity = activity_create(
        actor=None, municipality=municipality, kind=ActivityKind.objects.filter(municipality=municipality).first(),
        title="Buurtavond", districts=[district], starts_at=start, ends_at=start + dt.timedelta(hours=2),
        place="Dorpshuis", capacity=CAPACITY)
    return activity, [make_user(f"inwoner{n:02d}@example.nl") for n in range(people)]


def _all_at_once(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run every call in its own thread, released together; what they raised."""
    return all_at_once(calls)[1]


def _active(activity: Activity) -> list[Registration]:
    return list(Registration.objects.filter(activity=activity).exclude(status="cancelled").order_by("created_at", "pk"))


def _assert_invariant(activity: Activity) -> list[Registration]:
    """At most `capacity` confirmed; no free place while someone waits; everyone confirmed arrived before everyone
    still waiting (the waiting list moves up in order of arrival); one active registration per person."""
    active = _active(activity)
    statuses = [r.status for r in active]
    confirmed = statuses.count("confirmed")
    assert confirmed <= activity.capacity
    assert confirmed == min(activity.capacity, len(active))
    assert statuses == sorted(statuses)  # 'confirmed' < 'waitlisted': all confirmed come first in arrival order
    assert not [u for u, n in Counter(r.user_id for r in active).items() if n > 1]
    return active


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_never_overbook():
    activity, people = _setup()

    errors = _all_at_once([lambda user=user: rsvp_register(activity=activity, user=user)
                           for user in people])

    assert errors == []
    active = _assert_invariant(activity)
    assert Counter(r.status for r in active) == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
    assert {r.user_id for r in active} == {u.pk for u in people}
    assert Registration.objects.filter(activity=activity).count() == PEOPLE  # no duplicates, none lost


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_person_pressing_twice_at_once_gets_one_registration():
    activity, people = _setup(people=5)
    errors = _all_at_once([lambda user=user: rsvp_register(activity=activity, user=user)
                           for user in people for _ in range(4)])
    assert errors == []
    active = _assert_invariant(activity)
    assert len(active) == 5 and Registration.objects.filter(activity=activity).count() == 5


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_racing_keep_the_waiting_list_in_order():
    activity, people = _setup(people=PEOPLE + 25)
    first, newcomers = people[:PEOPLE], people[PEOPLE:]
    for user in first:
        rsvp_register(activity=activity, user=user)
    before = {r.user_id: r for r in _active(activity)}
    waiting_before = [r.user_id for r in _active(activity) if r.status == "waitlisted"]

    # 25 leave (every other one of the first 50: confirmed and waiting alike) while 25 newcomers sign up, at once.
    leaving = first[::2]
    calls = [lambda user=user: rsvp_cancel(registration=before[user.pk], user=user) for user in leaving]
    calls += [lambda user=user: rsvp_register(activity=activity, user=user) for user in newcomers]
    random.Random(5).shuffle(calls)
    errors = _all_at_once(calls)

    assert errors == []
    active = _assert_invariant(activity)
    assert {r.user_id for r in active} == {u.pk for u in first[1::2]} | {u.pk for u in newcomers}
    confirmed = [r.user_id for r in active if r.status == "confirmed"]
    assert len(confirmed) == CAPACITY
    # Of those who stayed, the earliest arrivals hold the places: the waiting list moved up in its own order.
    stayed = [u.pk for u in first[1::2]]
    assert confirmed == stayed[:CAPACITY]
    # Everyone moved up was told, once; nobody else was (someone leaving may have been moved up just before).
    promoted = {pk for pk in waiting_before if pk in confirmed}
    told = Counter(Notification.objects.filter(event="activity.waitlist_promoted").values_list("recipient_id",
                                                                                              flat=True))
    assert promoted and promoted <= set(told) <= set(waiting_before)
    assert set(told.values()) == {1}


@pytest.mark.django_db
def test_any_interleaving_of_registrations_and_cancellations_keeps_the_invariant():
    """The same invariant on every database (SQLite included), one request at a time in a random order."""
    activity, people = _setup()
    rng = random.Random(489)
    registrations: dict[int, Registration] = {}
    for _step in range(300):
        user = rng.choice(people)
        current = registrations.get(user.pk)
        if current is not None and rng.random() < 0.5:
            rsvp_cancel(registration=current, user=user)
            del registrations[user.pk]
        else:
            registrations[user.pk] = rsvp_register(activity=activity, user=user)
        _assert_invariant(activity)
    assert {r.user_id for r in _active(activity)} == set(registrations)
