"""The agenda's public pages without JavaScript, through Django's test client: the agenda, an activity with RSVP and
its waiting list, invitation-only activities, the district's activities and requests, inviting the district
alderman, and the district page's agenda sections. Every test makes its own agenda data through agenda.services."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    MeetingRequest,
    PartnerContact,
    Registration,
    RequestSupport,
)
from wijkgericht.agenda.services.activities import activity_cancel, activity_create
from wijkgericht.agenda.services.district_agenda import agenda_item_save
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.agenda.services.meeting_requests import request_moderate
from wijkgericht.agenda.services.partners import partner_save
from wijkgericht.agenda.services.reports import report_save
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman
from wijkgericht.notifications.models import Notification
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db

NIEUWELAND = "WK048909"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
CONTACT_EMAIL = "gerrit.geheim@corporatie-contact.example"
CONTACT_PHONE = "06-91827364"
CONTACT_NAME = "Gerrit Geheimhouder"


@pytest.fixture
def nieuweland(roles) -> District:
    kinds_ensure_defaults(roles.municipality)
    return District.objects.get(code=NIEUWELAND)


def _kind(roles, slug: str = "wijkoverleg") -> ActivityKind:
    return ActivityKind.objects.get(municipality=roles.municipality, slug=slug)


def _activity(roles, district: District, *, title: str = "Wijkoverleg Nieuweland", days: float = 7,
              kind: str = "wijkoverleg", **extra) -> Activity:
    starts = extra.pop("starts_at", timezone.now() + dt.timedelta(days=days))
    fields = dict(actor=None, municipality=roles.municipality, kind=_kind(roles, kind), title=title,
                  districts=[district], starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                  place="Wijkcentrum Het Kruispunt", allow_past=starts < timezone.now())  # past ones: history
    fields.update(extra)
    return activity_create(**fields)


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _request_block(page: str, request: MeetingRequest) -> str:
    """The list item of one request on a page (the demo may list its own requests around it)."""
    match = re.search(rf'<li class="request-list__item" id="verzoek-{request.pk}">(.*?)</li>', page, re.S)
    assert match, f"request {request.pk} is not on the page"
    return match.group(1)


# --- the agenda -----------------------------------------------------------------------------------------------

def test_agenda_lists_upcoming_public_activities_but_not_invitation_only_ones(client, roles, nieuweland):
    other = District.objects.filter(municipality=roles.municipality).exclude(pk=nieuweland.pk).order_by("name")[0]
    _activity(roles, nieuweland, title="Open wijkoverleg", days=0.5)
    _activity(roles, nieuweland, title="Besloten overleg met de corporatie", is_public=False)
    _activity(roles, nieuweland, title="Voorbije fietstocht", days=-1.5, kind="fietstocht")
    _activity(roles, other, title="Bijeenkomst elders", kind="bijeenkomst", days=0.6)

    page = _text(client.get("/activiteiten/"))
    assert "Open wijkoverleg" in page and "Bijeenkomst elders" in page
    assert "Besloten overleg" not in page
    assert "Voorbije fietstocht" not in page
    assert '<a class="utrecht-link" href="/activiteiten/" aria-current="page">Activiteiten</a>' in page

    past = _text(client.get("/activiteiten/", {"voorbij": "1"}))
    assert "Voorbije fietstocht" in past and "Open wijkoverleg" not in past
    assert "Besloten overleg" not in past

    only_here = _text(client.get("/activiteiten/", {"wijk": "nieuweland"}))
    assert "Open wijkoverleg" in only_here and "Bijeenkomst elders" not in only_here
    only_kind = _text(client.get("/activiteiten/", {"soort": "bijeenkomst"}))
    assert "Bijeenkomst elders" in only_kind and "Open wijkoverleg" not in only_kind

    # Every municipality also has its own address; English under /en/.
    assert "Open wijkoverleg" in _text(client.get(f"/gemeenten/{roles.municipality.code}/activiteiten/"))
    english = _text(client.get("/en/activiteiten/"))
    assert '<html lang="en"' in english and "Open wijkoverleg" in english


def test_main_navigation_links_to_the_agenda(client, roles, nieuweland):
    page = _text(client.get("/"))
    assert '<a class="utrecht-link" href="/activiteiten/">Activiteiten</a>' in page


# --- one activity ---------------------------------------------------------------------------------------------

def test_activity_page_shows_when_where_who_in_dutch_local_time(client, roles, nieuweland):
    day = timezone.localdate() + dt.timedelta(days=40)
    starts = dt.datetime(day.year, day.month, day.day, 19, 30, tzinfo=AMSTERDAM)
    partner = partner_save(actor=None, municipality=roles.municipality, name="Woonstichting De Vliet",
                           kind="housing", districts=[nieuweland])
    activity = _activity(roles, nieuweland, title="Wijkoverleg over de speeltuin", starts_at=starts,
                         description="We praten over de nieuwe speeltuin.", lat=51.853, lon=4.548, capacity=30,
                         hosts=[Alderman.objects.get(slug="arnoud-proos")], invited_partners=[partner])

    page = _text(client.get(f"/activiteiten/{activity.pk}/"))
    dutch_days = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    dutch_months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                    "oktober", "november", "december"]
    assert f"{dutch_days[day.weekday()]} {day.day} {dutch_months[day.month - 1]} {day.year}, 19.30–21.30 uur" in page  # one way to write times (issue #14)
    assert "Wijkoverleg" in page and "Wijkoverleg over de speeltuin" in page
    assert "Wijkcentrum Het Kruispunt" in page and "We praten over de nieuwe speeltuin." in page
    assert 'href="/wethouders/arnoud-proos/">Arnoud Proos</a>' in page
    assert 'href="/wijken/nieuweland/">Nieuweland</a>' in page
    assert "Woonstichting De Vliet" in page
    assert "nog 30 van 30 plaatsen vrij" in page
    assert f'href="/activiteiten/{activity.pk}/agenda.ics"' in page and "Zet in uw agenda" in page and "(.ics)" not in page
    assert 'data-lat="51.853000"' in page and "leaflet.js" in page  # the small map
    assert "Log in om u aan te melden" in page  # anonymous: invited to sign in to register
    assert client.get("/activiteiten/999999/").status_code == 404


def test_invitation_only_activity_exists_only_for_the_districts_staff(client, roles, nieuweland):
    activity = _activity(roles, nieuweland, title="Besloten werkbezoek", kind="werkbezoek", is_public=False,
                         capacity=5)
    url = f"/activiteiten/{activity.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(roles.resident)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}aanmelden/").status_code == 404
    assert not Registration.objects.filter(activity=activity).exists()
    sign_in_verified(client, roles.portfolio_holder)  # staff, but not on Nieuweland's team
    assert client.get(url).status_code == 404
    for user in (roles.civil_servant, roles.district_alderman, roles.administrator):
        sign_in_verified(client, user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert "Alleen op uitnodiging" in _text(response)


def test_rsvp_waiting_list_and_cancel_promotes_the_first_waiting(client, roles, nieuweland):
    activity = _activity(roles, nieuweland, title="Fietstocht met de wijkagent", kind="fietstocht", capacity=1)
    url = f"/activiteiten/{activity.pk}/"

    anonymous = client.post(f"{url}aanmelden/")
    assert anonymous.status_code == 302 and "/account/inloggen/" in anonymous["Location"]

    client.force_login(roles.resident)
    response = client.post(f"{url}aanmelden/", follow=True)
    assert "U bent aangemeld" in _messages(response)
    assert "U bent aangemeld." in _text(response) and "Afmelden" in _text(response)
    assert Registration.objects.get(activity=activity, user=roles.resident).status == "confirmed"

    client.force_login(roles.other_resident)
    page = _text(client.get(url))
    assert "vol (1 plaatsen)" in page and "Aanmelden voor de wachtlijst" in page
    response = client.post(f"{url}aanmelden/", follow=True)
    assert "op plaats 1" in _messages(response)
    assert "U staat op de wachtlijst, op plaats 1." in _text(response)

    third = make_user("derde@example.nl")
    client.force_login(third)
    client.post(f"{url}aanmelden/")
    assert "U staat op de wachtlijst, op plaats 2." in _text(client.get(url))

    client.force_login(roles.resident)
    response = client.post(f"{url}afmelden/", follow=True)
    assert "U bent afgemeld" in _messages(response)
    assert Registration.objects.get(activity=activity, user=roles.resident).status == "cancelled"
    assert Registration.objects.get(activity=activity, user=roles.other_resident).status == "confirmed"
    assert Notification.objects.filter(recipient=roles.other_resident, event="activity.waitlist_promoted").exists()
    assert not Notification.objects.filter(recipient=third, event="activity.waitlist_promoted").exists()

    client.force_login(roles.other_resident)
    assert "U bent aangemeld." in _text(client.get(url))
    client.force_login(third)
    assert "U staat op de wachtlijst, op plaats 1." in _text(client.get(url))


def test_cancelled_activity_says_so_with_the_reason_and_refuses_rsvp(client, roles, nieuweland):
    activity = _activity(roles, nieuweland, title="Buurtfeest", kind="evenement", capacity=50)
    activity_cancel(actor=None, activity=activity, reason="De zaal is onder water gelopen.")
    url = f"/activiteiten/{activity.pk}/"
    page = _text(client.get(url))
    assert "Gaat niet door." in page and "De zaal is onder water gelopen." in page
    assert "Gaat niet door" in _text(client.get("/activiteiten/"))  # still listed, marked
    client.force_login(roles.resident)
    assert f'action="/activiteiten/{activity.pk}/aanmelden/"' not in _text(client.get(url))
    response = client.post(f"{url}aanmelden/", follow=True)
    assert "Aanmelden kan niet meer" in _messages(response)
    assert not Registration.objects.filter(activity=activity).exists()


def test_published_visit_summary_shows_on_the_activity_and_district_pages(client, roles, nieuweland):
    visit = _activity(roles, nieuweland, title="Werkbezoek aan de school", kind="werkbezoek", days=-10)
    report = report_save(actor=None, activity=visit, attendance=12, impressions="Intern: gespannen sfeer.",
                         public_summary="Veel vragen over de oversteek bij de school.")
    assert "Veel vragen over de oversteek" not in _text(client.get(f"/activiteiten/{visit.pk}/"))
    report_save(actor=None, activity=visit, attendance=12, impressions=report.impressions,
                public_summary=report.public_summary, summary_published=True)
    for url in (f"/activiteiten/{visit.pk}/", "/wijken/nieuweland/"):
        page = _text(client.get(url))
        assert "Veel vragen over de oversteek bij de school." in page, url
        assert "gespannen sfeer" not in page, url


# --- partners' contact persons are never public ---------------------------------------------------------------

def test_partner_contact_persons_appear_on_no_public_page(client, roles, nieuweland):
    partner = partner_save(actor=None, municipality=roles.municipality, name="Welzijn Barendrecht",
                           kind="welfare", districts=[nieuweland], description="Opbouwwerk en mantelzorg.",
                           website="https://welzijn.example/")
    PartnerContact.objects.create(partner=partner, name=CONTACT_NAME, role="opbouwwerker", email=CONTACT_EMAIL,
                                  phone=CONTACT_PHONE)
    activity = _activity(roles, nieuweland, title="Bijeenkomst mantelzorg", kind="bijeenkomst",
                         invited_partners=[partner])
    pages = ["/wijken/nieuweland/", "/wijken/nieuweland/activiteiten/", f"/activiteiten/{activity.pk}/",
             "/activiteiten/", "/wijken/nieuweland/uitnodigen/", "/en/wijken/nieuweland/"]
    for user in (None, roles.resident):
        if user is not None:
            client.force_login(user)
        for url in pages:
            page = _text(client.get(url))
            for secret in (CONTACT_EMAIL, CONTACT_PHONE, CONTACT_NAME, "opbouwwerker"):
                assert secret not in page, (url, secret)
    district_page = _text(client.get("/wijken/nieuweland/"))
    assert "Welzijn Barendrecht" in district_page and "Opbouwwerk en mantelzorg." in district_page
    assert 'href="https://welzijn.example/"' in district_page
    assert "Welzijn Barendrecht" in _text(client.get("/wijken/nieuweland/activiteiten/"))
    assert "Welzijn Barendrecht" in _text(client.get(f"/activiteiten/{activity.pk}/"))


# --- the district page and the district's activities ----------------------------------------------------------

def test_district_page_shows_activities_agenda_partners_and_links(client, roles, nieuweland):
    # Only this test's activities are upcoming in Nieuweland, so "the next three" is known (the demo may have some).
    Activity.objects.filter(districts=nieuweland, ends_at__gte=timezone.now()).delete()
    for n in range(4):
        _activity(roles, nieuweland, title=f"Spreekuur nummer {n}", kind="spreekuur", days=n + 1)
    _activity(roles, nieuweland, title="Besloten overleg", is_public=False)
    agenda_item_save(actor=None, district=nieuweland, title="Veilig oversteken bij de school",
                     source=AgendaItem.Source.RESIDENTS, status=AgendaItem.Status.ACTIVE,
                     is_example=True)
    page = _text(client.get("/wijken/nieuweland/"))
    for heading in ("Activiteiten", "Wijkagenda", "Wijkpartners"):
        assert f'>{heading}</h2>' in page
    assert "Spreekuur nummer 0" in page and "Spreekuur nummer 2" in page
    assert "Spreekuur nummer 3" not in page  # the next three only
    assert "Besloten overleg" not in page
    assert "Veilig oversteken bij de school" in page and "Mee bezig" in page and "ideeën en meldingen van inwoners" in page
    assert 'href="/wijken/nieuweland/activiteiten/"' in page and 'href="/wijken/nieuweland/uitnodigen/"' in page

    district_agenda = _text(client.get("/wijken/nieuweland/activiteiten/"))
    assert "Spreekuur nummer 3" in district_agenda and "Besloten overleg" not in district_agenda
    assert client.get("/wijken/bestaat-niet/activiteiten/").status_code == 404


# --- inviting the district alderman ---------------------------------------------------------------------------

def _invite(client, roles, topic: str, kind: str = "fietstocht", place: str = ""):
    return client.post("/wijken/nieuweland/uitnodigen/",
                       {"kind": _kind(roles, kind).pk, "topic": topic, "place": place})


def _place_waiting() -> None:
    """What a moderator does (issue #14: invitations are moderated like ideas): every waiting one is placed."""
    for waiting in MeetingRequest.objects.filter(status=MeetingRequest.Status.PENDING):
        request_moderate(request=waiting, actor=None, approve=True)


def test_invite_form_creates_a_request_and_unverified_residents_are_told_why_not(client, roles, nieuweland):
    anonymous = client.get("/wijken/nieuweland/uitnodigen/")
    assert anonymous.status_code == 200 and "Log in om uw wijkwethouder uit te nodigen" in _text(anonymous)
    assert _invite(client, roles, "Fietsen langs de dijk").status_code == 302  # to sign in
    assert not MeetingRequest.objects.filter(topic="Fietsen langs de dijk").exists()

    unverified = make_user("nieuw@example.nl")
    unverified.email_verified_at = None
    unverified.save(update_fields=["email_verified_at"])
    client.force_login(unverified)
    assert "Bevestig eerst uw e-mailadres" in _text(client.get("/wijken/nieuweland/uitnodigen/"))
    refused = _invite(client, roles, "Fietsen langs de dijk")
    assert refused.status_code == 400 and "Bevestig eerst uw e-mailadres" in _messages(refused)
    assert not MeetingRequest.objects.filter(topic="Fietsen langs de dijk").exists()

    client.force_login(roles.resident)
    page = _text(client.get("/wijken/nieuweland/uitnodigen/"))
    assert "Fietstocht met wijkpartners" in page and 'name="topic"' in page
    missing = _invite(client, roles, "")
    assert missing.status_code == 400 and "Dit veld is verplicht" in _text(missing)
    response = _invite(client, roles, "Fietsen langs de dijk", place="Dijk bij de Gaatkensplas")
    assert response.status_code == 302 and response["Location"] == "/wijken/nieuweland/uitnodigen/#verzoeken"
    request = MeetingRequest.objects.get(topic="Fietsen langs de dijk")
    assert (request.district, request.author, request.kind.slug) == (nieuweland, roles.resident, "fietstocht")
    # moderated like an idea: not public before a moderator placed it, and the resident is told so
    assert request.status == MeetingRequest.Status.PENDING
    waiting = client.get("/wijken/nieuweland/uitnodigen/")
    assert "Na een korte controle" in _messages(waiting) and "Fietsen langs de dijk" not in _text(waiting)
    _place_waiting()
    block = _request_block(_text(client.get("/wijken/nieuweland/uitnodigen/")), request)
    assert "Dijk bij de Gaatkensplas" in block and "1 inwoner steunt dit" in block
    assert "U steunt dit verzoek." in block and "Steun dit verzoek" not in block
    client.force_login(roles.other_resident)
    assert "Steun dit verzoek" in _request_block(_text(client.get("/wijken/nieuweland/uitnodigen/")), request)


def test_support_once_and_requests_ranked_by_support(client, roles, nieuweland):
    client.force_login(roles.resident)
    _invite(client, roles, "Eerst gevraagd: een wijkoverleg", kind="wijkoverleg")
    _invite(client, roles, "Later gevraagd: een buurtfeest", kind="evenement")
    _place_waiting()
    later = MeetingRequest.objects.get(topic__startswith="Later")
    page = _text(client.get("/wijken/nieuweland/activiteiten/"))
    assert page.index("Eerst gevraagd") < page.index("Later gevraagd")  # equal support: oldest first

    client.force_login(roles.other_resident)
    response = client.post(f"/verzoeken/{later.pk}/steun/", {"next": "/wijken/nieuweland/activiteiten/"},
                           follow=True)
    assert response.redirect_chain[-1][0].startswith("/wijken/nieuweland/activiteiten/")
    assert "Bedankt voor uw steun" in _messages(response)
    again = client.post(f"/verzoeken/{later.pk}/steun/", follow=True)
    assert "U steunde dit verzoek al" in _messages(again)
    assert RequestSupport.objects.filter(request=later).count() == 2

    for url in ("/wijken/nieuweland/uitnodigen/", "/wijken/nieuweland/activiteiten/"):
        page = _text(client.get(url))
        assert page.index("Later gevraagd") < page.index("Eerst gevraagd"), url
        assert "2 inwoners steunen dit" in _request_block(page, later)

    offsite = client.post(f"/verzoeken/{later.pk}/steun/", {"next": "https://evil.example/"})
    assert offsite["Location"] == "/wijken/nieuweland/uitnodigen/#verzoeken"
    client.logout()
    assert "/account/inloggen/" in client.post(f"/verzoeken/{later.pk}/steun/")["Location"]
    assert client.get(f"/verzoeken/{later.pk}/steun/").status_code == 405


def test_script_in_a_request_topic_is_shown_as_text(client, roles, nieuweland):
    client.force_login(roles.resident)
    _invite(client, roles, "<script>alert('x')</script>", place="<img src=x onerror=alert(1)>")
    _place_waiting()
    for url in ("/wijken/nieuweland/uitnodigen/", "/wijken/nieuweland/activiteiten/"):
        page = _text(client.get(url))
        assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_inviting_is_rate_limited(client, roles, nieuweland):
    client.force_login(roles.resident)
    statuses = [_invite(client, roles, f"Verzoek {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert MeetingRequest.objects.filter(author=roles.resident).count() == 5
    _place_waiting()
    assert re.search(r"Verzoek 4", _text(client.get("/wijken/nieuweland/uitnodigen/")))


def test_invite_page_says_so_when_the_municipality_has_no_activity_kinds(client, roles):
    ActivityKind.objects.filter(municipality=roles.municipality).update(active=False)
    client.force_login(roles.resident)
    page = _text(client.get("/wijken/nieuweland/uitnodigen/"))
    assert "Uitnodigen kan nog niet" in page and 'name="topic"' not in page
