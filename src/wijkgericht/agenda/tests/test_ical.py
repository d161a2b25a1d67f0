"""iCalendar feeds and the per-activity download: every response is parsed back with `icalendar` and checked line
by line against RFC 5545 by a small content-line reader of its own (CRLF, ≤ 75 octets, required properties)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from wijkgericht.agenda import ical
from wijkgericht.agenda.models import Activity, ActivityKind
from wijkgericht.agenda.services.activities import activity_cancel, activity_create, activity_update
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

AMS = ZoneInfo("Europe/Amsterdam")
NIEUWELAND, CENTRUM = "WK048909", "WK048901"
ICS_TYPE = "text/calendar; charset=utf-8"

# RFC 5545 3.1: contentline = name *(";" param ) ":" value CRLF; names are IANA tokens or X-names.
CONTENT_LINE = re.compile(r'^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(,(?:"[^"]*"|[^";:,]*))*)*:.*$',
                          re.S)


@dataclass
class Agenda:
    kind: ActivityKind
    nieuweland: District
    centrum: District
    proos: Alderman
    schaap: Alderman
    nieuweland_meeting: Activity
    centrum_market: Activity
    invitation_only: Activity
    cancelled: Activity
    recent_past: Activity
    long_ago: Activity


def _create(agenda_kind, district, *, days: float, hosts=(), **extra) -> Activity:
    start = extra.pop("starts_at", None) or timezone.now() + dt.timedelta(days=days)
    end = start.astimezone(dt.UTC) + dt.timedelta(hours=2)  # two real hours, also across a DST change
    fields = dict(actor=None, municipality=district.municipality, kind=agenda_kind, title="Wijkoverleg",
                  districts=[district], starts_at=start, ends_at=end,
                  place="Wijkcentrum", hosts=list(hosts), allow_past=start < timezone.now())  # past ones: history
    fields.update(extra)
    return activity_create(**fields)


@pytest.fixture
def agenda(barendrecht) -> Agenda:
    with translation.override("nl"):  # a request to /en/ earlier in this thread leaves English active
        kinds_ensure_defaults(barendrecht)
    kind = ActivityKind.objects.get(municipality=barendrecht, slug="wijkoverleg")
    nieuweland = District.objects.get(municipality=barendrecht, code=NIEUWELAND)
    centrum = District.objects.get(municipality=barendrecht, code=CENTRUM)
    proos = Alderman.objects.get(municipality=barendrecht, slug="arnoud-proos")
    schaap = Alderman.objects.get(municipality=barendrecht, slug="cees-schaap")
    cancelled = _create(kind, nieuweland, days=14, hosts=[proos], title="Buurtfeest")
    activity_cancel(actor=None, activity=cancelled, reason="Slecht weer voorspeld")
    return Agenda(
        kind=kind, nieuweland=nieuweland, centrum=centrum, proos=proos, schaap=schaap,
        nieuweland_meeting=_create(kind, nieuweland, days=7, hosts=[proos], lat=51.8497, lon=4.5563),
        centrum_market=_create(kind, centrum, days=10, hosts=[schaap], title="Markt in het Centrum"),
        invitation_only=_create(kind, nieuweland, days=8, hosts=[proos], title="Werkbezoek (besloten)",
                                is_public=False),
        cancelled=Activity.objects.get(pk=cancelled.pk),
        recent_past=_create(kind, nieuweland, days=-30, hosts=[proos], title="Fietstocht"),
        long_ago=_create(kind, nieuweland, days=-120, hosts=[proos], title="Oude bijeenkomst"),
    )


def district_feed(code: str) -> str:
    return f"/api/v1/districts/{code}/activities.ics"


def alderman_feed(alderman_id: int) -> str:
    return f"/api/v1/aldermen/{alderman_id}/activities.ics"


def download(activity: Activity) -> str:
    return reverse("agenda:activity_ics", kwargs={"activity_id": activity.pk})


def check_rfc5545(body: bytes) -> Calendar:
    """Validate the raw text (independently of the library) and return it parsed by `icalendar`."""
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare line ending in {line!r}"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
    unfolded: list[str] = []
    for line in lines:
        text = line.decode()
        if text.startswith((" ", "\t")):
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    for line in unfolded:
        assert CONTENT_LINE.match(line), f"not a content line: {line!r}"
    names = [line.split(":", 1)[0].split(";", 1)[0].upper() for line in unfolded]
    assert names[0] == "BEGIN" and unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
    # Each event, from its raw lines: the properties RFC 5545 3.6.1 requires once, and the ones that must not
    # occur more than once.
    events, current = [], None
    for name, line in zip(names, unfolded, strict=True):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current.append(name)
    for props in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert props.count(required) == 1, (required, props)
        for once in ("DTEND", "SEQUENCE", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO", "URL", "STATUS",
                     "CREATED", "LAST-MODIFIED", "CLASS", "TRANSP"):
            assert props.count(once) <= 1, (once, props)
        assert not ("DTEND" in props and "DURATION" in props)
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Wijkgericht//NL"
    assert str(calendar["CALSCALE"]) == "GREGORIAN" and str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    assert calendar["X-WR-CALNAME"] == calendar["NAME"]
    assert calendar.decoded("REFRESH-INTERVAL") == dt.timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    calendar.validate()
    for event in calendar.walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert isinstance(start, dt.datetime) and start.utcoffset() == dt.timedelta(0)
        assert end > start
        assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
    return calendar


def fetch(client, url: str, **headers) -> Calendar:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == ICS_TYPE
    return check_rfc5545(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(activity: Activity) -> str:
    return f"{activity.uid}@{ical.site_host()}"


# --- the feeds -----------------------------------------------------------------------------------------------

def test_district_feed_is_rfc5545_with_the_districts_public_activities_only(client, agenda):
    response = client.get(district_feed(NIEUWELAND))
    assert response.status_code == 200
    assert response["Content-Type"] == ICS_TYPE
    assert response["Content-Disposition"] == 'inline; filename="activiteiten-nieuweland.ics"'
    calendar = check_rfc5545(response.content)
    assert "Nieuweland" in str(calendar["X-WR-CALNAME"])
    assert str(calendar["URL"]) == settings.SITE_URL + "/wijken/nieuweland/"
    found = events(calendar)
    assert uid(agenda.nieuweland_meeting) in found and uid(agenda.cancelled) in found
    assert uid(agenda.recent_past) in found  # 30 days ago: in the 90-day window
    assert uid(agenda.long_ago) not in found
    assert uid(agenda.centrum_market) not in found
    assert uid(agenda.invitation_only) not in found
    # Whatever else the demo holds: every event is a public activity in Nieuweland, and none is missing.
    since = timezone.now() - dt.timedelta(days=90)
    expected = Activity.objects.filter(districts=agenda.nieuweland, is_public=True, ends_at__gte=since)
    assert set(found) == {uid(a) for a in expected}


def test_district_feed_of_another_district(client, agenda):
    found = events(fetch(client, district_feed(CENTRUM)))
    assert uid(agenda.centrum_market) in found
    assert not {uid(agenda.nieuweland_meeting), uid(agenda.cancelled), uid(agenda.invitation_only)} & set(found)
    assert fetch(client, district_feed(CENTRUM) + "?municipality=GM0489").to_ical() is not None


def test_alderman_feed_has_the_public_activities_they_host(client, agenda):
    found = events(fetch(client, alderman_feed(agenda.proos.pk)))
    assert {uid(agenda.nieuweland_meeting), uid(agenda.cancelled), uid(agenda.recent_past)} <= set(found)
    since = timezone.now() - dt.timedelta(days=90)
    hosted = Activity.objects.filter(hosts=agenda.proos, is_public=True, ends_at__gte=since)  # the demo's too
    assert set(found) == {uid(a) for a in hosted}
    response = client.get(alderman_feed(agenda.schaap.pk))
    assert response["Content-Disposition"] == 'inline; filename="activiteiten-cees-schaap.ics"'
    schaap = set(events(check_rfc5545(response.content)))
    assert uid(agenda.centrum_market) in schaap and uid(agenda.nieuweland_meeting) not in schaap
    assert schaap == {uid(a) for a in Activity.objects.filter(hosts=agenda.schaap, is_public=True,
                                                              ends_at__gte=since)}


def test_an_event_carries_what_calendar_apps_show(client, agenda):
    event = events(fetch(client, district_feed(NIEUWELAND)))[uid(agenda.nieuweland_meeting)]
    activity = agenda.nieuweland_meeting
    assert str(event["SUMMARY"]) == "Wijkoverleg" and str(event["LOCATION"]) == "Wijkcentrum"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == activity.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == activity.ends_at.replace(microsecond=0)
    assert event["GEO"].latitude == pytest.approx(51.8497) and event["GEO"].longitude == pytest.approx(4.5563)
    assert str(event["URL"]) == f"{settings.SITE_URL}/activiteiten/{activity.pk}/"
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Wijkoverleg"]
    description = str(event["DESCRIPTION"])
    assert "Soort: Wijkoverleg" in description and "Wijk: Nieuweland" in description
    assert "Met: Arnoud Proos" in description and str(event["URL"]) in description
    assert event.decoded("CREATED") <= event.decoded("LAST-MODIFIED") <= event.decoded("DTSTAMP")


@override_settings(SITE_URL="https://wijkgericht.barendrecht.nl")
def test_uid_is_stable_and_sequence_rises_with_every_change(client, agenda):
    url = district_feed(NIEUWELAND)
    first = events(fetch(client, url))[uid(agenda.nieuweland_meeting)]
    again = events(fetch(client, url))[uid(agenda.nieuweland_meeting)]
    assert str(first["UID"]) == str(again["UID"]) == f"{agenda.nieuweland_meeting.uid}@wijkgericht.barendrecht.nl"
    later = agenda.nieuweland_meeting.starts_at + dt.timedelta(hours=1)
    activity_update(actor=None, activity=agenda.nieuweland_meeting, starts_at=later,
                    ends_at=later + dt.timedelta(hours=2), title="Wijkoverleg (later)")
    changed = events(fetch(client, url))[uid(agenda.nieuweland_meeting)]
    assert int(changed["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert str(changed["SUMMARY"]) == "Wijkoverleg (later)" and changed.decoded("DTSTART") == later.replace(
        microsecond=0)
    assert changed.decoded("LAST-MODIFIED") >= first.decoded("LAST-MODIFIED")


def test_a_cancelled_activity_stays_marked_cancelled(client, agenda):
    for url in (district_feed(NIEUWELAND), alderman_feed(agenda.proos.pk), download(agenda.cancelled)):
        event = events(fetch(client, url))[uid(agenda.cancelled)]
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 1
        assert str(event["SUMMARY"]) == "Afgelast: Buurtfeest"
        assert str(event["DESCRIPTION"]).startswith("Afgelast: Slecht weer voorspeld")
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_feeds_are_cacheable_and_revalidate(client, agenda):
    url = district_feed(NIEUWELAND)
    response = client.get(url)
    etag = response["ETag"]
    assert etag.startswith('W/"') and response["Cache-Control"] == "public, max-age=900"
    assert response["Last-Modified"]
    assert client.get(url)["ETag"] == etag
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    activity_update(actor=None, activity=agenda.nieuweland_meeting, place="Het Kruispunt")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(url)["ETag"] != etag
    # A new activity changes the ETag too, and so the alderman feed's.
    before = client.get(alderman_feed(agenda.schaap.pk))["ETag"]
    _create(agenda.kind, agenda.centrum, days=3, hosts=[agenda.schaap], title="Spreekuur")
    assert client.get(alderman_feed(agenda.schaap.pk))["ETag"] != before


def test_an_empty_feed_is_still_a_valid_calendar(client, agenda):
    alderman = Alderman.objects.filter(municipality=agenda.kind.municipality).exclude(
        activities__isnull=False).first()
    response = client.get(alderman_feed(alderman.pk))
    calendar = check_rfc5545(response.content)
    assert calendar.walk("VEVENT") == [] and "Last-Modified" not in response
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert response["Cache-Control"] == "public, max-age=900"


def test_unknown_district_municipality_or_alderman_is_a_404_with_a_message(client, agenda):
    response = client.get(district_feed("WK999999"))
    assert response.status_code == 404 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Wijk WK999999 bestaat niet in Barendrecht."}
    response = client.get(district_feed(NIEUWELAND) + "?municipality=GM9999")
    assert response.status_code == 404 and response.json() == {"detail": "Gemeente GM9999 is niet bekend."}
    response = client.get(alderman_feed(999999))
    assert response.status_code == 404 and response.json() == {"detail": "Wethouder 999999 bestaat niet."}
    assert client.get("/api/v1/aldermen/proos/activities.ics").status_code == 400


# --- the per-activity download -------------------------------------------------------------------------------

def test_download_of_one_public_activity(client, agenda):
    response = client.get(download(agenda.nieuweland_meeting))
    assert response.status_code == 200 and response["Content-Type"] == ICS_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="activiteit-{agenda.nieuweland_meeting.pk}.ics"'
    assert response["Cache-Control"] == "public, max-age=900" and response["ETag"].startswith('W/"')
    calendar = check_rfc5545(response.content)
    assert list(events(calendar)) == [uid(agenda.nieuweland_meeting)]
    assert client.get(download(agenda.nieuweland_meeting), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # Old ones too: the download is not limited to the feed's window; and the English address works alike.
    assert list(events(fetch(client, download(agenda.long_ago)))) == [uid(agenda.long_ago)]
    assert list(events(fetch(client, "/en" + download(agenda.recent_past)))) == [uid(agenda.recent_past)]


def test_invitation_only_or_unknown_activity_cannot_be_downloaded(client, agenda):
    assert client.get(download(agenda.invitation_only)).status_code == 404
    assert client.get(reverse("agenda:activity_ics", kwargs={"activity_id": 999999})).status_code == 404
    assert client.post(download(agenda.nieuweland_meeting)).status_code == 405


def test_calendar_for_leaves_out_a_non_public_activity(agenda):
    body = ical.calendar_for([agenda.invitation_only, agenda.nieuweland_meeting], name="Test",
                             url="https://example.nl/")
    assert list(events(check_rfc5545(body))) == [uid(agenda.nieuweland_meeting)]


# --- time zones and text ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("local", "utc"), [
    # The autumn hour that happens twice: 02:30 summer time (fold=0) and 02:30 winter time (fold=1).
    (dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS), dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)),
    (dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS), dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)),
    (dt.datetime(2026, 7, 1, 19, 30, tzinfo=AMS), dt.datetime(2026, 7, 1, 17, 30, tzinfo=dt.UTC)),
    (dt.datetime(2026, 12, 1, 19, 30, tzinfo=AMS), dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)),
    # The night the clocks go forward: 01:30 winter time, the activity ends after the jump (2 h later in UTC).
    (dt.datetime(2027, 3, 28, 1, 30, tzinfo=AMS), dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC)),
])
def test_times_are_exact_in_europe_amsterdam_across_dst(client, agenda, local, utc):
    activity = _create(agenda.kind, agenda.nieuweland, days=0, starts_at=local)
    response = client.get(download(activity))
    raw = response.content.decode()
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z\r\n" in raw  # UTC, so no TZID and no VTIMEZONE needed
    assert "TZID" not in raw and "VTIMEZONE" not in raw
    event = check_rfc5545(response.content).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert start == utc
    shown = start.astimezone(AMS)
    assert (shown.hour, shown.minute, shown.fold, shown.utcoffset()) == (
        local.hour, local.minute, local.fold, local.utcoffset())
    assert event.decoded("DTEND") - start == dt.timedelta(hours=2)


TRICKY_TITLE = 'Avond over "veiligheid", verkeer; en <script>alert(1)</script> \\ back'
TRICKY_DESCRIPTION = (
    "Eerste regel, met komma's; en puntkomma's.\nTweede regel: <script>alert('x')</script> & <b>vet</b>\n\n"
    "Een backslash \\ en een \\n die geen nieuwe regel is. Een lange zin met ë, é, ß, € en 🚲 "
    + "zodat het vouwen op octetten en niet op tekens moet gebeuren, " * 6 + "einde."
)
TRICKY_PLACE = "Wijkcentrum 't Kruispunt, Middenbaan-Noord 2; zaal 3"


def test_text_round_trips_exactly(client, agenda):
    activity = _create(agenda.kind, agenda.nieuweland, days=5, title=TRICKY_TITLE,
                       description=TRICKY_DESCRIPTION, place=TRICKY_PLACE)
    response = client.get(download(activity))
    raw = response.content.decode()
    assert "\\;" in raw and "\\," in raw and "\\n" in raw and "\\\\" in raw
    event = check_rfc5545(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TRICKY_TITLE
    assert str(event["LOCATION"]) == TRICKY_PLACE
    assert str(event["DESCRIPTION"]).startswith(TRICKY_DESCRIPTION + "\n\nSoort: Wijkoverleg\n")
    assert max(len(line) for line in response.content.split(b"\r\n")) <= 75


# --- the schema ------------------------------------------------------------------------------------------------

def test_openapi_documents_the_calendar_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/districts/{code}/activities.ics", "/api/v1/aldermen/{alderman_id}/activities.ics"):
        responses = schema["paths"][path]["get"]["responses"]
        assert "text/calendar" in responses["200"]["content"], path
        assert responses["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
