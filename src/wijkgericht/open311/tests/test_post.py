"""POST requests: form-encoded as the spec describes, with an API key; every refusal in the spec's error format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client

from wijkgericht.open311.models import ApiKey
from wijkgericht.open311.tests.conftest import AMSTERDAM, errors_of, inside
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, StatusChange
from wijkgericht.participation.services import item_transition

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests"
PERSONAL = {"email": "zq.geheim@example.org", "first_name": "Zwaantje", "last_name": "Quirijnsdochter",
            "phone": "0612345678", "device_id": "toestel-7f3a9c", "account_id": "acct-55821"}


def form(key: str | None, **fields: str | None) -> dict[str, str]:
    lat, lon = inside()
    data = {"api_key": key, "service_code": "verkeer", "lat": f"{lat:.7f}", "long": f"{lon:.7f}",
            "description": "Losse stoeptegel voor de bakker\nMet een rollator struikel je erover."}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client: Client, fmt: str, data: dict[str, str]):
    """Form-encoded, as the spec's POST Service Request prescribes."""
    return client.post(f"{URL}.{fmt}", urlencode(data), content_type="application/x-www-form-urlencoded")


def test_post_files_a_report_without_author_and_answers_per_spec(client, barendrecht, api_key):
    response = post(client, "json", form(api_key))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    (answer,) = json.loads(response.content)
    assert list(answer) == ["service_request_id", "service_notice", "account_id"]
    assert answer["account_id"] is None and answer["service_notice"]
    item = Item.objects.get(pk=answer["service_request_id"])
    assert item.kind == Item.Kind.REPORT and item.author is None and item.status == workflow.SUBMITTED
    assert item.theme.slug == "verkeer" and item.municipality == barendrecht
    assert item.title == "Losse stoeptegel voor de bakker"
    assert item.description.endswith("struikel je erover.") and item.neighbourhood.code == "BU04890918"
    assert item.district.name in answer["service_notice"]
    assert ApiKey.objects.get().last_used_at is not None


def test_form_encoded_body_exactly_as_the_spec_example(barendrecht, api_key):
    lat, lon = inside()
    body = (f"api_key={api_key}&jurisdiction_id=GM0489&service_code=groen&lat={lat}&long={lon}"
            "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
            "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
            "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
            "&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001")
    response = Client(enforce_csrf_checks=True).post(  # no cookie, no CSRF token: API keys instead
        f"{URL}.xml", body, content_type="application/x-www-form-urlencoded; charset=utf-8")
    assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == ["service_request_id", "service_notice", "account_id"]
    item = Item.objects.get(pk=request.findtext("service_request_id"))
    assert item.description == "A large sinkhole is destroying the street" and item.theme.slug == "groen"
    assert request.findtext("account_id") == ""  # not echoed: we keep no accounts of apps' users


def test_personal_fields_are_stored_nowhere(client, barendrecht, api_key):
    response = post(client, "json", form(api_key, **PERSONAL, media_url="https://example.org/foto.jpg",
                                         **{"attribute[kenteken]": "AB-12-CD"}))
    assert response.status_code == 200
    item = Item.objects.get(pk=json.loads(response.content)[0]["service_request_id"])
    row = {field.attname: getattr(item, field.attname) for field in Item._meta.concrete_fields}
    changes = list(StatusChange.objects.filter(item=item).values())
    for value in [*PERSONAL.values(), "AB-12-CD", "example.org/foto"]:
        assert not any(value in str(v) for v in row.values()), value
        assert value not in str(changes)
    out = StringIO()  # and nowhere else in the database either
    call_command("dumpdata", "participation", "open311", "accounts", "notifications", stdout=out)
    dump = out.getvalue()
    assert str(item.pk) in dump
    for value in [*PERSONAL.values(), "AB-12-CD", "example.org/foto"]:
        assert value not in dump, value


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "wg311_verkeerd", "zomaar-iets"])
def test_missing_or_invalid_api_key_is_403(client, barendrecht, api_key, fmt, key):
    response = post(client, fmt, form(key))
    assert response.status_code == 403
    ((code, description),) = errors_of(response)
    assert code == 403 and "api_key" in description
    assert not Item.objects.filter(description__startswith="Losse stoeptegel").exists()


