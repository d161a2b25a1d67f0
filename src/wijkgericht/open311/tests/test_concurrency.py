"""The same Open311 POST twenty times at once files one report (issue #10), on PostgreSQL with one connection per
thread; through a real server on SQLite and PostgreSQL in tests/test_burst_server.py."""

from __future__ import annotations

import pytest

from wijkgericht.core.tests.concurrency import all_at_once, postgres_only
from wijkgericht.open311 import submit
from wijkgericht.open311.keys import key_create
from wijkgericht.open311.tests.conftest import inside
from wijkgericht.participation.models import Item

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_the_same_post_twenty_times_at_once_files_one_report(barendrecht):
    api_key, _plain = key_create(name="Meldapp", municipality=barendrecht)
    lat, lon = inside()
    params = {"service_code": "verkeer", "lat": str(lat), "long": str(lon), "device_id": "telefoon-1",
              "description": "Stoeptegel los bij de bushalte"}
    results, errors = all_at_once([lambda: submit.request_create(api_key=api_key, params=params)] * 20)
    assert errors == []
    assert Item.objects.filter(description=params["description"]).count() == 1
    assert len({i.pk for i in results}) == 1
