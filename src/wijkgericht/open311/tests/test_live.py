"""An existing Open311 client (`georeport` from PyPI) against the running site, in JSON and in XML; and a POST
exactly as the spec describes it (form-encoded, with api_key), read back through that client once published."""

from __future__ import annotations

import pytest
import requests
import xmltodict
from georeport import GeoReport

from wijkgericht.open311.tests.conftest import AMSTERDAM, advance, inside, make_item, public_recent_ids
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import item_transition

FORMATS = ["json", "xml"]


def as_list(value):
    """xmltodict gives a dict for a single element and None for none."""
    return [] if value is None else value if isinstance(value, list) else [value]


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", FORMATS)
def test_georeport_client_reads_services_and_requests(endpoint, barendrecht, fmt):
    hidden = make_item(barendrecht, status=workflow.SUBMITTED, title="Nog niet gemodereerd")
    advance(make_item(barendrecht, theme="groen"), workflow.UNDER_CONSIDERATION, workflow.DECLINED)
    client = GeoReport(endpoint, jurisdiction="GM0489", output_format=fmt)

    services = as_list(client.get_service_list())
    assert sorted(s["service_code"] for s in services) == sorted(
        Theme.objects.filter(municipality=barendrecht).values_list("slug", flat=True))
    sport = next(s for s in services if s["service_code"] == "sport")
    assert sport["service_name"] == "Sport en bewegen" and sport["group"] == "Sport"
    assert str(sport["metadata"]).lower() == "false" and sport["type"] == "realtime"

    assert client.get_service_definition("sport")["service_code"] == "sport"

    listed = as_list(client.get_service_requests())
    assert sorted(r["service_request_id"] for r in listed) == public_recent_ids(barendrecht)
    assert str(hidden.pk) not in {r["service_request_id"] for r in listed}
    closed = as_list(client.get_service_requests(status="closed"))
    assert closed and {r["status"] for r in closed} == {"closed"}
    groen = as_list(client.get_service_requests(service_code="groen"))
    assert groen and {r["service_code"] for r in groen} == {"groen"}

    first = listed[0]
    one = client.get_service_request(first["service_request_id"])
    assert one["service_request_id"] == first["service_request_id"] and one["description"] == first["description"]
    assert one["lat"] and one["long"] and one["requested_datetime"].endswith(("+01:00", "+02:00"))

    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request(str(hidden.pk))
    assert refused.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as refused:
        GeoReport(endpoint, jurisdiction="GM9999", output_format=fmt).get_service_list()
    assert refused.value.response.status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_per_spec_then_read_back_through_georeport(endpoint, barendrecht, api_key, fmt):
    lat, lon = inside("BU04890101")
    fields = {"api_key": api_key, "jurisdiction_id": "GM0489", "service_code": "verkeer", "lat": lat, "long": lon,
              "description": "Verkeersbord <b>omgewaaid</b> & ligt op het fietspad\nGraag snel rechtzetten.",
              "email": "zq.geheim@example.org", "first_name": "Zwaantje", "device_id": "toestel-1"}
    response = requests.post(f"{endpoint}/requests.{fmt}", data=fields, timeout=10)  # form-encoded
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml")
    if fmt == "json":
        request_id = response.json()[0]["service_request_id"]
    else:
        request_id = xmltodict.parse(response.content)["service_requests"]["request"]["service_request_id"]

    client = GeoReport(endpoint, output_format=fmt)
    with pytest.raises(requests.HTTPError):  # submitted: waits for moderation, not public yet
        client.get_service_request(request_id)

    item_transition(item=Item.objects.get(pk=request_id), actor=None, target=workflow.PUBLISHED)
    read = client.get_service_request(request_id)
    assert read["service_code"] == "verkeer" and read["status"] == "open"
    assert read["description"] == fields["description"]
    assert "zq.geheim" not in str(read) and "Zwaantje" not in str(read)
    assert request_id in {r["service_request_id"] for r in as_list(client.get_service_requests(
        service_request_id=request_id))}

    outside = requests.post(f"{endpoint}/requests.{fmt}", timeout=10,
                            data={**fields, "lat": AMSTERDAM[0], "long": AMSTERDAM[1], "description": "Elders"})
    assert outside.status_code == 400 and "Barendrecht" in outside.text
    no_key = requests.post(f"{endpoint}/requests.{fmt}", data={**fields, "api_key": ""}, timeout=10)
    assert no_key.status_code == 403
