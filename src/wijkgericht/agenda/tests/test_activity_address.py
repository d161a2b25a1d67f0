"""Activities (issue #14): an address (street, number, postcode, town) next to the place and its map point, in the
page, the lists and the calendar; cleaned by the service (a postcode as "2991 XK", or refused)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkgericht.agenda.models import ActivityKind
from wijkgericht.agenda.services.activities import activity_create, activity_update
from wijkgericht.districts.models import District

pytestmark = pytest.mark.django_db


def _activity(roles, *, days: int, **extra):
    kind = ActivityKind.objects.filter(municipality=roles.municipality).first()
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    fields = dict(actor=None, municipality=roles.municipality, kind=kind, title="Wijkavond",
                  districts=[District.objects.get(code="WK048909")], starts_at=starts,
                  ends_at=starts + dt.timedelta(hours=2), place="Wijkcentrum De Bron", capacity=30,
                  lat=51.85, lon=4.54, allow_past=True)
    fields.update(extra)
    return activity_create(**fields)


def test_address_is_cleaned_shown_and_in_the_calendar(client, agenda):
    activity = _activity(agenda, days=5, street=" Dierensteinweg ", house_number="14a", postcode="2991 xk",
                         town="Barendrecht")
    assert (activity.street, activity.house_number, activity.postcode) == ("Dierensteinweg", "14a", "2991 XK")
    assert activity.address == "Dierensteinweg 14a, 2991 XK Barendrecht"
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "Wijkcentrum De Bron" in page and "Dierensteinweg 14a, 2991 XK Barendrecht" in page
    assert 'data-lat="51.850000"' in page  # the map point
    assert "Dierensteinweg 14a" in client.get("/activiteiten/").content.decode()
    ics = client.get(f"/activiteiten/{activity.pk}/agenda.ics").content.decode().replace("\r\n ", "")
    assert "LOCATION:Wijkcentrum De Bron\\, Dierensteinweg 14a\\, 2991 XK Barendrecht" in ics
    assert "GEO:51.85;4.54" in ics
    with pytest.raises(ValidationError) as refused:
        activity_update(actor=None, activity=activity, postcode="99999")
    assert "postcode" in refused.value.message_dict
    changed = activity_update(actor=None, activity=activity, street="Middenbaan", house_number="1")
    assert changed.address == "Middenbaan 1, 2991 XK Barendrecht"



def test_an_address_the_place_already_names_is_not_repeated(agenda):
    activity = _activity(agenda, days=5, place="Raadhuisplein 1, Barendrecht", street="Raadhuisplein",
                         house_number="1", town="Barendrecht")
    assert activity.location == "Raadhuisplein 1, Barendrecht"
    assert _activity(agenda, days=5, place="Start bij de kerk").location == "Start bij de kerk"


def test_the_staff_form_records_the_address_and_refuses_a_wrong_postcode(client, agenda):
    from wijkgericht.accounts.testing import sign_in_verified
    from wijkgericht.agenda.models import Activity
    from wijkgericht.agenda.tests.test_staff_pages import NEW_ACTIVITY, form_data

    sign_in_verified(client, agenda.civil_servant)
    refused = client.post(NEW_ACTIVITY, form_data(agenda, postcode="29 91"))
    assert refused.status_code == 400 and "Vul een postcode in als 1234 AB" in refused.content.decode()
    client.post(NEW_ACTIVITY, form_data(agenda, street="Dierensteinweg", house_number="14", postcode="2991xk",
                                        town="Barendrecht"))
    created = Activity.objects.get(title="Koffie met de wijkwethouder")
    assert created.address == "Dierensteinweg 14, 2991 XK Barendrecht"
    edit = client.get(f"/werkplek/activiteiten/{created.pk}/").content.decode()
    assert 'value="Dierensteinweg"' in edit and 'value="2991 XK"' in edit
