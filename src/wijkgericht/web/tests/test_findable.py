"""Findable (issue #14): the district index /wijken/, the alderman page (photo, role, districts, portfolio, how to
reach them, upcoming activities, invite, subscribe to the agenda) and the district page's subscribe link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wijkgericht.agenda.models import ActivityKind
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db


def test_district_index_lists_every_district_with_its_ways_in(client, barendrecht):
    response = client.get("/wijken/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alle wijken van Barendrecht" in page
    districts = District.objects.filter(municipality=barendrecht, neighbourhoods__year=barendrecht.division_year
                                        ).distinct()
    for district in districts:
        assert f'href="/wijken/{district.slug}/"' in page
        assert f'href="/wijken/{district.slug}/inbreng/"' in page
        assert f'href="/wijken/{district.slug}/activiteiten/"' in page
    assert 'href="/wethouders/arnoud-proos/"' in page  # Nieuweland's alderman
    assert "Nieuweland 1" in page and "BU04890918" not in page  # neighbourhoods by name, never by code
    assert 'href="/inbreng/"' in page and 'href="/vind-mijn-wijk/"' in page
    # The district page's breadcrumb leads back to it, also in English and for another municipality's address.
    assert 'href="/wijken/"' in client.get("/wijken/nieuweland/").content.decode()
    assert "All districts of Barendrecht" in client.get("/en/wijken/").content.decode()
    assert client.get("/gemeenten/GM0489/wijken/").status_code == 200
    assert client.get("/gemeenten/GM9999/wijken/").status_code == 404


@pytest.fixture
def hosted(barendrecht):
    """An upcoming public activity Arnoud Proos hosts in Nieuweland, and one that is over."""
    kinds_ensure_defaults(barendrecht)
    kind = ActivityKind.objects.filter(municipality=barendrecht).first()
    proos = Alderman.objects.get(municipality=barendrecht, slug="arnoud-proos")
    nieuweland = District.objects.get(municipality=barendrecht, slug="nieuweland")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    upcoming = activity_create(actor=None, municipality=barendrecht, kind=kind, title="Koffie met de wethouder",
                               districts=[nieuweland], starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                               place="Wijkcentrum", hosts=[proos])
    past = activity_create(actor=None, municipality=barendrecht, kind=kind, title="Thee van vorig jaar",
                           districts=[nieuweland], starts_at=starts - dt.timedelta(days=400),
                           ends_at=starts - dt.timedelta(days=400) + dt.timedelta(hours=2), place="Wijkcentrum",
                           hosts=[proos], allow_past=True)
    return proos, nieuweland, upcoming, past


def test_alderman_page_says_who_they_are_and_how_to_reach_them(client, barendrecht, hosted):
    proos, nieuweland, upcoming, past = hosted
    page = client.get("/wethouders/arnoud-proos/").content.decode()
    assert "Arnoud Proos" in page and "Wethouder" in page  # role
    assert 'href="/wijken/nieuweland/"' in page  # districts
    assert "Waar Arnoud Proos over gaat" in page  # portfolio
    assert "Zo bereikt u Arnoud Proos" in page
    assert 'href="/wijken/nieuweland/uitnodigen/"' in page and "Nodig Arnoud Proos uit in Nieuweland" in page
    assert f'href="/activiteiten/{upcoming.pk}/"' in page and "Koffie met de wethouder" in page
    assert "Thee van vorig jaar" not in page  # upcoming activities only
    feed = f'href="/api/v1/aldermen/{proos.pk}/activities.ics"'
    assert feed in page and "Abonneer op de agenda" in page
    assert client.get(f"/api/v1/aldermen/{proos.pk}/activities.ics").status_code == 200
    english = client.get("/en/wethouders/arnoud-proos/").content.decode()
    assert "Subscribe to the calendar" in english and "How to reach Arnoud Proos" in english


def test_district_page_links_its_calendar_feed(client, barendrecht, hosted):
    _proos, nieuweland, upcoming, _past = hosted
    page = client.get("/wijken/nieuweland/").content.decode()
    feed = f"/api/v1/districts/{nieuweland.code}/activities.ics?municipality=GM0489"
    assert f'href="{feed}"' in page and "Abonneer op de agenda" in page
    body = client.get(feed)
    assert body.status_code == 200 and b"Koffie met de wethouder" in body.content
    # The district's activities page links the same feed, and its breadcrumb leads to the district index.
    agenda = client.get("/wijken/nieuweland/activiteiten/").content.decode()
    assert f'href="{feed}"' in agenda and 'href="/wijken/"' in agenda
    assert 'href="/wijken/"' in client.get("/wijken/nieuweland/uitnodigen/").content.decode()


def test_every_page_menu_leads_to_all_ideas_and_reports(client, barendrecht):
    for path in ("/", "/wethouders/", "/wijken/nieuweland/"):
        assert 'href="/inbreng/"' in client.get(path).content.decode()
    page = client.get("/inbreng/").content.decode()
    assert 'href="/inbreng/" aria-current="page"' in page
    assert 'href="/gemeenten/GM0489/inbreng/"' not in page  # the default municipality lives at the root
