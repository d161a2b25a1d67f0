"""GET /api/v1/evaluation on the hand-made data set: the public measures with definitions and the comparison
period, per district or for one district; bad periods and unknown districts refused."""

from __future__ import annotations

import pytest

from wijkgericht.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db
URL = "/api/v1/evaluation"


@pytest.fixture
def data():
    return build()


def test_municipality_with_every_district(client, data):
    body = client.get(URL, {"from": "2025-03-01", "to": "2025-03-31", "municipality": "GM9999"}).json()
    assert body["period"] == {"start": "2025-03-01", "end": "2025-03-31", "days": 31}
    assert body["comparison_period"] == {"start": "2025-01-29", "end": "2025-02-28", "days": 31}
    measures = {m["key"]: m for m in body["measures"]}
    activities = measures["acquaintance.activities"]
    assert (activities["value"], activities["comparison"], activities["change"]) == (2.0, 1.0, 1.0)
    assert activities["definition"] and activities["unit"] == "count"
    assert {"label": "Wijkavond", "value": 1.0, "comparison": 1.0} in activities["breakdown"]
    assert {"code": "WK999902", "name": "Beewijk", "value": 1.0, "comparison": 1.0} in activities["districts"]
    assert measures["voice.items_per_1000"]["value"] == 0.75
    assert measures["codecision.turnout"]["value"] == 5.7


def test_one_district(client, data):
    body = client.get(URL, {"from": "2025-03-01", "to": "2025-03-31", "municipality": "GM9999",
                            "district": "WK999902"}).json()
    measures = {m["key"]: m for m in body["measures"]}
    assert body["district"] == "WK999902"
    assert measures["codecision.turnout"]["value"] == 10.0
    assert measures["acquaintance.activities"]["districts"] == []


@pytest.mark.parametrize("query, status", [
    ({"from": "2025-03-31", "to": "2025-03-01"}, 400),
    ({"from": "1800-01-01", "to": "1800-01-02"}, 400),
    ({"from": "2000-01-01", "to": "2025-01-01"}, 400),
    ({"from": "2025-02-30", "to": "2025-03-01"}, 400),
    ({"from": "2025-03-01"}, 400),
    ({"from": "2025-03-01", "to": "2025-03-31", "district": "WK000000"}, 404),
])
def test_refusals(client, data, query, status):
    assert client.get(URL, {"municipality": "GM9999", **query}).status_code == status
