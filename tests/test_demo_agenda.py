"""The Barendrecht demo's agenda: a year of examples that told nobody, loaded once, never touching staff work.
(Here, above the demo, since the agenda's own tests do not import the demo.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wijkgericht.agenda.models import (
    Activity,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    Registration,
)
from wijkgericht.agenda.services.district_agenda import agenda_item_save
from wijkgericht.agenda.services.follow_up import actions_remind_overdue
from wijkgericht.districts.models import District
from wijkgericht.notifications.models import Notification

pytestmark = pytest.mark.django_db

NIEUWELAND = "WK048909"


def district(code: str) -> District:
    return District.objects.get(code=code)


def test_the_demo_agenda_is_a_year_of_examples_that_told_nobody(barendrecht):
    from wijkgericht.agenda.models import PartnerContact, VisitReport

    now = timezone.now()
    activities = Activity.objects.filter(municipality=barendrecht)
    assert activities.exists() and not activities.filter(is_example=False).exists()
    assert activities.filter(starts_at__lt=now - dt.timedelta(days=200)).exists()
    assert activities.filter(starts_at__gt=now + dt.timedelta(days=60)).exists()
    assert activities.filter(status="cancelled").count() == 1
    assert activities.filter(is_public=False).exists()
    assert Registration.objects.filter(activity__in=activities, user__email="inwoner@demo.invalid").exists()
    for model in (Partner, MeetingRequest):
        assert model.objects.exists() and not model.objects.filter(is_example=False).exists()
    assert AgendaItem.objects.exists() and not AgendaItem.objects.filter(is_example=False).exists()
    assert AgendaItem.objects.filter(district__code=NIEUWELAND, source="visit", source_report__isnull=False).exists()
    assert all(c.email.endswith(".invalid") for c in PartnerContact.objects.all())
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == {"open", "planned", "declined"}
    assert not VisitReport.objects.filter(activity__starts_at__gt=now).exists()

    actions = FollowUpAction.objects.all()
    assert actions.filter(status="done").exists()
    assert actions.filter(status="open", due_date__lt=timezone.localdate()).exists()
    assert actions.filter(owner_user__email="wijkregisseur@demo.invalid").exists()
    assert actions.exclude(owner_department="").exists() and actions.filter(owner_partner__isnull=False).exists()

    assert not Notification.objects.exists()
    assert actions_remind_overdue() == 0  # the overdue examples remind nobody


def test_the_demo_agenda_loads_once_and_never_touches_staff_work(barendrecht):
    from wijkgericht.demo.services import barendrecht_demo_load

    counts = [m.objects.count() for m in (Partner, Activity, MeetingRequest, AgendaItem, FollowUpAction)]
    barendrecht_demo_load()
    assert [m.objects.count() for m in (Partner, Activity, MeetingRequest, AgendaItem, FollowUpAction)] == counts

    for model in (Activity, MeetingRequest, Partner):
        model.objects.filter(is_example=True).delete()
    AgendaItem.objects.all().delete()
    own = agenda_item_save(actor=None, district=district(NIEUWELAND), title="Eigen prioriteit",
                           source="other")
    barendrecht_demo_load()
    assert list(AgendaItem.objects.all()) == [own]
    assert not Activity.objects.exists() and not Partner.objects.exists()
