"""The new-activity form after the UX review: a new activity cannot start in the past (the service refuses it, the
form shows why, and supporters of the request are not told of a meeting that already happened); the district's own
district alderman is ticked as host; the date has no dated "for example"; the map point is explained."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest
from wijkgericht.agenda.services.activities import activity_create, activity_update
from wijkgericht.agenda.services.meeting_requests import request_support
from wijkgericht.agenda.services.reports import report_save
from wijkgericht.agenda.testing import request_placed
from wijkgericht.districts.models import District
from wijkgericht.governance.selectors import board_snapshot
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db

NIEUWELAND, MOLENVLIET, CENTRUM = "WK048909", "WK048908", "WK048901"
NEW_ACTIVITY = "/werkplek/activiteiten/nieuw/"
PAST = ("Een nieuwe activiteit kan niet in het verleden beginnen. Was het bezoek al? Leg het dan vast met "
        "‘Bezoek vastleggen’.")


def district(code: str) -> District:
    return District.objects.get(code=code)


def kind(roles) -> ActivityKind:
    return ActivityKind.objects.get(municipality=roles.municipality, slug="wijkoverleg")


def fields(roles, starts_at: dt.datetime, **extra) -> dict:
    return dict(actor=roles.district_alderman, municipality=roles.municipality, kind=kind(roles),
                title="Wijkoverleg Nieuweland", districts=[district(NIEUWELAND)], starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=2), place="Wijkcentrum Het Kruispunt", **extra)


def request_with_supporter(roles, code: str = NIEUWELAND) -> tuple[MeetingRequest, object]:
    request = request_placed(author=roles.resident, district=district(code), kind=kind(roles),
                             topic="Praten over de speeltuin", place="Speeltuin De Tol")
    supporter = make_user("supporter@example.nl")
    request_support(request=request, user=supporter)
    return request, supporter


def form_data(roles, day: dt.date, **extra) -> dict:
    data = {"kind": kind(roles).pk, "title": "Praten over de speeltuin", "description": "",
            "districts": [district(NIEUWELAND).pk], "date": day.isoformat(), "start": "19:30", "end": "21:00",
            "place": "Speeltuin De Tol", "lat": "", "lon": "", "is_public": "public", "capacity": ""}
    data.update(extra)
    return data


def checked_hosts(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<input[^>]*name="hosts" value="(\d+)"[^>]*checked', page)}


# --- the service ----------------------------------------------------------------------------------------------

def test_the_service_refuses_a_new_activity_in_the_past_on_its_start(agenda):
    request, supporter = request_with_supporter(agenda)
    with pytest.raises(ValidationError) as refused:
        activity_create(**fields(agenda, timezone.now() - dt.timedelta(days=1)), request=request)
    assert refused.value.message_dict == {"starts_at": [PAST]}
    assert not Activity.objects.exists()
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.OPEN  # still waiting, and nobody was told anything
    assert not Notification.objects.filter(recipient=supporter).exists()


def test_the_refusal_comes_with_the_other_field_errors_at_once(agenda):
    start = timezone.now() - dt.timedelta(hours=3)
    with pytest.raises(ValidationError) as refused:
        activity_create(**{**fields(agenda, start), "ends_at": start - dt.timedelta(hours=1)})
    assert set(refused.value.message_dict) == {"starts_at", "ends_at"}


def test_the_current_minute_and_later_are_not_the_past(agenda):
    this_minute = timezone.now().replace(second=0, microsecond=0)
    assert activity_create(**fields(agenda, this_minute)).pk
    assert activity_create(**fields(agenda, timezone.now() + dt.timedelta(days=3))).pk


def test_history_is_recorded_only_when_asked_and_an_existing_activity_can_still_be_corrected(agenda):
    start = timezone.now() - dt.timedelta(days=10)
    past = activity_create(**fields(agenda, start), allow_past=True)
    assert past.starts_at == start
    # After the fact, the place is corrected: that is no new activity, so it is not refused.
    corrected = activity_update(actor=agenda.district_alderman, activity=past, place="Sporthal De Bongerd")
    assert corrected.place == "Sporthal De Bongerd"


def test_a_visit_that_already_took_place_is_recorded_as_invitation_only_for_its_report(agenda):
    yesterday = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ValidationError):  # public: residents would be invited to something that is over
        activity_create(**fields(agenda, yesterday))
    visit = activity_create(**{**fields(agenda, yesterday), "is_public": False})
    report = report_save(actor=agenda.district_alderman, activity=visit, attendance=6)
    assert report.activity == visit
    request, _supporter = request_with_supporter(agenda)
    with pytest.raises(ValidationError):  # answering a request tells its supporters: never in the past
        activity_create(**{**fields(agenda, yesterday), "is_public": False}, request=request)


# --- the form -------------------------------------------------------------------------------------------------

def test_a_past_date_on_the_form_is_shown_at_the_start_and_nobody_is_told(client, agenda):
    request, supporter = request_with_supporter(agenda)
    sign_in_verified(client, agenda.district_alderman)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(f"{NEW_ACTIVITY}?verzoek={request.pk}", form_data(agenda, yesterday))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["start"] == [PAST]
    assert PAST in response.content.decode()
    assert not Activity.objects.exists()
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.OPEN
    assert not Notification.objects.filter(recipient=supporter).exists()
    # The same request with a date to come is planned and its supporters are told.
    response = client.post(f"{NEW_ACTIVITY}?verzoek={request.pk}",
                           form_data(agenda, timezone.localdate() + dt.timedelta(days=14)))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=supporter, event="meeting_request.planned").exists()


def test_the_requests_district_alderman_is_ticked_as_host(client, agenda):
    proos = agenda.district_alderman.alderman
    request, _supporter = request_with_supporter(agenda, MOLENVLIET)
    sign_in_verified(client, agenda.district_alderman)
    assert checked_hosts(client.get(f"{NEW_ACTIVITY}?verzoek={request.pk}").content.decode()) == {proos.pk}

    # Another district's request, planned by an administrator: that district's own alderman, not the planner.
    centrum = district(CENTRUM)
    theirs = board_snapshot(municipality=agenda.municipality).alderman_of(centrum.pk)
    assert theirs is not None and theirs != proos
    other = request_placed(author=agenda.other_resident, district=centrum, kind=kind(agenda),
                           topic="Markt op het Raadhuisplein")
    sign_in_verified(client, agenda.administrator)
    assert checked_hosts(client.get(f"{NEW_ACTIVITY}?verzoek={other.pk}").content.decode()) == {theirs.pk}


def test_without_a_request_the_alderman_of_the_one_district_offered_is_ticked(client, agenda):
    proos = agenda.district_alderman.alderman
    sign_in_verified(client, agenda.civil_servant)  # Nieuweland only: that district is chosen already
    page = client.get(NEW_ACTIVITY).content.decode()
    assert re.search(rf'name="districts" value="{district(NIEUWELAND).pk}"[^>]*checked', page)
    assert checked_hosts(page) == {proos.pk}
    # Proos plans in two districts: which one is not known yet, so nobody is ticked for him.
    sign_in_verified(client, agenda.district_alderman)
    assert checked_hosts(client.get(NEW_ACTIVITY).content.decode()) == set()
    # Unticked on purpose, the host stays off.
    response = client.post(NEW_ACTIVITY, form_data(agenda, timezone.localdate() + dt.timedelta(days=7)))
    assert response.status_code == 302
    assert not Activity.objects.get().hosts.exists()


def test_the_date_has_no_dated_example_and_the_map_point_is_explained(client, agenda):
    sign_in_verified(client, agenda.civil_servant)
    page = client.get(NEW_ACTIVITY).content.decode()
    assert 'type="date"' in page and "Bijvoorbeeld 2025" not in page
    assert "WGS84" not in page
    assert "Dit is wat inwoners in de agenda lezen." in page
    # The point is picked on the map (it fills the two fields); typed over from a map app without JavaScript.
    assert "Kies het punt op de kaart hieronder" in page and "Zonder kaart: zoek de plek op" in page
    assert 'name="lat"' in page and 'name="lon"' in page
    assert 'data-pick-lat="#id_lat"' in page and 'data-pick-lon="#id_lon"' in page and "web/map.js" in page
