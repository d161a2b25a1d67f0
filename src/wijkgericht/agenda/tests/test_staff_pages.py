"""The agenda's staff pages through HTTP: the planning view, activities planned from residents' requests, changes
and cancellations told to whom they concern, the visit report → district agenda → follow-up action → done flow,
overdue actions, the district agenda's order, and partners' contact persons (staff only, every look logged) — with
forged POSTs refused and residents kept out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wijkgericht.accounts.models import PersonalDataAccess
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    PartnerContact,
    Registration,
    ReportTopic,
    VisitReport,
)
from wijkgericht.agenda.services.activities import activity_create
from wijkgericht.agenda.services.follow_up import action_create
from wijkgericht.agenda.services.meeting_requests import request_support
from wijkgericht.agenda.services.partners import partner_save
from wijkgericht.agenda.services.reports import report_save
from wijkgericht.agenda.services.rsvp import rsvp_register
from wijkgericht.agenda.testing import request_placed
from wijkgericht.districts.models import District
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.testing import make_user, submit

pytestmark = pytest.mark.django_db

NIEUWELAND, MOLENVLIET, CENTRUM = "WK048909", "WK048908", "WK048901"
PLANNING, ACTIONS, PARTNERS = "/werkplek/planning/", "/werkplek/acties/", "/werkplek/partners/"
NEW_ACTIVITY = "/werkplek/activiteiten/nieuw/"


def district(code: str) -> District:
    return District.objects.get(code=code)


def kind(roles, slug: str = "wijkoverleg") -> ActivityKind:
    return ActivityKind.objects.get(municipality=roles.municipality, slug=slug)


def make_activity(roles, *, days: int = 7, code: str = NIEUWELAND, capacity: int | None = None,
                  title: str = "Wijkoverleg Nieuweland", by_system: bool = False) -> Activity:
    # 10:00:17 Dutch time: a fixed hour keeps time edits on one day, the seconds (which the form cannot show)
    # prove that saving an unchanged form tells nobody.
    day = timezone.localdate() + dt.timedelta(days=days)
    start = dt.datetime.combine(day, dt.time(10, 0, 17), tzinfo=timezone.get_current_timezone())
    return activity_create(
        actor=None if by_system else roles.district_alderman, municipality=roles.municipality, kind=kind(roles),
        title=title, districts=[district(code)], starts_at=start, ends_at=start + dt.timedelta(hours=2),
        place="Wijkcentrum Het Kruispunt", capacity=capacity, allow_past=days < 0)  # past ones: history


def form_data(roles, **extra) -> dict:
    """A filled-in activity form (Dutch local date and times, as the inputs send them)."""
    day = timezone.localdate() + dt.timedelta(days=14)
    data = {"kind": kind(roles).pk, "title": "Koffie met de wijkwethouder", "description": "",
            "districts": [district(NIEUWELAND).pk], "date": day.isoformat(), "start": "19:30", "end": "21:00",
            "place": "Wijkcentrum Het Kruispunt", "lat": "", "lon": "", "is_public": "public", "capacity": ""}
    data.update(extra)
    return data


def told(user, event: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event=event))


# --- planning -------------------------------------------------------------------------------------------------

def test_planning_ranks_requests_by_support_and_flags_a_district_never_visited(client, agenda):
    nieuweland = district(NIEUWELAND)
    few = request_placed(author=agenda.resident, district=nieuweland, kind=kind(agenda),
                         topic="Fietstocht langs de speelplekken")
    many = request_placed(author=agenda.other_resident, district=nieuweland, kind=kind(agenda, "spreekuur"),
                          topic="Spreekuur in de bibliotheek", place="Bibliotheek")
    for n in range(3):
        request_support(request=many, user=make_user(f"steun{n}@example.nl"))
    # Molenvliet was visited last week (not stale); Nieuweland never.
    make_activity(agenda, days=-7, code=MOLENVLIET, title="Wijkoverleg Molenvliet")
    sign_in_verified(client, agenda.district_alderman)
    response = client.get(PLANNING)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nieuweland" in page and "Molenvliet" in page
    assert "Centrum" not in page.split("<main", 1)[1]  # not Proos's district
    here, there = f'id="wijk-{nieuweland.pk}"', f'id="wijk-{district(MOLENVLIET).pk}"'
    section = page.split(here, 1)[1].split("</section>", 1)[0]
    assert section.index(many.topic) < section.index(few.topic)  # most support first
    assert "Nog nooit bezocht" in section and "Let op: langer dan" in section  # told in words
    assert f"?verzoek={many.pk}" in section and "Niet inplannen" in section
    molenvliet = page.split(there, 1)[1].split("</section>", 1)[0]
    assert "Laatste bezoek" in molenvliet and "Let op" not in molenvliet
    assert page.index(here) < page.index(there)  # the stale district first


def test_planning_for_an_administrator_shows_every_district_and_refuses_residents(client, agenda):
    sign_in_verified(client, agenda.administrator)
    page = client.get(PLANNING).content.decode()
    assert all(d.name in page for d in District.objects.filter(municipality=agenda.municipality))
    client.force_login(agenda.resident)
    assert client.get(PLANNING).status_code == 403
    client.logout()
    assert client.get(PLANNING).status_code == 302


def test_a_request_planned_from_the_planning_view_links_both_and_tells_the_supporters(client, agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND), kind=kind(agenda),
                             topic="Praten over de speeltuin", place="Speeltuin De Tol")
    supporter = make_user("supporter@example.nl")
    request_support(request=request, user=supporter)
    sign_in_verified(client, agenda.district_alderman)
    form = client.get(f"{NEW_ACTIVITY}?verzoek={request.pk}").content.decode()
    assert 'value="Praten over de speeltuin"' in form and 'value="Speeltuin De Tol"' in form
    assert re.search(rf'name="districts" value="{district(NIEUWELAND).pk}"[^>]*checked', form)
    response = client.post(f"{NEW_ACTIVITY}?verzoek={request.pk}",
                           form_data(agenda, title="Praten over de speeltuin", place="Speeltuin De Tol"))
    activity = Activity.objects.get(title="Praten over de speeltuin")
    assert response.status_code == 302 and response["Location"].endswith(f"/werkplek/activiteiten/{activity.pk}/")
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.PLANNED and activity.request_id == request.pk
    assert len(told(supporter, "meeting_request.planned")) == 1 and told(agenda.resident, "meeting_request.planned")
    local = timezone.localtime(activity.starts_at)
    assert (local.hour, local.minute, str(local.tzinfo)) == (19, 30, "Europe/Amsterdam")
    # Now upcoming on the planning view, and the request no longer waits there.
    page = client.get(PLANNING).content.decode()
    assert f"/werkplek/activiteiten/{activity.pk}/" in page and f"?verzoek={request.pk}" not in page


def test_declining_a_request_needs_a_response_and_tells_the_supporters(client, agenda):
    request = request_placed(author=agenda.resident, district=district(NIEUWELAND), kind=kind(agenda),
                             topic="Barbecue in het park")
    sign_in_verified(client, agenda.civil_servant)
    assert client.post(PLANNING, {"request": request.pk, "response": ""}).status_code == 400
    response = client.post(PLANNING, {"request": request.pk, "response": "Dat doet de wijkvereniging al in juni."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.DECLINED
    assert told(agenda.resident, "meeting_request.declined")


# --- activities -----------------------------------------------------------------------------------------------

def test_the_district_alderman_plans_an_activity_in_nieuweland(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    form = client.get(NEW_ACTIVITY).content.decode()
    offered = {d.name for d in District.objects.filter(municipality=agenda.municipality) if
               f'name="districts" value="{d.pk}"' in form}
    assert {"Nieuweland", "Molenvliet"} <= offered and "Centrum" not in offered
    response = client.post(NEW_ACTIVITY, form_data(agenda, capacity="20", lat="51.85", lon="4.54"))
    assert response.status_code == 302
    activity = Activity.objects.get(title="Koffie met de wijkwethouder")
    assert list(activity.districts.values_list("code", flat=True)) == [NIEUWELAND]
    assert activity.capacity == 20 and activity.is_public and activity.created_by == agenda.district_alderman


def test_end_before_start_is_shown_on_the_form(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    response = client.post(NEW_ACTIVITY, form_data(agenda, start="21:00", end="19:00"))
    assert response.status_code == 400 and "De eindtijd moet na de begintijd liggen" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_forged_post_for_a_district_outside_the_scope_is_refused(client, agenda):
    centrum = district(CENTRUM)
    sign_in_verified(client, agenda.civil_servant)  # civil servant for Nieuweland only
    assert f'name="districts" value="{centrum.pk}"' not in client.get(NEW_ACTIVITY).content.decode()
    response = client.post(NEW_ACTIVITY, form_data(agenda, districts=[centrum.pk]))
    assert response.status_code == 400
    assert not Activity.objects.exists()
    # And behind the form, the service refuses the same thing on its own.
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(PermissionDenied):
        activity_create(actor=agenda.civil_servant, municipality=agenda.municipality, kind=kind(agenda),
                        title="Vergadering", districts=[centrum], starts_at=start,
                        ends_at=start + dt.timedelta(hours=1), place="Raadhuis")
    # An activity in another district is not even shown to them.
    other = make_activity(agenda, code=CENTRUM, title="Elders", by_system=True)
    assert client.get(f"/werkplek/activiteiten/{other.pk}/").status_code == 404
    assert client.post(f"/werkplek/activiteiten/{other.pk}/", {"action": "cancel", "reason": "Weg"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Activity.Status.PLANNED


def test_residents_get_403_on_every_staff_page(client, agenda):
    activity = make_activity(agenda)
    client.force_login(agenda.resident)
    for url in (PLANNING, NEW_ACTIVITY, f"/werkplek/activiteiten/{activity.pk}/",
                f"/werkplek/activiteiten/{activity.pk}/verslag/", ACTIONS, "/werkplek/wijkagenda/nieuweland/",
                PARTNERS, "/werkplek/partners/nieuw/"):
        assert client.get(url).status_code == 403, url
    assert client.post(NEW_ACTIVITY, form_data(agenda)).status_code == 403
    assert Activity.objects.count() == 1


def test_changing_the_time_tells_registered_residents(client, agenda):
    activity = make_activity(agenda, capacity=10)
    rsvp_register(activity=activity, user=agenda.resident)
    url = f"/werkplek/activiteiten/{activity.pk}/"
    sign_in_verified(client, agenda.district_alderman)
    page = client.get(url).content.decode()
    assert agenda.resident.pseudonym in page and agenda.resident.email not in page  # pseudonyms only
    local = timezone.localtime(activity.starts_at)
    unchanged = form_data(agenda, title=activity.title, date=local.date().isoformat(),
                          start=local.strftime("%H:%M"), end=timezone.localtime(activity.ends_at).strftime("%H:%M"),
                          capacity="10", registration_open="on", action="update")
    assert client.post(url, unchanged).status_code == 302
    assert not told(agenda.resident, "activity.changed")  # saving without a change tells nobody
    later = (local + dt.timedelta(hours=1)).strftime("%H:%M")
    response = client.post(url, {**unchanged, "start": later, "end": "23:30"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert timezone.localtime(activity.starts_at).strftime("%H:%M") == later
    assert len(told(agenda.resident, "activity.changed")) == 1


def test_cancelling_with_a_reason_tells_registered_residents(client, agenda):
    activity = make_activity(agenda, capacity=1)
    rsvp_register(activity=activity, user=agenda.resident)
    rsvp_register(activity=activity, user=agenda.other_resident)  # waiting list
    url = f"/werkplek/activiteiten/{activity.pk}/"
    sign_in_verified(client, agenda.civil_servant)
    page = client.get(url).content.decode()
    assert "Wachtlijst" in page and agenda.other_resident.pseudonym in page
    assert client.post(url, {"action": "cancel", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "cancel", "reason": "De zaal is niet beschikbaar."}).status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert told(agenda.resident, "activity.cancelled") and told(agenda.other_resident, "activity.cancelled")
    assert "De zaal is niet beschikbaar." in client.get(url).content.decode()


# --- report → agenda → action → done ----------------------------------------------------------------------

def test_visit_report_topic_agenda_action_done(client, agenda):
    future = make_activity(agenda, days=3)
    sign_in_verified(client, agenda.district_alderman)
    future_page = client.get(f"/werkplek/activiteiten/{future.pk}/verslag/").content.decode()
    assert "Een verslag schrijft u na de activiteit" in future_page
    assert client.post(f"/werkplek/activiteiten/{future.pk}/verslag/",
                       {"action": "report", "attendance": "3"}).status_code == 403
    assert not VisitReport.objects.exists()

    activity = make_activity(agenda, days=-1, title="Fietstocht Nieuweland")
    url = f"/werkplek/activiteiten/{activity.pk}/verslag/"
    assert f"/werkplek/activiteiten/{activity.pk}/verslag/" in client.get(
        f"/werkplek/activiteiten/{activity.pk}/").content.decode()
    police = partner_save(actor=None, municipality=agenda.municipality, name="Wijkagent Nieuweland",
                          kind="police", districts=[district(NIEUWELAND)])
    response = client.post(url, {"action": "report", "attendance": "24", "partners_present": [police.pk],
                                 "impressions": "Veel zorgen over hardrijders.",
                                 "public_summary": "We fietsten met 24 bewoners.", "summary_published": "on"})
    assert response.status_code == 302
    report = VisitReport.objects.get(activity=activity)
    assert report.attendance == 24 and report.summary_published and list(report.partners_present.all()) == [police]

    item = submit(agenda, title="Drempels in de Dorpsstraat")
    assert client.post(url, {"action": "topic", "text": "Hardrijders", "item_number": "999999"}).status_code == 400
    assert client.post(url, {"action": "topic", "text": "Hardrijders op de Dorpsstraat",
                             "item_number": str(item.pk)}).status_code == 302
    topic = ReportTopic.objects.get(report=report)
    assert topic.item == item
    assert client.post(url, {"action": "promote", "topic": topic.pk,
                             "district": district(NIEUWELAND).pk}).status_code == 302
    topic.refresh_from_db()
    assert topic.agenda_item.title == "Hardrijders op de Dorpsstraat"
    assert topic.agenda_item.source == AgendaItem.Source.VISIT and topic.agenda_item.district.code == NIEUWELAND
    assert "Staat op de wijkagenda van Nieuweland" in client.get(url).content.decode()

    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    both = {"action": "action", "what": "Snelheid meten", "owner_user": agenda.civil_servant.pk,
            "owner_department": "Verkeer", "due_date": due}
    assert client.post(url, both).status_code == 400  # one owner only
    assert client.post(url, {**both, "owner_department": ""}).status_code == 302
    action = FollowUpAction.objects.get(report=report)
    assert action.owner_user == agenda.civil_servant
    assert told(agenda.civil_servant, "action.assigned")

    sign_in_verified(client, agenda.civil_servant)  # the owner marks it done
    assert "Snelheid meten" in client.get(ACTIONS).content.decode()
    assert client.post(ACTIONS, {"follow_up": action.pk, "note": "Meting staat gepland."}).status_code == 302
    action.refresh_from_db()
    assert action.status == FollowUpAction.Status.DONE and action.done_by == agenda.civil_servant
    assert "Snelheid meten" not in client.get(ACTIONS).content.decode()


def test_actions_page_marks_overdue_first_and_refuses_done_by_outsiders(client, agenda):
    report = report_save(actor=None, activity=make_activity(agenda, days=-20), attendance=5)
    today = timezone.localdate()
    later = action_create(actor=None, report=report, what="Bankje plaatsen",
                          owner_department="Buitenruimte", due_date=today + dt.timedelta(days=5))
    late = action_create(actor=None, report=report, what="Lantaarn repareren",
                         owner_department="Buitenruimte", due_date=today - dt.timedelta(days=3))
    sign_in_verified(client, agenda.district_alderman)
    page = client.get(ACTIONS).content.decode()
    assert page.index(late.what) < page.index(later.what)
    late_row = page.split(late.what, 1)[1].split("</tr>", 1)[0]
    assert "Te laat: 3 dagen over tijd" in late_row and "waiting-long" in late_row
    assert "Te laat" not in page.split(later.what, 1)[1].split("</tr>", 1)[0]
    sign_in_verified(client, agenda.portfolio_holder)  # district alderman elsewhere: not theirs
    assert late.what not in client.get(ACTIONS).content.decode()
    client.post(ACTIONS, {"follow_up": late.pk, "note": "Ik doe het wel"})
    late.refresh_from_db()
    assert late.status == FollowUpAction.Status.OPEN


# --- the district agenda --------------------------------------------------------------------------------------

def test_district_agenda_add_edit_and_reorder(client, agenda):
    nieuweland = district(NIEUWELAND)
    url = f"/werkplek/wijkagenda/{nieuweland.slug}/"
    sign_in_verified(client, agenda.civil_servant)
    for title in ("Veilig naar school", "Groen in de wijk", "Ontmoeten"):
        assert client.post(url, {"action": "save", "title": title, "source": "residents",
                                 "status": "new"}).status_code == 302
    first, second, third = AgendaItem.objects.filter(district=nieuweland).order_by("position")
    assert client.post(url, {"action": "move", "item": third.pk, "direction": "up"}).status_code == 302
    assert list(AgendaItem.objects.filter(district=nieuweland).order_by("position").values_list(
        "title", flat=True)) == ["Veilig naar school", "Ontmoeten", "Groen in de wijk"]
    client.post(url, {"action": "move", "item": first.pk, "direction": "down"})
    assert list(AgendaItem.objects.filter(district=nieuweland).order_by("position").values_list(
        "title", flat=True)) == ["Ontmoeten", "Veilig naar school", "Groen in de wijk"]
    page = client.get(url).content.decode()
    assert page.index("Ontmoeten") < page.index("Veilig naar school") < page.index("Groen in de wijk")
    assert client.post(f"{url}?punt={second.pk}", {"action": "save", "title": "Meer groen", "source": "partner",
                                                   "status": "active"}).status_code == 302
    second.refresh_from_db()
    assert (second.title, second.source, second.status) == ("Meer groen", "partner", "active")
    # Another district's agenda is not theirs.
    assert client.get(f"/werkplek/wijkagenda/{district(CENTRUM).slug}/").status_code == 404
    assert client.post(f"/werkplek/wijkagenda/{district(CENTRUM).slug}/",
                       {"action": "save", "title": "Nee", "source": "other", "status": "new"}).status_code == 404
    assert not AgendaItem.objects.filter(district__code=CENTRUM, title="Nee").exists()


# --- partners -------------------------------------------------------------------------------------------------

def test_partner_contacts_are_for_staff_only_and_every_look_is_logged(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    response = client.post("/werkplek/partners/nieuw/", {
        "action": "partner", "name": "Welzijn Barendrecht", "kind": "welfare",
        "districts": [district(NIEUWELAND).pk], "description": "Ouderenwerk", "website": "", "active": "on"})
    partner = Partner.objects.get(name="Welzijn Barendrecht")
    url = f"/werkplek/partners/{partner.pk}/"
    assert response.status_code == 302 and response["Location"].endswith(url)
    contacts = {"action": "contacts", "contact-TOTAL_FORMS": "1", "contact-INITIAL_FORMS": "0",
                "contact-0-name": "Fatima de Boer", "contact-0-role": "Opbouwwerker",
                "contact-0-email": "fatima@welzijn.example", "contact-0-phone": "0180 123456"}
    assert client.post(url, contacts).status_code == 302
    contact = PartnerContact.objects.get(partner=partner)
    assert contact.email == "fatima@welzijn.example"
    PersonalDataAccess.objects.all().delete()

    # Staff without a role in the partner's districts see the contacts, read-only, and the look is logged.
    sign_in_verified(client, agenda.moderator)
    page = client.get(url).content.decode()
    assert "fatima@welzijn.example" in page and 'name="contact-0-name"' not in page
    access = PersonalDataAccess.objects.get()
    assert access.accessor == agenda.moderator and access.subject_label == "Fatima de Boer"
    assert "Welzijn Barendrecht" in access.purpose
    client.post(url, {**contacts, "contact-0-name": "Iemand anders"})
    assert PartnerContact.objects.get().name == "Fatima de Boer"
    # The partners list names no contact persons, so it logs nothing.
    assert "Fatima" not in client.get(PARTNERS).content.decode()
    assert PersonalDataAccess.objects.count() == 1

    # Residents: never.
    client.force_login(agenda.resident)
    for target in (url, PARTNERS):
        response = client.get(target)
        assert response.status_code in (403, 404) and "fatima" not in response.content.decode().lower()
    assert PersonalDataAccess.objects.count() == 1

    # Edit and remove through the formset.
    sign_in_verified(client, agenda.civil_servant)
    edit = {"action": "contacts", "contact-TOTAL_FORMS": "2", "contact-INITIAL_FORMS": "1",
            "contact-0-contact_id": str(contact.pk), "contact-0-name": "Fatima de Boer",
            "contact-0-role": "Teamleider", "contact-0-email": "", "contact-0-phone": "",
            "contact-1-name": "Piet Jansen", "contact-1-role": "", "contact-1-email": "", "contact-1-phone": ""}
    assert client.post(url, edit).status_code == 302
    assert dict(PartnerContact.objects.values_list("name", "role")) == {"Fatima de Boer": "Teamleider",
                                                                         "Piet Jansen": ""}
    assert client.post(url, {**edit, "contact-TOTAL_FORMS": "1", "contact-0-DELETE": "on"}).status_code == 302
    assert list(PartnerContact.objects.values_list("name", flat=True)) == ["Piet Jansen"]


def test_a_contact_of_another_partner_cannot_be_edited_through_this_one(client, agenda):
    mine = partner_save(actor=None, municipality=agenda.municipality, name="Sportclub", kind="sports_club",
                        districts=[district(NIEUWELAND)])
    other = partner_save(actor=None, municipality=agenda.municipality, name="Corporatie", kind="housing",
                         districts=[district(CENTRUM)])
    theirs = PartnerContact.objects.create(partner=other, name="Jan Bakker")
    sign_in_verified(client, agenda.civil_servant)
    response = client.post(f"/werkplek/partners/{mine.pk}/", {
        "action": "contacts", "contact-TOTAL_FORMS": "1", "contact-INITIAL_FORMS": "1",
        "contact-0-contact_id": str(theirs.pk), "contact-0-name": "Overgenomen"})
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.name == "Jan Bakker" and theirs.partner == other
    # Nor may they change a partner that works only outside their district.
    client.post(f"/werkplek/partners/{other.pk}/", {"action": "partner", "name": "Gekaapt", "kind": "housing",
                                                     "districts": [district(NIEUWELAND).pk]})
    other.refresh_from_db()
    assert other.name == "Corporatie"


def test_staff_inbox_links_to_planning_actions_and_partners(client, agenda):
    sign_in_verified(client, agenda.district_alderman)
    page = client.get("/werkplek/").content.decode()
    assert all(url in page for url in (PLANNING, ACTIONS, PARTNERS))


def test_registrations_listed_by_pseudonym(client, agenda):
    activity = make_activity(agenda, capacity=5)
    registration = rsvp_register(activity=activity, user=agenda.resident)
    assert registration.status == Registration.Status.CONFIRMED
    sign_in_verified(client, agenda.administrator)
    page = client.get(f"/werkplek/activiteiten/{activity.pk}/").content.decode()
    assert "1 van 5 plaatsen bezet" in page and agenda.resident.pseudonym in page
