"""Fixtures shared by every test: the Barendrecht demo data and the shared open-data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("WIJKGERICHT_SHARED_DIR", REPO_ROOT.parent / "shared"))


def shared_file(relative: str) -> Path:
    """A file from ../shared/data; skipped where absent, but a failure under CI=true, where it must be there."""
    path = SHARED / "data" / relative
    if not path.exists():
        message = f"{path} is absent: the shared open-data folder is needed for this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Caches are keyed on primary keys and version counters, which a rolled-back test database hands out again."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from wijkgericht.districts import lookup
    from wijkgericht.districts import selectors as district_selectors
    from wijkgericht.governance import selectors

    # A test-client request to /en/… leaves English active in this thread; every test starts in the site's language.
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    district_selectors._current.clear()
    lookup._indexes.clear()
    selectors._snapshots.clear()
    yield


@pytest.fixture
def barendrecht(db):
    """The Barendrecht demo (CBS 2024 areas, key figures, example faces, college 2018–2022)."""
    from wijkgericht.demo.services import barendrecht_demo_load
    from wijkgericht.districts.models import Municipality

    barendrecht_demo_load()
    return Municipality.objects.get(code="GM0489")


# One user per role on the Barendrecht demo (participation/testing.py), for the services', pages' and browser tests.
from wijkgericht.participation.testing import roles  # noqa: E402, F401
