"""Activities (issue #14): a past activity says it took place (no places left, no sign-up, no calendar file), links
its published report, and the report lists the agreed follow-up actions and their state; an upcoming one still
offers places, sign-up and the calendar file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from wijkgericht.agenda.models import ActivityKind, Partner
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.follow_up import action_create, action_done
from wijkgericht.agenda.services.reports import report_save
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


def test_an_upcoming_activity_offers_places_sign_up_and_calendar(client, agenda):
    activity = _activity(agenda, days=5)
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "nog 30 van 30 plaatsen vrij" in page and "Log in om u aan te melden" in page
    assert f"/activiteiten/{activity.pk}/agenda.ics" in page
    assert "vond plaats" not in page



def test_a_past_activity_says_it_took_place_and_shows_its_report_with_the_actions(client, agenda):
    activity = _activity(agenda, days=-30)
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "Deze activiteit vond plaats op" in page and "Het verslag staat hier zodra het klaar is." in page
    assert "plaatsen vrij" not in page and "Aanmelden" not in page and "agenda.ics" not in page
    partner = Partner.objects.create(municipality=agenda.municipality, name="Woonstichting Barendrecht",
                                     kind="housing")
    report = report_save(actor=None, activity=activity, attendance=20, impressions="Intern: wie zat waar.",
                         public_summary="Bewoners willen meer licht in het park.", summary_published=True)
    today = timezone.localdate()
    action_create(actor=None, report=report, what="Lantaarnpalen bijplaatsen", due_date=today + dt.timedelta(days=30),
                  owner_department="Openbare ruimte")
    late = action_create(actor=None, report=report, what="Bosjes snoeien", due_date=today - dt.timedelta(days=3),
                         owner_partner=partner)
    done = action_create(actor=None, report=report, what="Bewoners informeren", due_date=today,
                         owner_user=agenda.civil_servant)
    action_done(actor=None, action=done)
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert 'href="#verslag"' in page and "Lees het verslag" in page
    assert "Bewoners willen meer licht in het park." in page and "Intern" not in page
    assert "Lantaarnpalen bijplaatsen" in page and "Wie: Openbare ruimte" in page and "Nog bezig; klaar op" in page
    assert "Bosjes snoeien" in page and "Wie: Woonstichting Barendrecht" in page and "Nog niet klaar" in page
    assert "Bewoners informeren" in page and "Wie: Barendrecht" in page and "Gedaan" in page
    assert agenda.civil_servant.pseudonym not in page  # no civil servant by name
    assert late.what in client.get(f"/en/activiteiten/{activity.pk}/").content.decode()
    # Not published: no summary and no actions.
    report.summary_published = False
    report.save()
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "Lantaarnpalen bijplaatsen" not in page and "Lees het verslag" not in page
    # In the list of past activities it says so too.
    assert "Vond plaats" in client.get("/activiteiten/", {"voorbij": "1"}).content.decode()



def test_a_cancelled_past_activity_does_not_say_it_took_place(client, agenda):
    from wijkgericht.agenda.services.activities import activity_cancel

    activity = activity_cancel(actor=None, activity=_activity(agenda, days=5), reason="Zaal niet beschikbaar.")
    activity.__class__.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=3, hours=-2))
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "Gaat niet door." in page and "vond plaats" not in page and "agenda.ics" not in page


def test_an_activity_under_way_says_so_and_offers_no_places_or_sign_up(client, agenda):
    activity = _activity(agenda, days=0)
    Activity = activity.__class__
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(starts_at=now - dt.timedelta(minutes=30),
                                                   ends_at=now + dt.timedelta(minutes=90))
    page = client.get(f"/activiteiten/{activity.pk}/").content.decode()
    assert "Deze activiteit is nu bezig." in page and "vond plaats" not in page
    assert "plaatsen vrij" not in page and "Log in om u aan te melden" not in page and "agenda.ics" not in page
