"""Getting to know the district through its services: RSVP with a waiting list, changes and cancellations told to
whom they concern, residents' requests, visit reports with topics and follow-up actions, overdue reminders, the
district agenda and the planning overview — on the Barendrecht demo (Proos: Nieuweland and Molenvliet)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wijkgericht.accounts.models import StaffRole
from wijkgericht.agenda import selectors, tasks
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    FollowUpAction,
    Registration,
)
from wijkgericht.agenda.services.activities import activity_cancel, activity_create, activity_update
from wijkgericht.agenda.services.district_agenda import agenda_item_save, agenda_reorder
from wijkgericht.agenda.services.follow_up import action_create, action_done, actions_remind_overdue
from wijkgericht.agenda.services.meeting_requests import (
    request_decline,
    request_plan,
    request_support,
)
from wijkgericht.agenda.services.partners import partner_save
from wijkgericht.agenda.services.reports import report_save, topic_add, topic_promote
from wijkgericht.agenda.services.rsvp import rsvp_cancel, rsvp_register
from wijkgericht.agenda.testing import request_placed
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.audience import district_team_of
from wijkgericht.participation.testing import make_user


def civil_servant(agenda, email: str, district_code: str):
    """A civil servant of the municipality: who may own a follow-up action as a person (selectors.action_owner_people).
    Outside the visited district, so they hear only of their own actions, not as the district team."""
    user = make_user(email)
    StaffRole.objects.create(user=user, role=StaffRole.Role.CIVIL_SERVANT, municipality=agenda.municipality,
                             district=District.objects.get(code=district_code))
    return user

pytestmark = pytest.mark.django_db

NIEUWELAND, MOLENVLIET, CENTRUM = "WK048909", "WK048908", "WK048901"


def district(code: str) -> District:
    return District.objects.get(code=code)


def kind(roles, slug: str = "wijkoverleg") -> ActivityKind:
    return ActivityKind.objects.get(municipality=roles.municipality, slug=slug)


def activity(roles, *, days: float = 7, code: str = NIEUWELAND, capacity: int | None = None, actor=None,
             title: str = "Wijkoverleg Nieuweland", **extra) -> Activity:
    start = timezone.now() + dt.timedelta(days=days)
    return activity_create(
        actor=actor or roles.district_alderman, municipality=roles.municipality, kind=kind(roles), title=title,
        districts=[district(code)], starts_at=start, ends_at=start + dt.timedelta(hours=2),
        place="Wijkcentrum Het Kruispunt", capacity=capacity, allow_past=days < 0, **extra)  # past: history


def residents(n: int, prefix: str = "bewoner") -> list:
    return [make_user(f"{prefix}{i}@example.nl") for i in range(n)]


def nieuweland_team(roles) -> set:
    """Proos and the civil servants for Nieuweland (the test's and the demo's)."""
    return set(district_team_of(district_id=district(NIEUWELAND).pk, municipality_id=roles.municipality.pk))


def told(user, event: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event=event))


# --- RSVP -----------------------------------------------------------------------------------------------------

def test_confirmed_while_places_are_left_then_waiting_list_in_order(agenda):
    meeting = activity(agenda, capacity=2)
    people = residents(5)
    registrations = [rsvp_register(activity=meeting, user=u) for u in people]
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]
    assert [selectors.waitlist_position(r) for r in registrations] == [None, None, 1, 2, 3]
    assert selectors.places_left(meeting) == 0
    assert selectors.user_registration(meeting, people[3]) == registrations[3]


def test_registering_twice_returns_the_same_registration(agenda):
    meeting = activity(agenda, capacity=1)
    first = rsvp_register(activity=meeting, user=agenda.resident)
    again = rsvp_register(activity=meeting, user=agenda.resident)
    assert again.pk == first.pk and again.status == "confirmed"
    assert meeting.registrations.count() == 1


def test_cancelling_promotes_the_first_on_the_waiting_list_and_tells_them(agenda):
    meeting = activity(agenda, capacity=1)
    a, b, c = residents(3)
    mine = rsvp_register(activity=meeting, user=a)
    second = rsvp_register(activity=meeting, user=b)
    third = rsvp_register(activity=meeting, user=c)

    with pytest.raises(PermissionDenied):
        rsvp_cancel(registration=mine, user=b)
    rsvp_cancel(registration=mine, user=a)

    second.refresh_from_db(), third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")
    assert selectors.waitlist_position(third) == 1
    [note] = told(b, "activity.waitlist_promoted")
    assert note.params["title"] == meeting.title and note.url
    assert not told(c, "activity.waitlist_promoted") and not told(a, "activity.waitlist_promoted")

    # Cancelling again changes nothing; signing up again puts a at the back of the queue.
    assert rsvp_cancel(registration=mine, user=a).status == "cancelled"
    back = rsvp_register(activity=meeting, user=a)
    assert back.pk != mine.pk and back.status == "waitlisted" and selectors.waitlist_position(back) == 2


def test_more_places_via_activity_update_promote_the_waiting_list(agenda):
    meeting = activity(agenda, capacity=1)
    a, b, c, d = residents(4)
    for user in (a, b, c, d):
        rsvp_register(activity=meeting, user=user)
    sequence = Activity.objects.get(pk=meeting.pk).sequence

    updated = activity_update(actor=agenda.civil_servant, activity=meeting, capacity=3)

    statuses = dict(meeting.registrations.values_list("user__email", "status"))
    assert statuses == {a.email: "confirmed", b.email: "confirmed", c.email: "confirmed", d.email: "waitlisted"}
    assert told(b, "activity.waitlist_promoted") and told(c, "activity.waitlist_promoted")
    assert not told(d, "activity.waitlist_promoted")
    assert not Notification.objects.filter(event="activity.changed").exists()  # neither time nor place changed
    assert updated.sequence == sequence + 1


@pytest.mark.parametrize("how,error", [
    ("invitation_only", PermissionDenied),
    ("cancelled", ValidationError),
    ("past", ValidationError),
    ("no_capacity", ValidationError),
    ("registration_closed", ValidationError),
])
def test_registration_is_refused(agenda, how, error):
    meeting = activity(agenda, capacity=10, days=-1 if how == "past" else 7, is_public=how != "invitation_only")
    if how == "cancelled":
        activity_cancel(actor=None, activity=meeting, reason="De zaal is niet beschikbaar.")
    elif how == "no_capacity":
        activity_update(actor=None, activity=meeting, capacity=None)
    elif how == "registration_closed":
        activity_update(actor=None, activity=meeting, registration_open=False)
    with pytest.raises(error):
        rsvp_register(activity=meeting, user=agenda.resident)
    assert not meeting.registrations.exists()


def test_unverified_or_inactive_residents_are_refused(agenda):
    meeting = activity(agenda, capacity=10)
    unverified = make_user("nieuw@example.nl")
    unverified.email_verified_at = None
    unverified.save()
    inactive = make_user("weg@example.nl")
    inactive.is_active = False
    inactive.save()
    for user in (unverified, inactive):
        with pytest.raises(PermissionDenied):
            rsvp_register(activity=meeting, user=user)
    assert not meeting.registrations.exists()


# --- changes and cancellation ---------------------------------------------------------------------------------

def test_a_change_of_time_or_place_is_told_to_confirmed_registrants(agenda):
    meeting = activity(agenda, capacity=1)
    a, b = residents(2)
    rsvp_register(activity=meeting, user=a)
    rsvp_register(activity=meeting, user=b)  # waiting list

    activity_update(actor=agenda.district_alderman, activity=meeting, title="Wijkoverleg, nieuwe titel")
    assert not Notification.objects.filter(event="activity.changed").exists()

    later = meeting.starts_at + dt.timedelta(hours=1)
    updated = activity_update(actor=agenda.district_alderman, activity=meeting, place="De Stationstuin",
                              starts_at=later, ends_at=later + dt.timedelta(hours=2))
    [note] = told(a, "activity.changed")
    assert note.params["place"] == "De Stationstuin" and "plaats" in note.params["change"]
    assert "tijd" in note.params["change"]
    assert not told(b, "activity.changed")
    assert not told(agenda.district_alderman, "activity.changed")
    assert updated.sequence == 2 and updated.starts_at == later


def test_cancellation_tells_confirmed_and_waitlisted_and_raises_the_sequence(agenda):
    meeting = activity(agenda, capacity=1)
    a, b, c = residents(3)
    rsvp_register(activity=meeting, user=a)
    rsvp_register(activity=meeting, user=b)
    gone = rsvp_register(activity=meeting, user=c)
    rsvp_cancel(registration=gone, user=c)
    Notification.objects.all().delete()

    cancelled = activity_cancel(actor=agenda.civil_servant, activity=meeting, reason="Storm verwacht.")

    assert cancelled.status == "cancelled" and cancelled.sequence == 1
    assert {n.recipient for n in Notification.objects.filter(event="activity.cancelled")} == {a, b}
    assert told(a, "activity.cancelled")[0].params["reason"] == "Storm verwacht."
    assert activity_cancel(actor=None, activity=meeting, reason="nog eens").sequence == 1  # no-op
    with pytest.raises(ValidationError):
        activity_update(actor=None, activity=meeting, place="Elders")


def test_activity_fields_are_checked(agenda):
    start = timezone.now() + dt.timedelta(days=3)
    base = dict(actor=None, municipality=agenda.municipality, kind=kind(agenda), title="Spreekuur",
                districts=[district(NIEUWELAND)], starts_at=start, ends_at=start + dt.timedelta(hours=1),
                place="Raadhuis")
    for wrong in ({"districts": []}, {"ends_at": start}, {"capacity": 0}):
        with pytest.raises(ValidationError):
            activity_create(**{**base, **wrong})
    with pytest.raises(TypeError):
        activity_update(actor=None, activity=activity_create(**base), status="cancelled")


# --- residents' requests --------------------------------------------------------------------------------------

def test_request_support_once_then_planned_tells_the_supporters(agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND),
                             kind=kind(agenda, "fietstocht"), topic="Fietstocht langs de nieuwe speelplekken")
    told_team = {n.recipient for n in Notification.objects.filter(event="meeting_request.new")}
    assert told_team == nieuweland_team(agenda) >= {agenda.district_alderman, agenda.civil_servant}

    assert request_support(request=request, user=agenda.other_resident) is True
    assert request_support(request=request, user=agenda.other_resident) is False
    assert request_support(request=request, user=agenda.resident) is False  # the author already supports
    assert request.supports.count() == 2

    tour = activity(agenda, title="Fietstocht door Nieuweland", request=request)
    request.refresh_from_db(), tour.refresh_from_db()
    assert request.status == "planned" and tour.request == request
    for supporter in (agenda.resident, agenda.other_resident):
        [note] = told(supporter, "meeting_request.planned")
        assert note.params["title"] == "Fietstocht door Nieuweland"
    with pytest.raises(ValidationError):
        request_support(request=request, user=make_user("laat@example.nl"))


def test_a_request_is_planned_only_with_an_activity_in_its_district(agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND),
                             kind=kind(agenda), topic="Overleg over parkeren")
    elsewhere = activity(agenda, code=MOLENVLIET)
    with pytest.raises(ValidationError):
        request_plan(request=request, activity=elsewhere, actor=agenda.district_alderman)
    request.refresh_from_db()
    assert request.status == "open"


def test_declining_tells_the_supporters_with_the_response(agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND),
                             kind=kind(agenda, "spreekuur"), topic="Spreekuur op zaterdag")
    request_support(request=request, user=agenda.other_resident)

    request_decline(request=request, actor=agenda.civil_servant,
                    response="Het spreekuur blijft op woensdag; u bent daar welkom.")

    request.refresh_from_db()
    assert request.status == "declined"
    for supporter in (agenda.resident, agenda.other_resident):
        [note] = told(supporter, "meeting_request.declined")
        assert note.params["response"] == "Het spreekuur blijft op woensdag; u bent daar welkom."


def test_unverified_residents_cannot_ask_or_support(agenda):
    stranger = make_user("onbevestigd@example.nl")
    stranger.email_verified_at = None
    stranger.save()
    with pytest.raises(PermissionDenied):
        request_placed(author=stranger, district=district(NIEUWELAND), kind=kind(agenda), topic="Graag")
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND), kind=kind(agenda),
                             topic="Graag een avond over de jongeren")
    with pytest.raises(PermissionDenied):
        request_support(request=request, user=stranger)


# --- visit reports, topics, actions ---------------------------------------------------------------------------

def test_a_report_is_written_only_after_the_activity(agenda):
    upcoming = activity(agenda, days=2)
    with pytest.raises(ValidationError):
        report_save(actor=agenda.district_alderman, activity=upcoming, attendance=10)
    past = activity(agenda, days=-2)
    report = report_save(actor=agenda.district_alderman, activity=past, attendance=14,
                         impressions="Veel zorgen over verkeer bij de scholen.")
    again = report_save(actor=agenda.civil_servant, activity=past, attendance=16,
                        public_summary="Zestien bewoners spraken over verkeer.", summary_published=True)
    assert again.pk == report.pk and again.attendance == 16 and again.author == agenda.district_alderman
    with pytest.raises(ValidationError):  # publishing needs a summary
        report_save(actor=None, activity=past, attendance=16, summary_published=True)
    with pytest.raises(ValidationError):
        report_save(actor=None, activity=past, attendance=-1)


def test_topic_to_the_district_agenda_and_follow_up_action_to_done(agenda):
    past = activity(agenda, days=-3)
    report = report_save(actor=agenda.district_alderman, activity=past, attendance=20)
    topic = topic_add(actor=agenda.district_alderman, report=report, text="Te hard rijden op de Gaatsingel")

    with pytest.raises(ValidationError):  # not a district of this activity
        topic_promote(actor=None, topic=topic, district=district(CENTRUM))
    item = topic_promote(actor=agenda.civil_servant, topic=topic, district=district(NIEUWELAND))
    assert (item.source, item.source_report, item.district.code) == ("visit", report, NIEUWELAND)
    assert item.title == "Te hard rijden op de Gaatsingel" and not item.is_example
    topic.refresh_from_db()
    assert topic.agenda_item == item
    assert topic_promote(actor=None, topic=topic, district=district(NIEUWELAND)) == item  # once
    assert list(selectors.district_agenda(district=district(NIEUWELAND))) == [item]

    partner = partner_save(actor=None, municipality=agenda.municipality, name="Buurtvereniging De Gaatsingel",
                           kind="residents", districts=[district(NIEUWELAND)])
    owner = civil_servant(agenda, "verkeerskundige@example.nl", CENTRUM)
    for owners in ({}, {"owner_user": owner, "owner_department": "Verkeer"},
                   {"owner_department": "Verkeer", "owner_partner": partner}, {"owner_department": "   "},
                   {"owner_user": agenda.resident}, {"owner_user": agenda.moderator}):  # a person, not a role account
        with pytest.raises(ValidationError):
            action_create(actor=agenda.district_alderman, report=report, what="Snelheidsmeting",
                          due_date=timezone.localdate() + dt.timedelta(days=30), **owners)
    action = action_create(actor=agenda.district_alderman, report=report, what="Snelheidsmeting houden",
                           due_date=timezone.localdate() + dt.timedelta(days=30), owner_user=owner)
    assert told(owner, "action.assigned")[0].params["what"] == "Snelheidsmeting houden"

    with pytest.raises(PermissionDenied):  # neither its owner nor on the district team
        action_done(actor=agenda.other_resident, action=action)
    done = action_done(actor=owner, action=action, note="Gemeten: 20% rijdt te hard.")
    assert (done.status, done.done_by, done.done_note) == ("done", owner, "Gemeten: 20% rijdt te hard.")
    assert done.done_at is not None
    assert action_done(actor=None, action=action).done_by == owner  # done once
    assert not selectors.open_actions(district_ids=None).filter(pk=action.pk).exists()


# --- overdue reminders ----------------------------------------------------------------------------------------

@pytest.fixture
def overdue(agenda):
    """A visit to Nieuweland hosted and written up by Cees Schaap (alderman of other districts), with actions owned by
    a person, a department and a partner that are overdue, one overdue but done, one not yet due."""
    schaap = Alderman.objects.get(slug="cees-schaap")
    past = activity(agenda, days=-40, hosts=[schaap], title="Werkbezoek sporthal")
    report = report_save(actor=agenda.portfolio_holder, activity=past, attendance=8)
    partner = partner_save(actor=None, municipality=agenda.municipality, name="Sportvereniging Nieuweland",
                           kind="sports_club", districts=[district(NIEUWELAND)])
    owner = civil_servant(agenda, "sportconsulent@example.nl", CENTRUM)
    today = timezone.localdate()
    late, soon = today - dt.timedelta(days=5), today + dt.timedelta(days=5)

    def make(what, due, **owner_kind):
        return action_create(actor=None, report=report, what=what, due_date=due, **owner_kind)

    actions = {
        "user": make("Offerte nieuwe doelen", late, owner_user=owner),
        "department": make("Verlichting sportveld nakijken", late, owner_department="Beheer openbare ruimte"),
        "partner": make("Rooster zaalverhuur delen", late, owner_partner=partner),
        "done": make("Kleedkamers schoonmaken", late, owner_user=owner),
        "not_due": make("Jeugdtoernooi plannen", soon, owner_user=owner),
    }
    action_done(actor=None, action=actions["done"])
    Notification.objects.all().delete()
    return agenda, owner, actions


def reminded(what: str) -> set:
    return {n.recipient for n in Notification.objects.filter(event="action.overdue", params__what=what)}


def test_overdue_actions_remind_their_owner_or_the_author_and_district_team(overdue):
    roles, owner, actions = overdue
    assert actions_remind_overdue() == 3
    assert reminded("Offerte nieuwe doelen") == {owner}
    team_and_author = {roles.portfolio_holder} | nieuweland_team(roles)
    assert {roles.district_alderman, roles.civil_servant} <= team_and_author
    assert reminded("Verlichting sportveld nakijken") == team_and_author
    assert reminded("Rooster zaalverhuur delen") == team_and_author
    assert not reminded("Kleedkamers schoonmaken") and not reminded("Jeugdtoernooi plannen")
    assert FollowUpAction.objects.filter(last_reminded_at__isnull=False).count() == 3


@override_settings(WIJKGERICHT_ACTION_REMINDER_DAYS=3)
def test_an_overdue_action_is_reminded_at_most_once_per_interval(overdue):
    roles, owner, actions = overdue
    assert actions_remind_overdue() == 3
    assert actions_remind_overdue() == 0
    assert Notification.objects.filter(event="action.overdue", recipient=owner).count() == 1

    FollowUpAction.objects.filter(pk=actions["user"].pk).update(
        last_reminded_at=timezone.now() - dt.timedelta(days=2))
    assert actions_remind_overdue() == 0
    FollowUpAction.objects.filter(pk=actions["user"].pk).update(
        last_reminded_at=timezone.now() - dt.timedelta(days=3, minutes=1))
    assert actions_remind_overdue() == 1
    assert Notification.objects.filter(event="action.overdue", recipient=owner).count() == 2


def test_the_management_command_and_the_celery_task_send_the_reminders(overdue):
    out = StringIO()
    call_command("remind_actions", stdout=out)
    assert "3" in out.getvalue()
    assert Notification.objects.filter(event="action.overdue").exists()
    FollowUpAction.objects.update(last_reminded_at=None)
    assert tasks.remind_overdue_actions.apply().get() == 3


# --- the district agenda --------------------------------------------------------------------------------------

def test_agenda_reorder_needs_every_item_of_the_district(agenda):
    nieuweland = district(NIEUWELAND)
    items = [agenda_item_save(actor=agenda.civil_servant, district=nieuweland, title=title, source=source)
             for title, source in (("Verkeer rond de scholen", "residents"), ("Jongeren een plek", "visit"),
                                   ("Meer groen", "partner"))]
    assert [i.position for i in items] == [1, 2, 3]
    elsewhere = agenda_item_save(actor=None, district=district(MOLENVLIET), title="Elders", source="other")

    for wrong in ([items[2].pk, items[0].pk], [i.pk for i in items] + [elsewhere.pk], []):
        with pytest.raises(ValidationError):
            agenda_reorder(actor=agenda.district_alderman, district=nieuweland, ordered_ids=wrong)
    assert list(selectors.district_agenda(district=nieuweland)) == items

    agenda_reorder(actor=agenda.district_alderman, district=nieuweland,
                   ordered_ids=[items[2].pk, items[0].pk, items[1].pk])
    assert list(selectors.district_agenda(district=nieuweland)) == [items[2], items[0], items[1]]

    done = agenda_item_save(actor=None, district=nieuweland, agenda_item=items[0], title=items[0].title,
                            source="residents", status="done")
    assert done not in selectors.district_agenda(district=nieuweland)
    with pytest.raises(ValidationError):  # an item keeps its district
        agenda_item_save(actor=None, district=district(MOLENVLIET), agenda_item=items[1], title="x",
                         source="other")


# --- planning -------------------------------------------------------------------------------------------------

def _planning_by_code(roles) -> dict[str, selectors.DistrictPlanning]:
    return {row.district.code: row for row in selectors.planning(district_ids=None, municipality=roles.municipality)}


def test_planning_ranks_requests_by_support_and_reports_the_last_visit(agenda):
    nieuweland = district(NIEUWELAND)
    few = request_placed(author=agenda.resident, district=nieuweland, kind=kind(agenda), topic="Weinig steun")
    many = request_placed(author=agenda.resident, district=nieuweland, kind=kind(agenda), topic="Veel steun")
    for supporter in residents(3, "steun"):
        request_support(request=many, user=supporter)
    visited = activity(agenda, days=-10)
    activity_cancel(actor=None, activity=activity(agenda, days=-3), reason="Ziek")  # no visit after all
    upcoming = activity(agenda, days=12)

    row = _planning_by_code(agenda)[NIEUWELAND]
    assert [r.topic for r in row.requests] == [many.topic, few.topic]
    assert [r.support_count for r in row.requests] == [4, 1]
    assert row.support_total == 5
    assert row.last_visit == visited.starts_at and row.days_since_visit == 10
    assert row.upcoming == [upcoming]
    assert not row.stale
    only = selectors.planning(district_ids={nieuweland.pk}, municipality=agenda.municipality)
    assert [r.district for r in only] == [nieuweland]


def test_planning_flags_never_visited_and_stale_districts_first(agenda, settings):
    settings.WIJKGERICHT_VISIT_STALE_DAYS = 90
    activity(agenda, days=-100, code=MOLENVLIET)
    activity(agenda, days=-5, code=NIEUWELAND)
    rows = _planning_by_code(agenda)
    assert rows[CENTRUM].last_visit is None and rows[CENTRUM].days_since_visit is None and rows[CENTRUM].stale
    assert rows[MOLENVLIET].stale and rows[MOLENVLIET].days_since_visit in (99, 100)
    assert not rows[NIEUWELAND].stale
    ordered = [r.district.code for r in selectors.planning(district_ids=None, municipality=agenda.municipality)]
    assert ordered[-1] == NIEUWELAND  # the only district visited recently comes last

    settings.WIJKGERICHT_VISIT_STALE_DAYS = 120
    assert not _planning_by_code(agenda)[MOLENVLIET].stale


# --- example data ---------------------------------------------------------------------------------------------

def test_example_data_never_notifies(agenda):
    """The demo loader works through the services with actor=None; nothing it makes may tell anyone anything."""
    a, b = residents(2)
    nieuweland = district(NIEUWELAND)
    request = request_placed(author=a, district=nieuweland, kind=kind(agenda), topic="Voorbeeldverzoek",
                             is_example=True)
    request_support(request=request, user=b)
    meeting = activity(agenda, actor=None, capacity=1, is_example=True, request=request)
    rsvp_register(activity=meeting, user=a)
    waiting = rsvp_register(activity=meeting, user=b)
    rsvp_cancel(registration=Registration.objects.get(activity=meeting, user=a), user=a)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # promoted, silently
    activity_update(actor=None, activity=meeting, place="Elders", capacity=2)
    activity_cancel(actor=None, activity=meeting, reason="Voorbeeld")
    declined = request_placed(author=a, district=nieuweland, kind=kind(agenda), topic="Voorbeeld 2",
                              is_example=True)
    request_decline(request=declined, actor=None, response="Voorbeeldantwoord")

    past = activity(agenda, actor=None, days=-30, is_example=True)
    report = report_save(actor=None, activity=past, attendance=12)
    topic = topic_add(actor=None, report=report, text="Voorbeeldonderwerp")
    assert topic_promote(actor=None, topic=topic, district=nieuweland).is_example
    action_create(actor=None, report=report, what="Voorbeeldactie", owner_user=agenda.civil_servant,
                  due_date=timezone.localdate() - dt.timedelta(days=10))
    action_create(actor=None, report=report, what="Voorbeeldactie afdeling", owner_department="Wijkzaken",
                  due_date=timezone.localdate() - dt.timedelta(days=10))
    assert actions_remind_overdue() == 0

    assert not Notification.objects.exists()


# --- review findings ------------------------------------------------------------------------------------------

def test_nobody_is_promoted_into_a_cancelled_activity(agenda):
    event = activity(agenda, capacity=1)
    first, second = residents(2, "afgelast")
    mine = rsvp_register(activity=event, user=first)
    waiting = rsvp_register(activity=event, user=second)
    activity_cancel(actor=agenda.district_alderman, activity=event, reason="Zaal niet beschikbaar")
    rsvp_cancel(registration=mine, user=first)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED and not told(second, "activity.waitlist_promoted")


def test_a_request_is_planned_or_declined_once(agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND), kind=kind(agenda),
                             topic="Fietstocht langs de scholen")
    request_plan(request=request, activity=activity(agenda), actor=agenda.civil_servant)
    with pytest.raises(ValidationError):
        request_decline(request=request, actor=agenda.civil_servant, response="Toch niet")
    with pytest.raises(ValidationError):
        request_plan(request=request, activity=activity(agenda), actor=agenda.civil_servant)


def test_a_topic_links_only_an_item_the_reporter_may_see(agenda):
    from wijkgericht.participation import workflow
    from wijkgericht.participation.services import item_transition
    from wijkgericht.participation.testing import submit

    hidden = item_transition(item=submit(agenda, neighbourhood="BU04890101", theme="verkeer"), actor=None,
                             target=workflow.REJECTED, reason="Persoonlijke gegevens")
    past = activity(agenda, days=-2)
    report = report_save(actor=agenda.civil_servant, activity=past, attendance=5)
    with pytest.raises(ValidationError):
        topic_add(actor=agenda.civil_servant, report=report, text="Verkeer", item=hidden)
    public = item_transition(item=submit(agenda), actor=None, target=workflow.PUBLISHED)
    assert topic_add(actor=agenda.civil_servant, report=report, text="Kooi", item=public).item == public


def test_deleting_an_account_gives_its_place_to_the_waiting_list(agenda):
    from wijkgericht.accounts.services import account_delete, export_user_data

    event = activity(agenda, capacity=1)
    leaving, waiting = residents(2, "vertrek")
    rsvp_register(activity=event, user=leaving)
    second = rsvp_register(activity=event, user=waiting)
    request = request_placed(author=leaving, district=district(NIEUWELAND), kind=kind(agenda),
                             topic="Spreekuur", place="Dorpsstraat 12")
    data = export_user_data(leaving)
    assert [r["activity_id"] for r in data["activity_registrations"]] == [event.pk]
    assert data["meeting_requests"][0]["place"] == "Dorpsstraat 12"
    account_delete(leaving)
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED and told(waiting, "activity.waitlist_promoted")
    request.refresh_from_db()
    assert request.place == "" and request.topic == "Spreekuur" and request.author is None
