"""Fixtures shared by every test: the Barendrecht demo data and the shared open-data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("WIJKGERICHT_SHARED_DIR", REPO_ROOT.parent / "shared"))
# The small Barendrecht CBS files packaged with the demo: data, which any test may read without importing the demo.
BARENDRECHT_CBS = REPO_ROOT / "src" / "wijkgericht" / "demo" / "data" / "barendrecht"


def shared_file(relative: str) -> Path:
    """A file from ../shared/data; skipped where absent, but a failure under CI=true, where it must be there."""
    path = SHARED / "data" / relative
    if not path.exists():
        message = f"{path} is absent: the shared open-data folder is needed for this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


class _StoppedClock:
    """time.time() held at one moment (the rest of the module `time` as it is)."""

    def __init__(self):
        import time

        self._now = time.time()
        self._time = time

    def time(self) -> float:
        return self._now

    def __getattr__(self, name):
        return getattr(self._time, name)


@pytest.fixture(autouse=True)
def _rate_limit_windows_stand_still(monkeypatch):
    """django-ratelimit counts in fixed windows (5 minutes, 15, an hour) that end at moments a test cannot choose: a
    flood of attempts that crossed a window's end started counting afresh, and a test expecting the limit failed
    now and then. Within a test, its windows stand still."""
    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", _StoppedClock())


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Caches are keyed on primary keys and version counters, which a rolled-back test database hands out again."""
    from django.conf import settings
    from django.core.cache import caches
    from django.utils import translation

    from wijkgericht.districts import lookup
    from wijkgericht.districts import selectors as district_selectors
    from wijkgericht.governance import selectors

    # A test-client request to /en/… leaves English active in this thread; every test starts in the site's language.
    translation.activate(settings.LANGUAGE_CODE)
    for alias in settings.CACHES:  # the pages' and the rate limits' (accounts/ratelimits.py)
        caches[alias].clear()
    district_selectors._current.clear()
    lookup._indexes.clear()
    selectors._snapshots.clear()
    yield


class DemoSnapshot:
    """The rows the Barendrecht demo loader writes, taken once per test process and put back for every later test.

    The loader itself runs for real the first time in each process (and wherever a test calls it); after that, a
    test gets the same rows by bulk insert in a fraction of the time (the loader re-reads CBS files and replays
    the demo's history through the services: about two seconds per test, the larger part of the suite's time).
    A snapshot is only taken when the database held nothing but what migrations made, so it is the demo alone."""

    rows: list[tuple[type, list[dict]]] | None = None

    @staticmethod
    def _models():
        from django.apps import apps

        return [m for m in apps.get_models(include_auto_created=True)
                if m._meta.managed and not m._meta.proxy and m._meta.app_label not in ("contenttypes", "auth")
                or m._meta.label in ("auth.Group", "auth.Group_permissions")]

    @classmethod
    def load(cls) -> None:
        from django.db.models import QuerySet

        from wijkgericht.demo.services import barendrecht_demo_load

        if cls.rows is not None and not any(model.objects.exists() for model, _rows in cls.rows):
            cls._restore()  # only into tables the test has not written to: the rows keep their ids
            return
        before = {m: set(m.objects.values_list("pk", flat=True)) for m in cls._models()}
        # The budgets' tests make their own rounds (test_demo_budgets.py); the evaluation's demo (two thousand survey
        # answers, slow to copy back for every test) is loaded by test_demo_evaluation.py.
        barendrecht_demo_load(budgets=False, evaluation=False)
        if any(before.values()):  # the test wrote rows of its own first: do not mistake them for the demo's
            return
        # A plain QuerySet: a translated model's manager (django-modeltranslation) would give `name` in the active
        # language and leave out name_nl and name_en, so the English names would not come back.
        cls.rows = [(m, list(QuerySet(m).values())) for m in cls._models()]
        cls.rows = [(m, rows) for m, rows in cls.rows if rows]

    @classmethod
    def _restore(cls) -> None:
        from django.core.management.color import no_style
        from django.db import connection, transaction

        # One transaction: the foreign keys are checked at its end, so the order of the models does not matter,
        # also in tests with transaction=True, which run without a surrounding transaction.
        with transaction.atomic():
            for model, rows in cls.rows:
                model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
            # Rows came with their ids: move the id sequences past them (PostgreSQL; SQLite follows by itself).
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in cls.rows]):
                    cursor.execute(statement)


@pytest.fixture
def barendrecht(db):
    """The Barendrecht demo (CBS 2024 areas, key figures, example faces, college 2018–2022)."""
    from wijkgericht.districts.models import Municipality

    DemoSnapshot.load()
    return Municipality.objects.get(code="GM0489")


# One user per role on the Barendrecht demo (participation/testing.py), for the services', pages' and browser tests.
from wijkgericht.participation.testing import roles  # noqa: E402, F401
