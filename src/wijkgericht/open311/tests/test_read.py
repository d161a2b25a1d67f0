"""GET services, service definitions and service requests, in JSON and XML, against the Barendrecht demo."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from wijkgericht.open311 import queries
from wijkgericht.open311.tests.conftest import advance, errors_of, make_item, public_recent_ids
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.selectors import PUBLIC_STATUSES

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]


def get_json(client, path, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(response.content)


def get_xml(client, path, **params):
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return response, ET.fromstring(response.content)


def ids_json(client, **params) -> list[str]:
    response, data = get_json(client, "requests", **params)
    assert response.status_code == 200, data
    return [row["service_request_id"] for row in data]


# --- services ------------------------------------------------------------------------------------------------------

def test_services_are_the_themes_of_the_default_municipality(client, barendrecht):
    response, data = get_json(client, "services")
    assert response.status_code == 200
    themes = Theme.objects.filter(municipality=barendrecht).select_related("portfolio")
    assert sorted(s["service_code"] for s in data) == sorted(t.slug for t in themes) and len(data) >= 5
    sport = next(s for s in data if s["service_code"] == "sport")
    assert list(sport) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
    assert sport["service_name"] == "Sport en bewegen" and sport["group"] == "Sport"
    assert sport["metadata"] is False and sport["type"] == "realtime" and "sport" in sport["keywords"]
    assert sport["description"]


def test_services_xml_has_the_spec_elements(client, barendrecht):
    response, root = get_xml(client, "services")
    assert root.tag == "services" and all(child.tag == "service" for child in root)
    sport = next(s for s in root if s.findtext("service_code") == "sport")
    assert sport.findtext("metadata") == "false" and sport.findtext("type") == "realtime"
    assert sport.findtext("group") == "Sport"
    assert len(root) == Theme.objects.filter(municipality=barendrecht).count()


def test_jurisdiction_by_cbs_code_and_unknown_jurisdiction(client, barendrecht):
    assert get_json(client, "services", jurisdiction_id="GM0489")[0].status_code == 200
    assert get_json(client, "services", jurisdiction_id="gm0489")[0].status_code == 200
    assert get_json(client, "services", jurisdiction_id="")[0].status_code == 200  # empty = not given (spec)
    for fmt, path in (("json", "services"), ("xml", "services"), ("json", "requests"), ("xml", "requests/1"),
                      ("xml", "services/sport")):
        response = client.get(f"{BASE}/{path}.{fmt}", {"jurisdiction_id": "GM9999"})
        assert response.status_code == 404
        ((code, description),) = errors_of(response)
        assert code == 404 and "GM9999" in description


def test_service_definition_has_no_attributes(client, barendrecht):
    response, data = get_json(client, "services/sport")
    assert response.status_code == 200 and data == {"service_code": "sport", "attributes": []}
    response, root = get_xml(client, "services/sport")
    assert root.tag == "service_definition" and root.findtext("service_code") == "sport"
    assert root.find("attributes") is not None and len(root.find("attributes")) == 0


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_definition_is_404(client, barendrecht, fmt):
    response = client.get(f"{BASE}/services/kuilen.{fmt}")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


# --- service requests ----------------------------------------------------------------------------------------------

def test_requests_show_public_items_only(client, barendrecht):
    submitted = make_item(barendrecht, status=workflow.SUBMITTED, title="Nog niet gemodereerd")
    rejected = make_item(barendrecht, status=workflow.REJECTED, title="Afgewezen")
    published = make_item(barendrecht, title="Gepubliceerd")
    ids = ids_json(client)
    assert sorted(ids) == public_recent_ids(barendrecht)
    assert str(published.pk) in ids and str(submitted.pk) not in ids and str(rejected.pk) not in ids
    # not even when asked for by id
    assert ids_json(client, service_request_id=f"{submitted.pk},{rejected.pk}") == []
    for item in (submitted, rejected):
        for fmt in ("json", "xml"):
            response = client.get(f"{BASE}/requests/{item.pk}.{fmt}")
            assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_request_fields_and_no_submitter(client, barendrecht, django_user_model):
    resident = django_user_model.objects.create_user("zq.geheim@example.org", "een-lang-wachtwoord")
    item = make_item(barendrecht, title="Losse tegel")
    Item.objects.filter(pk=item.pk).update(author=resident)
    response, data = get_json(client, f"requests/{item.pk}")
    assert response.status_code == 200 and len(data) == 1
    (row,) = data
    assert list(row) == REQUEST_FIELDS
    assert row["service_request_id"] == str(item.pk) and row["status"] == "open"
    assert row["service_code"] == "verkeer" and row["service_name"] == "Verkeer en parkeren"
    assert row["lat"] == pytest.approx(item.lat) and row["long"] == pytest.approx(item.lon)
    assert row["description"].startswith("Losse tegel") and "straatlamp" in row["description"]
    assert item.district.name in row["address"] and "Barendrecht" in row["address"]
    assert row["media_url"] is None and row["zipcode"] is None and row["address_id"] is None
    requested = dt.datetime.fromisoformat(row["requested_datetime"])
    assert requested.tzinfo is not None and abs(requested - item.created_at) < dt.timedelta(seconds=1)
    assert dt.datetime.fromisoformat(row["updated_datetime"]) >= requested
    for body in (response.content, client.get(f"{BASE}/requests.xml").content,
                 client.get(f"{BASE}/requests.json").content):
        assert b"zq.geheim" not in body and b"example.org" not in body
        assert b"author" not in body and b"indiener" not in body
    response, root = get_xml(client, f"requests/{item.pk}")
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("status") == "open" and request.findtext("media_url") == ""


def test_status_mapping_and_status_notes(client, barendrecht):
    done = advance(make_item(barendrecht, title="Klaar"), workflow.UNDER_CONSIDERATION, workflow.ACCEPTED,
                   workflow.IN_PROGRESS, workflow.DONE)
    declined = advance(make_item(barendrecht, title="Nee"), workflow.UNDER_CONSIDERATION, workflow.DECLINED)
    busy = advance(make_item(barendrecht, title="Bezig"), workflow.UNDER_CONSIDERATION, workflow.ACCEPTED,
                   workflow.IN_PROGRESS)
    reopened = advance(make_item(barendrecht, title="Weer open"), workflow.UNDER_CONSIDERATION, workflow.ACCEPTED,
                       workflow.IN_PROGRESS, workflow.DONE, workflow.REOPENED)
    fresh = make_item(barendrecht, title="Net gepubliceerd")
    rows = {row["service_request_id"]: row for row in get_json(client, "requests")[1]}
    assert rows[str(done.pk)]["status"] == "closed" and rows[str(done.pk)]["status_notes"] == "Notitie bij done."
    assert rows[str(declined.pk)]["status"] == "closed"
    assert rows[str(declined.pk)]["status_notes"] == "Notitie bij declined."
    assert rows[str(busy.pk)]["status"] == "open" and rows[str(busy.pk)]["status_notes"] == "Notitie bij in_progress."
    assert rows[str(reopened.pk)]["status"] == "open"
    assert rows[str(fresh.pk)]["status"] == "open"
    closed_statuses = {workflow.DONE, workflow.DECLINED}
    for request_id, row in rows.items():
        item = Item.objects.get(pk=request_id)
        assert row["status"] == ("closed" if item.status in closed_statuses or item.merged_into_id else "open")
    closed = ids_json(client, status="closed")
    assert sorted(closed) == sorted(i for i, row in rows.items() if row["status"] == "closed")
    assert {str(done.pk), str(declined.pk)} <= set(closed) and str(busy.pk) not in closed
    opened = ids_json(client, status="open")
    assert set(opened) == set(rows) - set(closed) and str(reopened.pk) in opened
    assert sorted(ids_json(client, status="open,closed")) == sorted(rows)


def test_status_notes_of_a_demo_item_read_by_id(client, barendrecht):
    """The demo's history may lie beyond the 90-day window; by id it is always found."""
    item = Item.objects.get(municipality=barendrecht, title__startswith="Onoverzichtelijke oversteek")
    (row,) = get_json(client, f"requests/{item.pk}")[1]
    assert row["status"] == "closed" and row["status_notes"] == "De struiken zijn gesnoeid."
    assert [r["service_request_id"] for r in get_json(client, "requests", service_request_id=item.pk)[1]] == [
        str(item.pk)]


