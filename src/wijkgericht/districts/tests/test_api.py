"""The /api/v1 contract: districts, boundaries, lookup by point and by address, and the OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from wijkgericht.districts.api import LookupOut
from wijkgericht.districts.models import Neighbourhood
from wijkgericht.districts.services import postcodes_import

pytestmark = pytest.mark.django_db

OPENAPI_FILE = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


def test_district_list(client, barendrecht):
    response = client.get("/api/v1/districts")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 23
    nieuweland = next(r for r in rows if r["code"] == "WK048909")
    assert nieuweland == {
        "code": "WK048909", "name": "Nieuweland", "slug": "nieuweland", "url": "/wijken/nieuweland/",
        "alderman": {"id": nieuweland["alderman"]["id"], "name": "Arnoud Proos", "slug": "arnoud-proos",
                     "party": "SGP-ChristenUnie", "role": "alderman"},
    }


def test_district_detail_has_face_figures_and_neighbourhoods(client, barendrecht):
    data = client.get("/api/v1/districts/WK048909").json()
    assert data["municipality"] == {"code": "GM0489", "name": "Barendrecht"}
    assert [n["code"] for n in data["neighbourhoods"]] == [f"BU048909{i}" for i in range(18, 23)]
    assert data["key_figures"]["aantal_inwoners"] == 4890
    assert data["face_is_example"] is True and data["needs"]
    assert data["alderman_on"] == "2022-05-31"  # the demo's college ended; the API says which date it shows


def test_unknown_district_and_municipality_give_404(client, barendrecht):
    assert client.get("/api/v1/districts/WK999999").status_code == 404
    response = client.get("/api/v1/districts?municipality=GM9999")
    assert response.status_code == 404 and "GM9999" in response.json()["detail"]


def test_geojson_of_all_districts_and_of_one(client, barendrecht):
    response = client.get("/api/v1/districts.geojson")
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 23
    assert all(shape(f["geometry"]).is_valid for f in collection["features"])
    one = client.get("/api/v1/districts/WK048901?format=geojson").json()
    assert one["type"] == "Feature" and one["properties"]["name"] == "Centrum"


def _inside(code: str) -> tuple[float, float]:
    point = shape(Neighbourhood.objects.get(code=code).geometry).representative_point()
    return point.y, point.x


def test_lookup_interior_point(client, barendrecht):
    lat, lon = _inside("BU04890918")
    data = client.get(f"/api/v1/lookup?lat={lat}&lon={lon}").json()
    assert data["neighbourhood"]["code"] == "BU04890918"
    assert data["district"]["code"] == "WK048909"
    assert data["district"]["alderman"]["name"] == "Arnoud Proos"
    assert data["matched_by"] == "point"
    LookupOut.model_validate(data)  # the endpoint sends its dict unvalidated: the schema must hold


def test_lookup_every_neighbourhood_finds_itself(client, barendrecht):
    for neighbourhood in Neighbourhood.objects.all():
        lat, lon = _inside(neighbourhood.code)
        data = client.get("/api/v1/lookup", {"lat": lat, "lon": lon}).json()
        assert data["neighbourhood"]["code"] == neighbourhood.code


def test_lookup_on_a_shared_border_is_deterministic(client, barendrecht):
    a = shape(Neighbourhood.objects.get(code="BU04890101").geometry)
    b = shape(Neighbourhood.objects.get(code="BU04890102").geometry)
    border = a.boundary.intersection(b.boundary)
    assert not border.is_empty
    point = border.representative_point() if border.geom_type != "Point" else border
    answers = {client.get("/api/v1/lookup", {"lat": point.y, "lon": point.x}).json()["neighbourhood"]["code"]
               for _ in range(3)}
    assert answers == {"BU04890101"}  # the smallest code among the neighbourhoods that cover the point


def test_lookup_outside_the_municipality_is_404_with_a_reason(client, barendrecht):
    response = client.get("/api/v1/lookup?lat=52.37&lon=4.89")  # Amsterdam
    assert response.status_code == 404
    assert "Barendrecht" in response.json()["detail"]


@pytest.mark.parametrize("query", [
    "lat=abc&lon=4.5", "lat=51.8", "lat=91&lon=4.5", "lat=51.8&lon=181", "lat=nan&lon=4.5", "lat=inf&lon=4.5", "",
    "postcode=12&number=1", "postcode=2991AB&number=-1", "postcode=2991AB&number=een",
])
def test_lookup_invalid_input_is_400_with_the_reason(client, barendrecht, query):
    response = client.get(f"/api/v1/lookup?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_lookup_by_address(client, barendrecht):
    response = client.get("/api/v1/lookup?postcode=2991AB&number=1")
    assert response.status_code == 404 and "postcodetabel" in response.json()["detail"]
    postcodes_import(raw="PC6;Huisnummer;Buurt2024\n2991AB;1;4890101\n")
    data = client.get("/api/v1/lookup?postcode=2991 ab&number=1").json()
    assert data["neighbourhood"]["code"] == "BU04890101" and data["matched_by"] == "address"
    assert data["district"]["name"] == "Centrum"
    LookupOut.model_validate(data)
    missing = client.get("/api/v1/lookup?postcode=2991AB&number=999")
    assert missing.status_code == 404 and "2991AB 999" in missing.json()["detail"]


def test_aldermen_api(client, barendrecht):
    rows = client.get("/api/v1/aldermen").json()
    proos = next(r for r in rows if r["name"] == "Arnoud Proos")
    assert {d["code"] for d in proos["districts"]} >= {"WK048908", "WK048909"}
    assert {p["name"]: p["is_example"] for p in proos["portfolios"]}["Wonen"] is True
    assert client.get(f"/api/v1/aldermen/{proos['id']}").json()["name"] == "Arnoud Proos"
    assert client.get("/api/v1/aldermen/99999").status_code == 404


def _no_duplicate_keys(pairs):
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys in the OpenAPI document: {keys}"
    return dict(pairs)


def test_openapi_document_is_served_and_matches_the_committed_copy(client):
    served = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=_no_duplicate_keys)
    for path in ["/api/v1/districts", "/api/v1/districts/{code}", "/api/v1/districts.geojson", "/api/v1/lookup",
                 "/api/v1/aldermen"]:
        assert path in served["paths"], path
    committed = json.loads(OPENAPI_FILE.read_text())
    assert served == committed, "docs/openapi.json is stale: run `wijkgericht export_openapi`"


def test_lookup_follows_a_regrouping_at_once(client, barendrecht, django_capture_on_commit_callbacks):
    from wijkgericht.districts.models import District
    from wijkgericht.districts.services import neighbourhoods_regroup

    lat, lon = _inside("BU04890918")
    assert client.get("/api/v1/lookup", {"lat": lat, "lon": lon}).json()["district"]["code"] == "WK048909"
    centrum = District.objects.get(code="WK048901")
    with django_capture_on_commit_callbacks(execute=True):  # the geo version rises once the regrouping commits
        neighbourhoods_regroup(district=centrum, neighbourhoods=[Neighbourhood.objects.get(code="BU04890918")])
    assert client.get("/api/v1/lookup", {"lat": lat, "lon": lon}).json()["district"]["code"] == "WK048901"
