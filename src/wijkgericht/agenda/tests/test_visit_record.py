"""Staff friction (issue #14): "Bezoek vastleggen" records a visit that took place in one obvious path (then straight
to its report), where planning refused a past start without saying what to do instead; and a follow-up action's
owner is a person (civil servant, alderman), a department or a partner — never the moderator's or administrator's
role account."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Activity, FollowUpAction, VisitReport
from wijkgericht.agenda.selectors import action_owner_people
from wijkgericht.agenda.services.activities import visit_record
from wijkgericht.agenda.services.follow_up import action_create
from wijkgericht.agenda.services.reports import report_save
from wijkgericht.agenda.tests.test_staff_pages import (
    NEW_ACTIVITY,
    NIEUWELAND,
    PLANNING,
    district,
    form_data,
    kind,
)

pytestmark = pytest.mark.django_db

VISIT = "/werkplek/bezoek-vastleggen/"


def _yesterday(hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def test_the_refusal_of_a_past_start_points_to_recording_the_visit(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    planning = client.get(PLANNING).content.decode()
    assert f'href="{VISIT}"' in planning and "Bezoek vastleggen" in planning
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    refused = client.post(NEW_ACTIVITY, form_data(agenda, date=yesterday))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Leg het dan vast met ‘Bezoek vastleggen’" in page and f'href="{VISIT}"' in page
    assert not Activity.objects.exists()


def test_recording_a_past_visit_leads_to_its_report(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    form = client.get(VISIT)
    assert form.status_code == 200
    page = form.content.decode()
    assert "<h1" in page and "Bezoek vastleggen" in page
    assert 'name="capacity"' not in page and 'name="registration_open"' not in page  # only for what is to come
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    data = form_data(agenda, date=yesterday, start="14:00", end="15:30", title="Rondje Nieuweland met de wijkagent",
                     lat="51.8497", lon="4.5563", is_public="invitation")
    del data["capacity"]
    response = client.post(VISIT, data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/werkplek/activiteiten/{activity.pk}/verslag/"
    assert activity.title == "Rondje Nieuweland met de wijkagent" and not activity.is_public
    assert not activity.registration_open and activity.capacity is None
    assert (activity.lat, activity.lon) == (51.8497, 4.5563)
    assert timezone.localtime(activity.starts_at).time() == dt.time(14, 0)
    assert list(activity.districts.values_list("code", flat=True)) == [NIEUWELAND]
    report_page = client.get(response["Location"]).content.decode()
    assert "Het bezoek is vastgelegd. Schrijf nu het verslag." in report_page and 'value="report"' in report_page
    assert client.post(response["Location"], {"action": "report", "attendance": "6"}).status_code == 302
    assert VisitReport.objects.get(activity=activity).attendance == 6


def test_a_visit_still_to_come_is_refused_with_the_way_to_plan_it(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(VISIT, form_data(agenda, date=tomorrow))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit bezoek is nog niet begonnen." in page and f'href="{NEW_ACTIVITY}"' in page
    assert not Activity.objects.exists()
    with pytest.raises(ValidationError):
        visit_record(actor=None, municipality=agenda.municipality, kind=kind(agenda), title="Later",
                     districts=[district(NIEUWELAND)], starts_at=_yesterday(10) + dt.timedelta(days=2),
                     ends_at=_yesterday(11) + dt.timedelta(days=2), place="Hier")


def test_residents_and_outsiders_cannot_record_visits(client, agenda):
    sign_in_verified(client, agenda.resident)
    assert client.get(VISIT).status_code == 403
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert client.post(VISIT, form_data(agenda, date=yesterday)).status_code == 403
    assert not Activity.objects.exists()


def test_action_owners_are_people_never_role_accounts(client, agenda):
    people = set(action_owner_people(municipality=agenda.municipality))
    assert agenda.civil_servant in people and agenda.district_alderman in people
    assert agenda.moderator not in people and agenda.administrator not in people

    activity = visit_record(actor=None, municipality=agenda.municipality, kind=kind(agenda), title="Werkbezoek",
                            districts=[district(NIEUWELAND)], starts_at=_yesterday(10), ends_at=_yesterday(11),
                            place="Dorpsstraat")
    report = report_save(actor=None, activity=activity, attendance=2)
    url = f"/werkplek/activiteiten/{activity.pk}/verslag/"
    sign_in_verified(client, agenda.district_alderman)
    page = client.get(url).content.decode()
    select = page[page.index('name="owner_user"'):page.index("</select>", page.index('name="owner_user"'))]
    assert f'value="{agenda.civil_servant.pk}"' in select
    assert f'value="{agenda.moderator.pk}"' not in select and f'value="{agenda.administrator.pk}"' not in select

    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    forged = client.post(url, {"action": "action", "what": "Bankje plaatsen", "owner_user": agenda.administrator.pk,
                               "due_date": due})
    assert forged.status_code == 400 and not FollowUpAction.objects.exists()
    with pytest.raises(ValidationError) as refused:
        action_create(actor=None, report=report, what="Bankje plaatsen", due_date=timezone.localdate(),
                      owner_user=agenda.moderator)
    assert "owner_user" in refused.value.message_dict
    assert client.post(url, {"action": "action", "what": "Bankje plaatsen", "owner_department": "Buitenruimte",
                             "due_date": due}).status_code == 302
    assert FollowUpAction.objects.get().owner_department == "Buitenruimte"
