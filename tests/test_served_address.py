"""Without WIJKGERICHT_SITE_URL, links in .ics files and feeds use the address the site is served on (issue #14):
a demo on a test server must not send residents to http://127.0.0.1:8000. (Mail links: core/tests/test_links.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from wijkgericht.agenda.models import ActivityKind
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.core.links import SERVED_ON_KEY
from wijkgericht.districts.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(barendrecht):
    with translation.override("nl"):
        kinds_ensure_defaults(barendrecht)
    kind = ActivityKind.objects.get(municipality=barendrecht, slug="wijkoverleg")
    district = District.objects.filter(municipality=barendrecht).order_by("code").first()
    start = timezone.now() + dt.timedelta(days=7)
    return activity_create(actor=None, municipality=barendrecht, kind=kind, title="Wijkoverleg", districts=[district],
                           starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Wijkcentrum")


@pytest.mark.parametrize("host", ["wijk.test.example", "andere.test.example:8080"])
def test_ics_download_and_feed_use_the_served_address(client, settings, activity, host):
    settings.SITE_URL_SET = False
    settings.ALLOWED_HOSTS = ["wijk.test.example", "andere.test.example"]
    cache.delete(SERVED_ON_KEY)
    download = client.get(reverse("agenda:activity_ics", kwargs={"activity_id": activity.pk}), HTTP_HOST=host)
    assert download.status_code == 200
    assert f"http://{host}/activiteiten/{activity.pk}/".encode() in download.content.replace(b"\r\n ", b"")
    assert b"127.0.0.1:8000" not in download.content
    code = activity.districts.first().code
    feed = client.get(f"/api/v1/districts/{code}/activities.ics", HTTP_HOST=host)
    assert feed.status_code == 200
    assert f"http://{host}/".encode() in feed.content.replace(b"\r\n ", b"")


def test_ics_uses_the_configured_address_when_set(client, settings, activity):
    settings.SITE_URL_SET = True
    settings.SITE_URL = "https://wijken.example.nl"
    settings.ALLOWED_HOSTS = ["wijk.test.example"]
    download = client.get(reverse("agenda:activity_ics", kwargs={"activity_id": activity.pk}),
                          HTTP_HOST="wijk.test.example")
    assert b"https://wijken.example.nl/activiteiten/" in download.content.replace(b"\r\n ", b"")
    assert b"wijk.test.example" not in download.content
