"""The daily rollup (models.DayFigure) stays equal to what a rebuild computes from the items and supports, after
every kind of write participation does through its services: submitting, refusing, taking up (the first answer),
supporting and withdrawing, merging (supports move to another district's item by an UPDATE), deleting. Runs on
SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest

from wijkgericht.evaluation import rollup
from wijkgericht.evaluation.models import DayFigure
from wijkgericht.participation import workflow
from wijkgericht.participation.engagement import item_support, item_unsupport
from wijkgericht.participation.services import item_merge, item_transition
from wijkgericht.participation.testing import make_user, submit

pytestmark = pytest.mark.django_db


def _stored(municipality_id: int) -> set[tuple]:
    return {(f.district_id, f.day, f.kind, f.theme_id, f.submitted, f.answered, f.supports)
            for f in DayFigure.objects.filter(municipality_id=municipality_id)}


def _computed(municipality_id: int) -> set[tuple]:
    return {(f.district_id, f.day, f.kind, f.theme_id, f.submitted, f.answered, f.supports)
            for f in rollup._rows(municipality_id, None)}


def _totals(municipality_id: int) -> tuple[int, int, int]:
    rows = DayFigure.objects.filter(municipality_id=municipality_id)
    return (sum(r.submitted for r in rows), sum(r.answered for r in rows), sum(r.supports for r in rows))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Each write's transaction commits (the test's own transaction never does): its rollup refresh runs."""
    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)
    return run


def test_the_rollup_follows_every_write_of_participation(roles, committed):
    m = roles.municipality.id
    rollup.rebuild(m)
    base = _totals(m)

    north = committed(item_transition, item=committed(submit, roles, neighbourhood="BU04890918"),
                      actor=roles.moderator, target=workflow.PUBLISHED)
    south = committed(item_transition, item=committed(submit, roles, neighbourhood="BU04890101",
                                                      title="Bankje bij de haven"),
                      actor=roles.moderator, target=workflow.PUBLISHED)
    refused = committed(submit, roles, title="Reclame")
    assert _totals(m) == (base[0] + 3, base[1], base[2]) and _stored(m) == _computed(m)

    committed(item_transition, item=refused, actor=roles.moderator, target=workflow.REJECTED, reason="Reclame")
    committed(item_transition, item=north, actor=roles.civil_servant,
              target=workflow.UNDER_CONSIDERATION)  # answered in time
    assert _totals(m) == (base[0] + 2, base[1] + 1, base[2]) and _stored(m) == _computed(m)

    neighbours = [make_user(f"buur{n}@example.nl") for n in range(3)]
    for user in neighbours:
        committed(item_support, item=south, user=user)
    committed(item_support, item=north, user=neighbours[0])
    committed(item_unsupport, item=south, user=neighbours[1])
    assert _totals(m) == (base[0] + 2, base[1] + 1, base[2] + 3) and _stored(m) == _computed(m)

    # A merge moves the south item's supports (another district) onto the north item by an UPDATE.
    assert south.district_id != north.district_id
    committed(item_merge, duplicate=south, into=north, actor=None, reason="Zelfde vraag")  # the system: any district
    assert _stored(m) == _computed(m)

    committed(north.delete)
    committed(south.delete)
    assert _totals(m) == (base[0], base[1], base[2]) and _stored(m) == _computed(m)


def test_the_refresh_waits_for_the_commit_and_runs_once_per_transaction(roles, django_capture_on_commit_callbacks,
                                                                        monkeypatch):
    """A resident's write holds no rollup lock: the refresh runs after the commit, once for all of its writes."""
    m = roles.municipality.id
    rollup.rebuild(m)
    calls = []
    real = rollup.refresh
    monkeypatch.setattr(rollup, "refresh", lambda mid, days: (calls.append((mid, set(days))), real(mid, days)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        item = item_transition(item=submit(roles), actor=roles.moderator, target=workflow.PUBLISHED)
        for n in range(3):
            item_support(item=item, user=make_user(f"steun{n}@example.nl"))
        assert calls == []  # nothing before the commit
    assert len(callbacks) >= 2 and len(calls) == 1 and calls[0][0] == m
    assert _stored(m) == _computed(m)


def test_rebuild_puts_right_what_was_written_by_hand(roles):
    m = roles.municipality.id
    submit(roles)
    DayFigure.objects.filter(municipality_id=m).update(submitted=99)
    DayFigure.objects.create(municipality_id=m, district_id=0, day="2020-01-01", kind="idea", submitted=5)
    assert rollup.rebuild(m) == len(_computed(m))
    assert _stored(m) == _computed(m)


def test_the_command_rebuilds_the_rollup(roles):
    from io import StringIO

    from django.core.management import call_command

    m = roles.municipality
    submit(roles)
    DayFigure.objects.all().delete()
    out = StringIO()
    call_command("evaluation_rollup", "--municipality", m.code, stdout=out)
    assert "rebuilt" in out.getvalue() and _stored(m.id) == _computed(m.id) != set()


class _Queue:
    """Stands in for the broker: keeps what refresh_soon queues, for the test to run as the worker would."""

    def __init__(self, fail: bool = False):
        self.queued: list[tuple] = []
        self.fail = fail

    def __call__(self, municipality_id, days):
        if self.fail:
            raise ConnectionError("no broker")
        self.queued.append(((municipality_id, [day.isoformat() for day in days]), rollup.COALESCE_SECONDS))


@pytest.fixture
def worker_pool(settings, monkeypatch):
    """As with REDIS_URL: tasks go to a queue (here: a list), not run in the request."""
    from django.core.cache import cache

    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    queue = _Queue()
    monkeypatch.setattr(rollup, "_queue", queue)
    return queue


def test_the_queued_recount_is_the_task_by_its_name():
    from wijkgericht.evaluation import tasks

    assert tasks.refresh_rollup.name == rollup.REFRESH_TASK


def test_with_a_worker_pool_the_writes_of_a_moment_share_one_queued_recount(roles, committed, worker_pool):
    from wijkgericht.evaluation import tasks

    municipality = roles.municipality.pk
    rollup.rebuild(municipality)
    before = _stored(municipality)
    committed(submit, roles, title="Eerste")
    committed(submit, roles, title="Tweede")
    assert _stored(municipality) == before  # nothing counted in the request
    assert len(worker_pool.queued) == 1
    (args, _countdown), = worker_pool.queued
    assert tasks.refresh_rollup(*args) == 1  # the worker: both writes counted
    assert _stored(municipality) == _computed(municipality)
    committed(submit, roles, title="Derde")  # after the recount began: a recount of its own
    assert len(worker_pool.queued) == 2
    tasks.refresh_rollup(*worker_pool.queued[1][0])
    assert _stored(municipality) == _computed(municipality)


def test_a_queue_that_does_not_answer_makes_the_request_count_itself(roles, committed, worker_pool):
    rollup.rebuild(roles.municipality.pk)
    worker_pool.fail = True
    committed(submit, roles, title="Zonder wachtrij")
    assert _stored(roles.municipality.pk) == _computed(roles.municipality.pk)
    worker_pool.fail = False
    committed(submit, roles, title="Met wachtrij")  # the failed attempt left no mark behind that holds this back
    assert len(worker_pool.queued) == 1
