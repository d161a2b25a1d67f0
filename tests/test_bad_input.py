"""Bad input gets a 4xx, never a 500 (issue #10 point 6), on SQLite and PostgreSQL alike.

A crawler requests every URL pattern of the site, found by walking the urlconf, with odd values as path parameters
and as the query and form parameters the views read: NUL bytes, numbers past 2^63, Unicode digits that
str.isdigit() accepts, 5,000 characters, dates at the ends of the calendar. Then one test per case found in the
issue, each named after what it broke.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from wijkgericht.accounts.models import User
from wijkgericht.participation.models import Item
from wijkgericht.participation.testing import submit

try:  # staff pages need a session that passed the second factor, where that is required
    from wijkgericht.accounts.testing import sign_in_verified
except ImportError:  # pragma: no cover - before the second factor existed
    def sign_in_verified(client, user):
        client.force_login(user)

# Odd path parameter values, already URL-encoded.
PATH_VALUES = ["%00", "9" * 30, str(2**63), str(2**64), quote("²"), quote("٣"), "x" * 5000, "0", "%FF"]
# Odd query and form values: a NUL byte, past 2^63, digits that str.isdigit() accepts and int() refuses (or reads
# as 3), 5,000 characters, the ends of the calendar.
ODD_VALUES = ["\x00", "9" * 30, "²", "٣", "9" * 5000, "9999-12-31"]
DATE_VALUES = ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"]
# The query parameters the views read, in bundles that reach the same branch together: a view reads the
# municipality first and stops there, find-my-district reads a postcode or a point, Open311 derives a missing end
# from the start date (and the other way round). Fixed values (a real postcode) let the odd one get through.
QUERY_BUNDLES: list[tuple[dict[str, str], tuple[str, ...], list[str]]] = [
    ({}, ("municipality",), ODD_VALUES),
    ({}, ("jurisdiction_id",), ODD_VALUES),
    ({}, ("pagina", "page", "wijk", "verzoek", "punt", "buurt", "code", "format", "voorbij", "kind", "theme",
          "status", "thema", "district", "q", "service_request_id", "service_code", "next"), ODD_VALUES),
    ({}, ("postcode", "huisnummer"), ODD_VALUES),
    ({"postcode": "2991AB"}, ("huisnummer", "number"), ODD_VALUES),
    ({}, ("lat", "lon"), ODD_VALUES),
    ({}, ("lat",), ODD_VALUES),
    ({}, ("start_date",), DATE_VALUES),
    ({}, ("end_date",), DATE_VALUES),
]
# Form fields the POST handlers read, and the actions that lead to them (staff pages switch on "action").
FORM_ACTIONS = ["", "action", "advice", "answer", "cancel", "comment", "contact", "contacts", "create", "list",
                "merge", "move", "partner", "promote", "report", "save", "topic", "transition", "update"]
FORM_FIELDS = ["comment", "request", "topic", "district", "follow_up", "item", "into", "direction", "next",
               "api_key", "jurisdiction_id", "service_code", "lat", "long", "lon", "description", "number",
               "item_number", "source_item", "punt", "target", "answer", "decision", "postcode", "huisnummer"]
STAFF_AREA = ("/werkplek/",)

_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _regex_text(pattern: RegexPattern) -> str:
    text = str(pattern._regex).lstrip("^").rstrip("$")
    return _GROUP.sub(lambda m: "{" + m.group(1) + "}", text).replace("\\.", ".").replace("\\", "")


def url_templates(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every URL pattern as a template with {name} for each parameter (default language, no /en/ prefix)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            text = ""
        elif isinstance(pattern, RoutePattern):
            text = _CONVERTER.sub(lambda m: "{" + m.group(2) + "}", str(pattern._route))
        else:
            text = _regex_text(pattern)
        if isinstance(entry, URLResolver):
            yield from url_templates(entry.url_patterns, prefix + text)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + text


def _fill(template: str, value: str, known: dict[str, str] | None = None) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "fmt":
            return "json"
        return (known or {}).get(name, value)

    return re.sub(r"\{(\w+)\}", one, template)


def _query(fixed: dict[str, str], keys: tuple[str, ...], value: str) -> str:
    return "&".join([f"{key}={quote(v)}" for key, v in fixed.items()] + [f"{key}={quote(value)}" for key in keys])


@pytest.fixture
def site(roles):
    """The demo with one public item; `known` holds values that make path parameters real (for the query and form
    sweeps), `clients` an anonymous visitor and the administrator (second factor passed)."""
    from django.test import Client

    from wijkgericht.agenda.models import Activity
    from wijkgericht.governance.models import Alderman

    item = submit(roles)
    Item.objects.filter(pk=item.pk).update(status="accepted")
    activity = Activity.objects.filter(is_public=True).first()
    anonymous, staff, superuser = (Client(raise_request_exception=False) for _ in range(3))
    sign_in_verified(staff, roles.administrator)
    sign_in_verified(superuser, User.objects.create_superuser("root@example.nl", "een-lang-wachtwoord"))
    return {
        "clients": {"anonymous": anonymous, "administrator": staff},
        "superuser": superuser,
        "known": {"municipality": "GM0489", "slug": item.district.slug, "item_id": str(item.pk),
                  "code": item.district.code, "activity_id": str(activity.pk if activity else 1),
                  "alderman_id": str(Alderman.objects.first().pk), "service_code": item.theme.slug,
                  "request_id": str(item.pk), "action": "volg", "path": "x", "token": "x", "uidb64": "x"},
    }


def _server_errors(responses: Iterator[tuple[str, str, str, object]]) -> list[str]:
    return [f"{who} {method} {url[:200]} -> {response.status_code}"
            for who, method, url, response in responses if response.status_code >= 500]


def _templates(*, with_parameters: bool | None = None, skip: tuple[str, ...] = ()) -> list[str]:
    """The URL templates; the /gemeenten/{municipality}/ copies of the pages only where path parameters are the
    point (they run the same views)."""
    found = sorted(set(url_templates()))
    if with_parameters is not None:
        found = [t for t in found if ("{" in t.replace("{fmt}", "")) == with_parameters]
    return [t for t in found if not t.startswith(skip)]


@pytest.mark.slow
def test_no_path_parameter_value_gives_a_server_error(site):
    templates = _templates(with_parameters=True)
    assert len(templates) > 30, templates

    def responses():
        for who, client in site["clients"].items():
            for template in templates:
                for value in PATH_VALUES:
                    url = _fill(template, value)
                    yield who, "GET", url, client.get(url)
        for template in templates:  # the Django admin's change, history and delete pages of every model
            if template.startswith("/admin/"):
                for value in PATH_VALUES:
                    url = _fill(template, value)
                    yield "superuser", "GET", url, site["superuser"].get(url)

    assert not (failures := _server_errors(responses())), "\n".join(failures)


@pytest.mark.slow
def test_no_query_parameter_value_gives_a_server_error(site):
    templates = _templates(skip=("/admin/", "/gemeenten/", "/i18n/"))

    def responses():
        for who, client in site["clients"].items():
            for template in templates:
                if who == "administrator" and not template.startswith(STAFF_AREA):
                    continue  # the public pages read the same parameters for everyone
                path = _fill(template, "x", site["known"])
                for fixed, keys, values in QUERY_BUNDLES:
                    for value in values:
                        url = f"{path}?{_query(fixed, keys, value)}"
                        yield who, "GET", url, client.get(url)
        for template in _templates(with_parameters=False):  # the admin's lists: search, page, order, filters
            if template.startswith("/admin/"):
                for value in ODD_VALUES:
                    for keys in [("q",), ("p",), ("o",), ("id__exact", "municipality__id__exact")]:
                        url = f"{template}?{_query({}, keys, value)}"
                        yield "superuser", "GET", url, site["superuser"].get(url)

    assert not (failures := _server_errors(responses())), "\n".join(failures)


@pytest.mark.slow
def test_no_form_value_gives_a_server_error(site):
    templates = _templates(skip=("/admin/", "/gemeenten/", "/i18n/"))

    def responses():
        for who, client in site["clients"].items():
            for template in templates:
                path = _fill(template, "x", site["known"])
                staff = template.startswith(STAFF_AREA)
                if staff != (who == "administrator"):
                    continue
                for value in ODD_VALUES:
                    for action in FORM_ACTIONS if staff else [""]:
                        data = {name: value for name in FORM_FIELDS} | {"action": action}
                        yield who, "POST", path, client.post(path, data)

    assert not (failures := _server_errors(responses())), "\n".join(failures)


# --- the cases of the issue, one by one --------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["start_date=9999-12-31", "end_date=0001-01-01", "start_date=0001-01-01",
                                   "end_date=9999-12-31T23:59:59-12:00"])
def test_open311_dates_at_the_ends_of_the_calendar_are_a_400(client, barendrecht, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400
    assert "1900" in response.json()[0]["description"]


@pytest.mark.parametrize("request_id", ["²", "٣", "9" * 5000, str(2**64)])
def test_open311_request_ids_that_are_no_number_are_not_found_or_refused(client, barendrecht, request_id):
    assert client.get(f"/open311/v2/requests/{quote(request_id)}.json").status_code == 404
    assert client.get(f"/open311/v2/requests.json?service_request_id={quote(request_id)}").status_code == 400


@pytest.mark.parametrize("number", ["²", "٣", "1_0", "9" * 5000, "0", "100000"])
def test_a_house_number_must_be_ascii_digits_from_1_to_99999(client, barendrecht, number):
    find = client.get(f"/vind-mijn-wijk/?postcode=2991AB&huisnummer={quote(number)}")
    assert find.status_code == 400
    assert "Vul een huisnummer in" in find.content.decode()
    api = client.get(f"/api/v1/lookup?postcode=2991AB&number={quote(number)}")
    assert api.status_code == 400
    assert "number" in api.json()["detail"]


def test_a_house_number_on_the_submit_page_is_checked_too(client, roles):
    from wijkgericht.participation.testing import make_user

    client.force_login(make_user("bewoner-huisnummer@example.nl"))
    response = client.get(f"/inbreng/nieuw/?postcode=2991AB&huisnummer={quote('²')}")
    assert response.status_code == 400
    assert "Vul een postcode (1234 AB) en een huisnummer in." in response.content.decode()


def test_parse_house_number():
    from wijkgericht.districts.postcodes import parse_house_number

    assert [parse_house_number(v) for v in ["12", " 7 ", "99999", "²", "٣", "1_0", "+1", "0", "", None]] == [
        12, 7, 99999, None, None, None, None, None, None, None]


def test_a_nul_byte_in_a_page_address_is_a_dutch_400_page(client, barendrecht):
    response = client.get("/gemeenten/%00/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Ongeldig verzoek" in response.content.decode()
    assert client.get("/wijken/%00/inbreng/").status_code == 400


def test_a_nul_byte_in_the_query_of_the_api_is_a_json_400(client, barendrecht):
    response = client.get("/api/v1/districts?municipality=%00")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_byte_in_open311_is_a_georeport_error_list(client, barendrecht):
    xml = client.get("/open311/v2/requests.xml?service_code=%00")
    assert xml.status_code == 400
    assert xml["Content-Type"].startswith("text/xml")
    assert b"<errors><error><code>400</code>" in xml.content
    json_ = client.get("/open311/v2/services/%00.json")
    assert json_.status_code == 400 and json_.json()[0]["code"] == 400


def test_a_nul_byte_in_a_form_field_is_a_400(client, barendrecht):
    response = client.post("/open311/v2/requests.json", {"api_key": "x\x00", "service_code": "afval"})
    assert response.status_code == 400
    assert client.post("/account/inloggen/", {"username": "a\x00@example.nl", "password": "x"}).status_code == 400


def test_a_session_cookie_with_a_nul_byte_is_ignored(client, barendrecht):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/wethouders/")
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "²", "9" * 5000])
def test_ids_that_are_no_number_in_staff_forms_are_a_404(client, roles, value):
    from wijkgericht.agenda.models import MeetingRequest  # noqa: F401 - the planning page's own rows

    sign_in_verified(client, roles.administrator)
    item = submit(roles)
    assert client.post(f"/werkplek/inbreng/{item.pk}/", {"action": "comment", "comment": value,
                                                         "decision": "approve"}).status_code == 404
    assert client.post("/werkplek/planning/", {"request": value}).status_code == 404
    assert client.get(f"/werkplek/activiteiten/nieuw/?verzoek={quote(value)}").status_code == 404
    assert client.post("/werkplek/acties/", {"follow_up": value}).status_code == 404


@pytest.mark.parametrize("number", [str(2**31), str(2**63), "9" * 30])
def test_numbers_past_the_database_column_are_a_form_error(client, roles, number):
    """A PostgreSQL integer column holds up to 2^31 - 1: a larger capacity or attendance is the form's error."""
    from wijkgericht.agenda.models import Activity, VisitReport
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
    from wijkgericht.agenda.tests.test_staff_pages import NEW_ACTIVITY, form_data, make_activity

    kinds_ensure_defaults(roles.municipality)
    agenda = roles

    sign_in_verified(client, agenda.district_alderman)
    before = Activity.objects.count()
    assert client.post(NEW_ACTIVITY, form_data(agenda, capacity=number)).status_code == 400
    assert Activity.objects.count() == before
    visit = make_activity(agenda, days=-1)
    response = client.post(f"/werkplek/activiteiten/{visit.pk}/verslag/", {"action": "report", "attendance": number})
    assert response.status_code in (200, 400) and "100000" in response.content.decode()
    assert not VisitReport.objects.filter(activity=visit).exists()


def test_django_own_400_uses_the_same_dutch_page(client, barendrecht, settings):
    """A request Django itself refuses (a host not in ALLOWED_HOSTS) gets the 400 page too, rendered without a
    request context."""
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()
