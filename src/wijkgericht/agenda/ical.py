"""iCalendar (RFC 5545) for the public agenda: the district and alderman feeds and the per-activity download.

Times are written in UTC (`DTSTART:20261025T003000Z`), not as local time with `TZID=Europe/Amsterdam`:
- activities never recur, so nothing needs the local wall clock to repeat across a DST change;
- UTC is the one form Google Calendar, Outlook (desktop, web) and Apple Calendar all import the same way, with no
  VTIMEZONE definition to trust or mistrust (Outlook has long mishandled VTIMEZONEs it did not write itself);
- it is exact in the autumn hour that happens twice (25 October 2026, 02:00–03:00 local): a TZID time there is
  ambiguous and RFC 5545 resolves it to the first occurrence, so an activity in the second would move by an hour.
Each app shows the times in its user's own time zone; `X-WR-TIMEZONE: Europe/Amsterdam` tells apps that use it
(Google, Apple) which zone the calendar as a whole belongs to. Only a feed without any activity carries a
VTIMEZONE (Europe/Amsterdam, unreferenced), because RFC 5545 wants at least one component in a calendar.

A cancelled activity stays in the feed with `STATUS:CANCELLED` and a raised SEQUENCE, so subscribed apps mark or
remove their copy; its SUMMARY starts with "Afgelast:" as well, because some apps ignore STATUS in subscriptions.

The text is in the municipality's language (Dutch) whatever the fetching app sends as Accept-Language: a feed is
the same document for every subscriber, which keeps its ETag valid. Folding long lines, escaping commas,
semicolons, backslashes and newlines, and CRLF line endings are the `icalendar` library's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from icalendar import Calendar, Event, Timezone, vDuration

from wijkgericht.agenda.models import Activity
from wijkgericht.core.links import absolute_url
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

PRODID = "-//Wijkgericht//NL"
TIMEZONE = "Europe/Amsterdam"
REFRESH = "PT1H"  # how often subscribed apps should fetch again (RFC 7986; X-PUBLISHED-TTL for Outlook)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def district_feed_path(district: District) -> str:
    """The path of a district's calendar feed to subscribe to (agenda/api.py). A path, not an address: pages that
    link it are cached for every host they are served on, and a browser makes it absolute when it is copied."""
    path = reverse("api-v1:district_activities_ics", kwargs={"code": district.code})
    return f"{path}?{urlencode({'municipality': district.municipality.code})}"


def alderman_feed_path(alderman: Alderman) -> str:
    """The path of the calendar feed of the activities an alderman hosts."""
    return reverse("api-v1:alderman_activities_ics", kwargs={"alderman_id": alderman.pk})


def site_host() -> str:
    """The host part of the site's public address: the right-hand side of every UID, so UIDs are globally
    unique and stay the same for as long as the site keeps its address."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def activity_url(activity: Activity) -> str:
    """The activity's public page, in the site's default language (no /en/ prefix whatever the request)."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("agenda:activity", kwargs={"activity_id": activity.pk}))


def activity_uid(activity: Activity) -> str:
    return f"{activity.uid}@{site_host()}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _description(activity: Activity, url: str) -> str:
    parts = []
    if activity.status == Activity.Status.CANCELLED:
        parts.append("Afgelast" + (f": {activity.cancel_reason}" if activity.cancel_reason else "."))
    if activity.description:
        parts.append(activity.description)
    facts = [f"Soort: {activity.kind.name}"]
    districts = [d.name for d in activity.districts.all()]
    if districts:
        facts.append(("Wijk: " if len(districts) == 1 else "Wijken: ") + ", ".join(sorted(districts)))
    hosts = [h.name for h in activity.hosts.all()]
    if hosts:
        facts.append("Met: " + ", ".join(sorted(hosts)))
    facts.append(f"Meer informatie en aanmelden: {url}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def event_for(activity: Activity, *, stamp: dt.datetime) -> Event:
    """One VEVENT; `activity` should come with its kind, districts and hosts loaded (see selectors)."""
    url = activity_url(activity)
    cancelled = activity.status == Activity.Status.CANCELLED
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", stamp)
    event.add("created", _utc(activity.created_at))
    event.add("last-modified", _utc(activity.updated_at))
    event.add("sequence", activity.sequence)
    event.add("dtstart", _utc(activity.starts_at))
    event.add("dtend", _utc(activity.ends_at))
    event.add("summary", f"Afgelast: {activity.title}" if cancelled else activity.title)
    event.add("description", _description(activity, url))
    event.add("location", activity.location)  # the place and its address
    if activity.lat is not None and activity.lon is not None:
        event.add("geo", (activity.lat, activity.lon))
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("categories", [activity.kind.name])
    event.add("class", "PUBLIC")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def calendar_for(activities: Iterable[Activity], *, name: str, url: str, source: str | None = None,
                 now: dt.datetime | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per activity, as the bytes to send (UTF-8, CRLF line endings, folded).

    Only public activities belong here; the callers select them (`selectors.public_activities`), and a
    non-public one that slips through is left out rather than published. `url` is the human page the calendar
    belongs to, `source` (RFC 7986) the address the feed itself is fetched from.
    """
    stamp = _utc(now or dt.datetime.now(dt.UTC))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("url", url)
    if source:
        cal.add("source", source)
    cal.add("refresh-interval", vDuration.from_ical(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for activity in activities:
        if activity.is_public:
            cal.add_component(event_for(activity, stamp=stamp))
    if not cal.subcomponents:
        # RFC 5545 3.4 wants at least one component; an empty feed gets the (unreferenced, harmless) zone.
        cal.add_component(Timezone.from_tzid(TIMEZONE, first_date=dt.date(stamp.year, 1, 1),
                                             last_date=dt.date(stamp.year + 1, 12, 31)))
    return cal.to_ical()