def test_withdrawn_key_is_403(client, barendrecht, api_key):
    ApiKey.objects.update(is_active=False)
    assert post(client, "json", form(api_key)).status_code == 403


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404_per_spec(client, barendrecht, api_key, fmt):
    response = post(client, fmt, form(api_key, service_code="kuilen"))
    assert response.status_code == 404
    ((code, description),) = errors_of(response)
    assert code == 404 and "kuilen" in description


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(("fields", "words"), [
    ({"service_code": None}, "service_code"),
    ({"lat": "51,85"}, "lat en long"),
    ({"lat": "abc", "long": "4.5"}, "lat en long"),
    ({"lat": "95", "long": "4.5"}, "lat en long"),
    ({"long": None}, "lat en long"),
    ({"lat": None, "long": None, "address_string": "Dorpsstraat 1, Barendrecht"}, "lat/long verplicht"),
    ({"description": None}, "description"),
    ({"description": "   \n "}, "description"),
    ({"description": "x" * 5001}, "5000"),
])
def test_invalid_fields_are_400(client, barendrecht, api_key, fmt, fields, words):
    response = post(client, fmt, form(api_key, **fields))
    assert response.status_code == 400
    errors = errors_of(response)
    assert all(code == 400 for code, _ in errors) and any(words in description for _, description in errors)
    assert not Item.objects.filter(description__startswith="Losse stoeptegel").exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_point_outside_the_municipality_is_400(client, barendrecht, api_key, fmt):
    lat, lon = AMSTERDAM
    response = post(client, fmt, form(api_key, lat=str(lat), long=str(lon)))
    assert response.status_code == 400
    ((code, description),) = errors_of(response)
    assert code == 400 and "niet in gemeente Barendrecht" in description


def test_all_problems_come_back_together(client, barendrecht, api_key):
    response = post(client, "xml", form(api_key, service_code="kuilen", lat=None, long=None, description=None))
    assert response.status_code == 400
    descriptions = " | ".join(d for _, d in errors_of(response))
    assert len(errors_of(response)) == 3
    assert "lat/long" in descriptions and "description" in descriptions and "kuilen" in descriptions


def test_jurisdiction_on_post(client, barendrecht, api_key):
    assert post(client, "json", form(api_key, jurisdiction_id="GM0489")).status_code == 200
    response = post(client, "json", form(api_key, jurisdiction_id="GM9999", description="Ander verhaal"))
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_repeated_post_gives_back_the_first_report(client, barendrecht, api_key):
    first = json.loads(post(client, "json", form(api_key, device_id="toestel-1")).content)[0]
    again = json.loads(post(client, "json", form(api_key, device_id="toestel-1")).content)[0]
    other_device = json.loads(post(client, "json", form(api_key, device_id="toestel-2")).content)[0]
    other_text = json.loads(post(client, "json", form(api_key, device_id="toestel-1",
                                                      description="Nog een tegel los")).content)[0]
    assert first["service_request_id"] == again["service_request_id"]
    assert len({first["service_request_id"], other_device["service_request_id"],
                other_text["service_request_id"]}) == 3
    assert Item.objects.filter(kind=Item.Kind.REPORT, author=None, is_example=False).count() == 3


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_rate_limit_per_key(client, barendrecht, api_key, settings, fmt):
    settings.OPEN311_POST_RATE = "3/m"
    for n in range(3):
        assert post(client, fmt, form(api_key, description=f"Melding {n}")).status_code == 200
    response = post(client, fmt, form(api_key, description="Melding 4"))
    assert response.status_code == 429 and response["Retry-After"] == "60"
    ((code, description),) = errors_of(response)
    assert code == 429 and description
    # another app's key has its own budget
    out = StringIO()
    call_command("open311_key", "create", "Andere app", stdout=out, stderr=StringIO())
    assert post(client, fmt, form(out.getvalue().strip(), description="Melding 5")).status_code == 200


def test_posted_report_is_readable_once_moderation_published_it(client, barendrecht, api_key):
    request_id = json.loads(post(client, "json", form(api_key)).content)[0]["service_request_id"]
    assert client.get(f"{URL}/{request_id}.json").status_code == 404  # submitted: not public yet
    assert request_id not in [r["service_request_id"] for r in json.loads(client.get(f"{URL}.json").content)]
    item_transition(item=Item.objects.get(pk=request_id), actor=None, target=workflow.PUBLISHED)
    (row,) = json.loads(client.get(f"{URL}/{request_id}.json").content)
    assert row["status"] == "open" and row["service_code"] == "verkeer"
    assert row["description"].startswith("Losse stoeptegel voor de bakker")
