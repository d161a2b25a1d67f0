"""Who a district's alderman is comes from governance: the districts API asks it through the source api/v1 plugs
in (districts itself imports nothing of governance)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from wijkgericht.districts import api as districts_api
from wijkgericht.governance.api import district_aldermen
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db


def test_governance_answers_with_the_board_on_its_reference_date(barendrecht):
    nieuweland = barendrecht.districts.get(code="WK048909")
    aldermen = district_aldermen(barendrecht)
    proos = Alderman.objects.get(slug="arnoud-proos")
    assert aldermen.day == dt.date(2022, 5, 31)
    assert aldermen.alderman_of(nieuweland.pk) == {"id": proos.pk, "name": "Arnoud Proos", "slug": "arnoud-proos",
                                                   "party": "SGP-ChristenUnie", "role": "alderman"}
    assert aldermen.alderman_of(-1) is None


class _Nobody:
    day = dt.date(2030, 1, 1)

    def alderman_of(self, district_id):
        return None


def test_every_district_answer_asks_the_plugged_in_source(client, barendrecht, monkeypatch):
    monkeypatch.setattr(districts_api, "_aldermen_source", lambda municipality: _Nobody())
    assert all(row["alderman"] is None for row in client.get("/api/v1/districts").json())
    detail = client.get("/api/v1/districts/WK048909").json()
    assert detail["alderman"] is None and detail["alderman_on"] == "2030-01-01"
    features = client.get("/api/v1/districts.geojson").json()["features"]
    assert all(feature["properties"]["alderman"] is None for feature in features)


def test_without_a_source_the_districts_api_says_so(barendrecht, monkeypatch):
    monkeypatch.setattr(districts_api, "_aldermen_source", None)
    with pytest.raises(ImproperlyConfigured):
        districts_api._aldermen(barendrecht)