def test_merged_item_is_closed_as_duplicate(client, barendrecht):
    first, second = make_item(barendrecht), make_item(barendrecht, title="Zelfde lamp")
    Item.objects.filter(pk=second.pk).update(merged_into=first)
    (row,) = get_json(client, f"requests/{second.pk}")[1]
    assert row["status"] == "closed" and str(first.pk) in row["status_notes"]
    assert str(second.pk) in ids_json(client, status="closed")


def test_filter_by_service_code_and_ids(client, barendrecht):
    make_item(barendrecht, theme="groen"), make_item(barendrecht, theme="groen"), make_item(barendrecht, theme="sport")
    groen = public_recent_ids(barendrecht, theme__slug="groen")
    assert len(groen) >= 2 and sorted(ids_json(client, service_code="groen")) == groen
    both = public_recent_ids(barendrecht, theme__slug__in=["groen", "sport"])
    assert sorted(ids_json(client, service_code="groen,sport")) == both and len(both) > len(groen)
    assert ids_json(client, service_code="bestaat-niet") == []
    a, b = groen[:2]
    # service_request_id overrides every other argument (spec)
    assert sorted(ids_json(client, service_request_id=f"{a}, {b}", service_code="sport", status="closed")) == sorted(
        [a, b])


def test_date_window(client, barendrecht):
    new = make_item(barendrecht, title="Nieuwe melding")
    old = make_item(barendrecht, title="Oude melding")
    Item.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    recent = ids_json(client)
    assert str(old.pk) not in recent and str(new.pk) in recent  # default: the last 90 days
    assert sorted(recent) == public_recent_ids(barendrecht)
    when = timezone.now() - dt.timedelta(days=120)
    around = {"start_date": (when - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "end_date": (when + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert str(old.pk) in ids_json(client, **around) and str(new.pk) not in ids_json(client, **around)
    assert str(old.pk) in ids_json(client, start_date=around["start_date"])  # start + 90 days
    assert str(new.pk) not in ids_json(client, start_date=around["start_date"])
    assert str(old.pk) in ids_json(client, service_request_id=str(old.pk))  # ids ignore the window
    future = (timezone.now() + dt.timedelta(days=2)).isoformat()
    assert ids_json(client, start_date=future) == []
    assert ids_json(client, end_date="2001-01-01T00:00:00+01:00") == []
    # an unencoded '+' arrives as a space; it is still read as an offset
    local = timezone.localtime(timezone.now() - dt.timedelta(days=1)).isoformat(timespec="seconds")
    response = client.get(f"{BASE}/requests.json?start_date={local}")
    assert response.status_code == 200
    since_yesterday = public_recent_ids(barendrecht, since=dt.datetime.fromisoformat(local))
    assert sorted(r["service_request_id"] for r in json.loads(response.content)) == since_yesterday
    assert str(new.pk) in since_yesterday


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("params", [
    {"start_date": "gisteren"},
    {"end_date": "2024-13-45T00:00:00Z"},
    {"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-06-01T00:00:00Z"},  # more than 90 days
    {"start_date": "2024-06-01T00:00:00Z", "end_date": "2024-05-01T00:00:00Z"},  # end before start
    {"status": "pending"},
    {"service_request_id": "1,twee"},
])
def test_malformed_filters_are_400(client, barendrecht, fmt, params):
    response = client.get(f"{BASE}/requests.{fmt}", params)
    assert response.status_code == 400
    assert all(code == 400 and description for code, description in errors_of(response))


def test_limit(client, barendrecht, monkeypatch):
    monkeypatch.setattr(queries, "LIMIT", 2)
    _, data = get_json(client, "requests")
    assert len(data) == 2
    newest = Item.objects.filter(municipality=barendrecht, status__in=PUBLIC_STATUSES).order_by("-created_at", "-pk")
    assert [row["service_request_id"] for row in data] == [str(pk) for pk in newest.values_list("pk", flat=True)[:2]]


def test_markup_in_descriptions_is_escaped(client, barendrecht):
    nasty = 'Kijk <script>alert("x")</script> & </description><status>closed</status>'
    item = make_item(barendrecht, title="Script", description=nasty)
    response = client.get(f"{BASE}/requests/{item.pk}.xml")
    assert b"<script>" not in response.content and b"&lt;script&gt;" in response.content
    (request,) = ET.fromstring(response.content)
    assert request.findtext("description") == f"Script\n\n{nasty}" and request.findtext("status") == "open"
    (row,) = json.loads(client.get(f"{BASE}/requests/{item.pk}.json").content)
    assert row["description"] == f"Script\n\n{nasty}"
    _, root = get_xml(client, "requests")  # the whole list stays well-formed
    assert any(r.findtext("service_request_id") == str(item.pk) for r in root)


def test_requests_xml_list(client, barendrecht):
    advance(make_item(barendrecht), workflow.UNDER_CONSIDERATION, workflow.DECLINED)
    _, root = get_xml(client, "requests")
    assert root.tag == "service_requests"
    assert sorted(r.findtext("service_request_id") for r in root.findall("request")) == public_recent_ids(
        barendrecht)
    assert {r.findtext("status") for r in root} == {"open", "closed"}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_request_is_404(client, barendrecht, fmt):
    for request_id in ("999999", "abc"):
        response = client.get(f"{BASE}/requests/{request_id}.{fmt}")
        assert response.status_code == 404
        ((code, description),) = errors_of(response)
        assert code == 404 and request_id in description


def test_only_get_and_post(client, barendrecht):
    for method in ("put", "delete", "patch"):
        response = getattr(client, method)(f"{BASE}/services.json")
        assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
        assert errors_of(response)[0][0] == 405
    response = client.delete(f"{BASE}/requests.xml")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST" and errors_of(response)[0][0] == 405
    assert client.post(f"{BASE}/services.xml").status_code == 405


def test_unknown_paths_answer_in_spec_format(client, barendrecht):
    response = client.get(f"{BASE}/services.html")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404
    response = client.get(f"{BASE}/tokens/12.json")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_discovery(client, barendrecht):
    response, data = get_json(client, "discovery")
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and "text/xml" in endpoint["formats"]
    _, root = get_xml(client, "discovery")
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]
