"""A year of getting to know the district for the Barendrecht demo: example partners, activities (past and
upcoming), residents' requests, visit reports with topics and follow-up actions, and district agendas.

Everything here is invented example data, stored with `is_example=True` (partners, activities, requests, agenda
items; reports, topics and actions hang off example activities) and shown as such. No real organisation's contact
person appears: the partners are made up, their contacts are obviously fictional and their addresses end in
`.invalid` (RFC 2606). The aldermen who host are the demo's college 2018–2022 (see college.py): that they hosted
these activities is example data too, not a documented fact.

It goes through the agenda services with `actor=None` (the system: no permission check, and no notification for
example data), then backdates timestamps with queryset `.update()` so inboxes and the planning overview show
realistic ages. Loaded once: as soon as the municipality has any partner, activity, request or agenda item, nothing
is added or changed, so staff's own work is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.accounts.models import User
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    PartnerContact,
    Registration,
    RequestSupport,
    VisitReport,
)
from wijkgericht.agenda.services.activities import activity_cancel, activity_create
from wijkgericht.agenda.services.district_agenda import agenda_item_save
from wijkgericht.agenda.services.follow_up import action_create, action_done
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.agenda.services.meeting_requests import request_decline, request_submit
from wijkgericht.agenda.services.partners import partner_save
from wijkgericht.agenda.services.reports import report_save, topic_add, topic_promote
from wijkgericht.agenda.services.rsvp import rsvp_register
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Portfolio
from wijkgericht.governance.selectors import district_aldermen, reference_date
from wijkgericht.participation.models import Item

NOTE = "Voorbeeldgegevens: verzonnen voor de demo."

# (key, name, kind, district codes, what they do, fictional contact (name, role, e-mail))
PARTNERS = [
    ("police", "Wijkagent Nieuweland en Molenvliet", Partner.Kind.POLICE, ["WK048909", "WK048908"],
     "Aanspreekpunt voor veiligheid in de wijk; loopt mee bij fietstochten en wijkoverleggen.",
     ("W. Agent", "wijkagent", "wijkagent@voorbeeld.invalid")),
    ("housing", "Woonstichting Het Baken", Partner.Kind.HOUSING, ["WK048909", "WK048908", "WK048901", "WK048902"],
     "Verhuurt en onderhoudt sociale huurwoningen; werkt met bewoners aan schone en veilige portieken.",
     ("Jan Voorbeeld", "wijkconsulent", "jan.voorbeeld@woonstichting.invalid")),
    ("welfare", "Welzijnsteam De Brug", Partner.Kind.WELFARE, ["WK048909", "WK048901", "WK048917"],
     "Jongerenwerk, ouderenwerk en buurtbemiddeling.",
     ("Fatima Proef", "jongerenwerker", "f.proef@welzijn.invalid")),
    ("residents", "Bewonersvereniging Nieuweland Samen", Partner.Kind.RESIDENTS, ["WK048909"],
     "Organiseert buurtfeesten en is de stem van bewoners bij het wijkoverleg.",
     ("Kees Demo", "secretaris", "secretaris@bewoners.invalid")),
    ("sports", "Sportvereniging De Gaatkes", Partner.Kind.SPORTS_CLUB, ["WK048917", "WK048909"],
     "Voetbal en beweegactiviteiten voor jeugd en 65-plussers.",
     ("Sanne Steekproef", "voorzitter", "voorzitter@sportvereniging.invalid")),
    ("school", "Kindcentrum De Notenboom", Partner.Kind.SCHOOL, ["WK048912"],
     "Basisschool met kinderopvang; het schoolplein is na schooltijd open.",
     ("Peter Testdata", "directeur", "directie@kindcentrum.invalid")),
    ("business", "Ondernemersvereniging Dorpskern", Partner.Kind.BUSINESS, ["WK048901"],
     "Winkeliers en horeca rond de Dorpsstraat.",
     ("Anouk Fictief", "voorzitter", "bestuur@ondernemers.invalid")),
]

# Requests: (key, district, kind, topic, place, extra example supports, demo resident: None/"author"/"supports",
# how it ends: None (open) / "planned" (by the activity that names the key) / declined response, days ago)
REQUESTS = [
    ("tour", "WK048909", "fietstocht", "Fietstocht langs de nieuwe speelplekken", "Start bij het wijkpark", 7,
     "supports", None, 40),
    ("saturday", "WK048909", "spreekuur", "Spreekuur op zaterdagochtend", "Bij het winkelcentrum", 2, "author",
     None, 18),
    ("parking", "WK048908", "wijkoverleg", "Wijkoverleg over parkeren rond het winkelcentrum", "", 9, None,
     "planned", 120),
    ("playground", "WK048908", "bijeenkomst", "Avond over de vernieuwing van de speeltuin", "", 4, "supports",
     "planned", 30),
    ("foodbank", "WK048901", "werkbezoek", "Werkbezoek bij de voedselhulp in de wijk", "", 3, None,
     "Een werkbezoek staat al gepland met het welzijnsteam; de voedselhulp sluit daar bij aan. (Voorbeeld)", 90),
    ("meet", "WK048919", "bijeenkomst", "Kennismaken met de wijkwethouder", "In de buurtkamer", 5, None, None, 25),
    ("bbq", "WK048917", "evenement", "Buurtbarbecue aan het water", "Grasveld bij de steiger", 2, None, None, 12),
]

# Activities: (key, days from today, start hour, duration hours, kind, district codes, title, place, description,
# capacity, public, invited partner keys, request key, cancel reason)
ACTIVITIES: list[tuple[Any, ...]] = [
    ("overleg-nl", -268, (19, 30), 2, "wijkoverleg", ["WK048909"], "Wijkoverleg Nieuweland", "Wijkcentrum",
     "Het vaste overleg met bewoners en wijkpartners: wat speelt er, wat pakken we op?", None, True,
     ["police", "housing", "residents"], None, ""),
    ("fiets-nl", -229, (14, 0), 3, "fietstocht", ["WK048909", "WK048908"],
     "Fietstocht met wijkpartners door Nieuweland en Molenvliet", "Start bij het wijkpark",
     "Samen met wijkagent, woonstichting en welzijn door de wijk: kijken, luisteren, noteren.", 25, True,
     ["police", "housing", "welfare", "residents"], None, ""),
    ("school-sh", -201, (10, 0), 2, "werkbezoek", ["WK048912"], "Werkbezoek Kindcentrum De Notenboom",
     "Kindcentrum", "Op bezoek bij de school en de opvang: het schoolplein als speelplek voor de buurt.", None,
     False, ["school"], None, ""),
    ("spreekuur-c", -170, (16, 0), 2, "spreekuur", ["WK048901"], "Spreekuur van de wijkwethouder in het Centrum",
     "Bibliotheek", "Zonder afspraak binnenlopen met een vraag of idee.", None, True, [], None, ""),
    ("jongeren-go", -141, (19, 30), 2, "bijeenkomst", ["WK048917"], "Avond over jongeren en ontmoeting",
     "Buurthuis", "Waar kunnen jongeren samenkomen zonder overlast? Met het jongerenwerk.", 40, True,
     ["welfare", "sports"], None, ""),
    ("feest-mw", -108, (13, 0), 5, "evenement", ["WK048914"], "Buurtfeest Meerwede", "Speelveld aan het water",
     "Muziek, spelletjes en koffie; de wijkwethouder is er de hele middag.", None, True, [], None, ""),
    ("overleg-mv", -74, (19, 30), 2, "wijkoverleg", ["WK048908"], "Wijkoverleg Molenvliet: parkeren",
     "Wijkcentrum", "Op verzoek van bewoners: parkeren rond het winkelcentrum.", None, True, ["police", "housing"],
     "parking", ""),
    ("verkeer-nl", -44, (19, 30), 2, "bijeenkomst", ["WK048909"], "Veilig naar school in Nieuweland",
     "Basisschool, aula", "Ouders, school en wijkagent over verkeer rond de scholen.", 30, True,
     ["police", "residents"], None, ""),
    ("spreekuur-nl", 6, (16, 0), 2, "spreekuur", ["WK048909"], "Spreekuur van de wijkwethouder in Nieuweland",
     "Wijkcentrum", "Zonder afspraak binnenlopen met een vraag of idee.", None, True, [], None, ""),
    ("jongeren-nl", 13, (19, 30), 2, "bijeenkomst", ["WK048909"], "Samen een plek voor jongeren in Nieuweland",
     "Wijkcentrum", "Vervolg op de ideeën en meldingen van bewoners: waar komt een ontmoetingsplek?", 12, True,
     ["welfare", "residents"], None, ""),
    ("fiets-bg", 20, (14, 0), 3, "fietstocht", ["WK048930", "WK048931"], "Fietstocht door het buitengebied",
     "Start bij de kerk aan de dijk", "Langs boerderijen, bos en dijken met bewoners van het buitengebied.", 20,
     True, [], None, ""),
    ("overleg-c", 34, (19, 30), 2, "wijkoverleg", ["WK048901"], "Wijkoverleg Centrum", "Raadhuis",
     "Het vaste overleg met bewoners en ondernemers in het Centrum.", None, True, ["business", "housing"], None,
     "De zaal is die avond niet beschikbaar; een nieuwe datum volgt. (Voorbeeld)"),
    ("bedrijven", 48, (9, 30), 2, "werkbezoek", ["WK048950"], "Werkbezoek op het bedrijventerrein",
     "Bedrijfsverzamelgebouw", "Met ondernemers over bereikbaarheid en veiligheid op het terrein.", None, False,
     [], None, ""),
    ("speelveld-sh", 62, (15, 0), 2, "evenement", ["WK048912"], "Opening van het vernieuwde speelveld",
     "Speelveld achter de school", "Kinderen openen het speelveld dat ze zelf mee ontwierpen.", None, True,
     ["school"], None, ""),
    ("speeltuin-mv", 80, (19, 30), 2, "bijeenkomst", ["WK048908"], "Avond over de vernieuwing van de speeltuin",
     "Wijkcentrum", "Op verzoek van bewoners: welke toestellen komen er, en waar?", 35, True, ["housing"],
     "playground", ""),
]

# The demo resident signs up for these (upcoming: through the service; past: as attended).
RESIDENT_SIGNS_UP = ["fiets-nl", "verkeer-nl", "jongeren-nl", "fiets-bg"]

# Reports on past activities: (activity, attendance, partners present, impressions, public summary or "",
# topics: (text, promote to the agenda of this district or None, participation example item title or None),
# actions: (what, owner ("user"/department name/partner key), due in days from the visit, portfolio, done?))
REPORTS = [
    ("overleg-nl", 34, ["police", "housing", "residents"],
     "Volle zaal. Veel zorgen over verkeer bij de scholen en over een plek voor jongeren.",
     "Ruim dertig bewoners spraken over verkeer rond de scholen en een ontmoetingsplek voor jongeren.",
     [("Verkeer rond de scholen in de ochtendspits", "WK048909", None),
      ("Een ontmoetingsplek voor jongeren", "WK048909", None)],
     [("Verkeerstelling bij de scholen laten doen", "Verkeer en mobiliteit", 30, "Verkeer en vervoer", True),
      ("Bewoners vertellen wat er met hun ideeën en meldingen gebeurt", "user", 21, None, True)]),
    ("fiets-nl", 19, ["police", "housing", "welfare"],
     "Goede sfeer. Opvallend: kapotte verlichting in het park en losse tegels bij de seniorenwoningen.",
     "Met wijkpartners en bewoners door Nieuweland en Molenvliet gefietst; de knelpunten staan op de wijkagenda.",
     [("Verlichting in het wijkpark", "WK048909", None),
      ("Beweegroute voor ouderen", "WK048909", "Beweegroute voor ouderen door Nieuweland"),
      ("Losse tegels bij de seniorenwoningen", None, None)],
     [("Verlichting in het wijkpark herstellen", "Beheer openbare ruimte", 30, "Openbare ruimte", True),
      ("Tegels bij de seniorenwoningen laten herstellen", "housing", 45, "Wonen", False),
      ("Route en plek voor beweegtoestellen uitzoeken", "user", 60, "Sport", False)]),
    ("school-sh", 6, ["school"], "Het schoolplein wordt na schooltijd veel gebruikt; er is te weinig toezicht.", "",
     [("Het schoolplein als speelplek na schooltijd", "WK048912", None)],
     [("Afspraken over toezicht op het schoolplein", "school", 60, None, True)]),
    ("jongeren-go", 27, ["welfare", "sports"], "Jongeren kwamen zelf; ze willen meedenken over een plek.",
     "Jongeren, ouders en jongerenwerk zochten samen naar een plek om elkaar te ontmoeten.",
     [("Een plek voor jongeren aan het water", "WK048917", None)],
     [("Mogelijke plekken op een kaart zetten", "welfare", 30, "Zorg en Wmo", False),
      ("Jongeren uitnodigen voor het wijkoverleg", "Wijkzaken", 21, None, True)]),
    ("overleg-mv", 41, ["police", "housing"], "Parkeren blijft het grote onderwerp; ook zorgen over de speeltuin.",
     "Ruim veertig bewoners over parkeren rond het winkelcentrum; een parkeeronderzoek volgt.",
     [("Parkeren rond het winkelcentrum", "WK048908", None),
      ("De speeltuin is aan vervanging toe", "WK048908", None)],
     [("Parkeeronderzoek laten uitvoeren", "Verkeer en mobiliteit", 60, "Verkeer en vervoer", False)]),
    ("verkeer-nl", 26, ["police", "residents"], "Ouders herkennen het parkeren op de stoep; de school wil meedoen.",
     "Ouders, school en wijkagent maakten afspraken over veilig naar school.",
     [("Parkeren op de stoep bij de school", None, "Auto's parkeren op de stoep bij de school")],
     [("Handhaving in de ochtendspits inplannen", "police", 14, "Openbare orde en veiligheid", False),
      ("Schoolzone-borden voorstellen", "user", 60, "Verkeer en vervoer", False)]),
]

# Where promoted topics stand now (the rest are new).
PROMOTED_STATUS = {
    "Verkeer rond de scholen in de ochtendspits": AgendaItem.Status.ACTIVE,
    "Verlichting in het wijkpark": AgendaItem.Status.DONE,
    "Parkeren rond het winkelcentrum": AgendaItem.Status.ACTIVE,
}

# Agenda items not from a visit: (district, title, description, source, participation example item or None, status)
AGENDA = [
    ("WK048909", "Een schoon speelveld", "Uit de ideeën en meldingen van bewoners: meer prullenbakken en vaker legen.",
     AgendaItem.Source.RESIDENTS, "Meer prullenbakken bij het speelveld", AgendaItem.Status.NEW),
    ("WK048901", "Toegankelijke stoepen in de Dorpsstraat", "Bewoners met rollator en scootmobiel vragen erom.",
     AgendaItem.Source.RESIDENTS, "Losliggende stoeptegels in de Dorpsstraat", AgendaItem.Status.ACTIVE),
    ("WK048901", "Levendig centrum na winkeltijd", "Samen met de ondernemersvereniging.", AgendaItem.Source.PARTNER,
     None, AgendaItem.Status.NEW),
    ("WK048912", "Veilige oversteek bij de rotonde", "Na de snoei blijven we het in de gaten houden.",
     AgendaItem.Source.RESIDENTS, "Onoverzichtelijke oversteek bij de rotonde", AgendaItem.Status.DONE),
]


def _at(day_offset: int, hour_minute: tuple[int, int]) -> dt.datetime:
    """A local time `day_offset` days from today."""
    day = timezone.localdate() + dt.timedelta(days=day_offset)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(*hour_minute)))


def _point(district: District) -> tuple[float | None, float | None]:
    if not district.geometry:
        return None, None
    point = shape(district.geometry).representative_point()
    return point.y, point.x


def _partners(municipality: Municipality, districts: dict[str, District]) -> dict[str, Partner]:
    partners = {}
    for key, name, kind, codes, description, (contact, role, email) in PARTNERS:
        partner = partner_save(actor=None, municipality=municipality, name=name, kind=kind,
                               districts=[districts[c] for c in codes if c in districts],
                               description=f"{description} {NOTE}", is_example=True)
        PartnerContact.objects.create(partner=partner, name=f"{contact} (voorbeeld)", role=role, email=email)
        partners[key] = partner
    return partners


def _requests(municipality: Municipality, districts: dict[str, District], kinds: dict[str, ActivityKind],
              resident: User | None) -> dict[str, MeetingRequest]:
    requests, now = {}, timezone.now()
    for key, code, kind, topic, place, extra, mine, _end, days_ago in REQUESTS:
        if code not in districts:
            continue
        author = resident if mine == "author" else None
        request = request_submit(author=author, district=districts[code], kind=kinds[kind], topic=topic,
                                 place=place, is_example=True)
        if mine == "supports" and resident is not None:
            RequestSupport.objects.create(request=request, user=resident)
        # Support from residents who are not in the demo: kept without an account, as after a deleted account.
        RequestSupport.objects.bulk_create([RequestSupport(request=request, user=None) for _ in range(extra)])
        created = now - dt.timedelta(days=days_ago)
        MeetingRequest.objects.filter(pk=request.pk).update(created_at=created)
        RequestSupport.objects.filter(request=request).update(created_at=created)
        requests[key] = request
    return requests


# Example addresses (street, number, postcode, town) of the activities that have one; a tour's start has none.
ADDRESSES: dict[str, tuple[str, str, str, str]] = {
    "overleg-nl": ("Dierensteinweg", "14", "", "Barendrecht"),
    "spreekuur-c": ("Middenbaan", "48", "", "Barendrecht"),
    "jongeren-go": ("Gebroken Meeldijk", "70", "", "Barendrecht"),
    "overleg-mv": ("Molenvliet", "2", "", "Barendrecht"),
    "verkeer-nl": ("Dierensteinweg", "3", "", "Barendrecht"),
    "spreekuur-nl": ("Dierensteinweg", "14", "", "Barendrecht"),
    "jongeren-nl": ("Dierensteinweg", "14", "", "Barendrecht"),
    "overleg-c": ("Raadhuisplein", "1", "2991 BJ", "Barendrecht"),
    "speeltuin-mv": ("Molenvliet", "2", "", "Barendrecht"),
}


def _activities(municipality: Municipality, districts: dict[str, District], kinds: dict[str, ActivityKind],
                partners: dict[str, Partner], requests: dict[str, MeetingRequest]) -> dict[str, Activity]:
    # The demo's board is the documented college 2018–2022, so the site shows it on 2022-05-31 (governance
    # reference_date), but the activities are dated from *today*: a demo needs past visits and upcoming ones
    # whenever it is started. So these aldermen "host" activities after their term ended — one more reason these
    # are marked as examples, never presented as what the college did.
    hosts = district_aldermen(district_ids=[d.pk for d in districts.values()],
                              on=reference_date(municipality_id=municipality.pk))
    activities, now = {}, timezone.now()
    for (key, days, start_at, hours, kind, codes, title, place, description, capacity, public, invited,
         request_key, cancel_reason) in ACTIVITIES:
        chosen = [districts[c] for c in codes if c in districts]
        if not chosen:
            continue
        starts_at = _at(days, start_at)
        lat, lon = _point(chosen[0])
        activity = activity_create(
            actor=None, municipality=municipality, kind=kinds[kind], title=title, districts=chosen,
            starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours), place=place, description=description,
            lat=lat, lon=lon, hosts=list({hosts[d.pk].pk: hosts[d.pk] for d in chosen if d.pk in hosts}.values()),
            invited_partners=[partners[p] for p in invited if p in partners], is_public=public, capacity=capacity,
            request=requests.get(request_key) if request_key else None, is_example=True,
            allow_past=True,  # the demo records visits that took place as well as upcoming ones
            **dict(zip(("street", "house_number", "postcode", "town"), ADDRESSES.get(key, ("",) * 4), strict=True)))
        if cancel_reason:
            activity = activity_cancel(actor=None, activity=activity, reason=cancel_reason)
        # Announced three weeks ahead (or a few days ago, for the next one).
        announced = min(starts_at - dt.timedelta(days=21), now - dt.timedelta(days=3))
        Activity.objects.filter(pk=activity.pk).update(created_at=announced, updated_at=announced)
        activities[key] = activity
    return activities


def _registrations(activities: dict[str, Activity], resident: User | None) -> None:
    if resident is None:
        return
    now = timezone.now()
    for key in RESIDENT_SIGNS_UP:
        activity = activities.get(key)
        if activity is None:
            continue
        if activity.starts_at > now:
            registration = rsvp_register(activity=activity, user=resident)
        else:  # the service only takes sign-ups for what is still to come; this one the resident attended
            registration = Registration.objects.create(activity=activity, user=resident,
                                                       status=Registration.Status.CONFIRMED)
        signed_up = min(activity.starts_at - dt.timedelta(days=10), now - dt.timedelta(days=1))
        Registration.objects.filter(pk=registration.pk).update(created_at=signed_up, updated_at=signed_up)


def _reports(municipality: Municipality, districts: dict[str, District], activities: dict[str, Activity],
             partners: dict[str, Partner], users: dict[str, User]) -> None:
    portfolios = {p.name: p for p in Portfolio.objects.filter(municipality=municipality)}
    items = {i.title: i for i in Item.objects.filter(is_example=True)}
    servant, alderman = users.get("civil_servant"), users.get("district_alderman")
    today = timezone.localdate()
    for key, attendance, present, impressions, summary, topics, actions in REPORTS:
        activity = activities.get(key)
        if activity is None:
            continue
        report = report_save(actor=None, activity=activity, attendance=attendance,
                             partners_present=[partners[p] for p in present if p in partners],
                             impressions=impressions, public_summary=summary,
                             summary_published=bool(summary))
        written = activity.ends_at + dt.timedelta(days=2)
        author = alderman if alderman and activity.hosts.filter(user=alderman).exists() else None
        VisitReport.objects.filter(pk=report.pk).update(author=author, created_at=written, updated_at=written)
        for text, promote_to, item_title in topics:
            topic = topic_add(actor=None, report=report, text=text, item=items.get(item_title))
            if promote_to in districts:
                agenda_item = topic_promote(actor=None, topic=topic, district=districts[promote_to])
                AgendaItem.objects.filter(pk=agenda_item.pk).update(
                    updated_at=written, status=PROMOTED_STATUS.get(text, AgendaItem.Status.NEW))
        for what, owner, due_in, portfolio, done in actions:
            owner_kind: dict[str, Any]
            if owner == "user":
                if servant is None:
                    continue
                owner_kind = {"owner_user": servant}
            elif owner in partners:
                owner_kind = {"owner_partner": partners[owner]}
            else:
                owner_kind = {"owner_department": owner}
            due = timezone.localdate(activity.starts_at) + dt.timedelta(days=due_in)
            action = action_create(actor=None, report=report, what=what, due_date=due,
                                   portfolio=portfolios.get(portfolio), **owner_kind)
            FollowUpAction.objects.filter(pk=action.pk).update(created_at=written)
            if done:
                action_done(actor=None, action=action, note="Afgerond. (Voorbeeld)")
                finished = timezone.make_aware(dt.datetime.combine(min(due, today), dt.time(11, 0)))
                FollowUpAction.objects.filter(pk=action.pk).update(done_at=min(finished, timezone.now()))


def _agenda(districts: dict[str, District]) -> None:
    items = {i.title: i for i in Item.objects.filter(is_example=True)}
    for code, title, description, source, item_title, status in AGENDA:
        if code not in districts:
            continue
        agenda_item_save(actor=None, district=districts[code], title=title, description=description,
                         source=source, source_item=items.get(item_title) if item_title else None,
                         status=status, is_example=True)


def load(municipality: Municipality, users: dict[str, User]) -> None:
    kinds_ensure_defaults(municipality)
    mine = {"municipality": municipality}
    if (Partner.objects.filter(**mine).exists() or Activity.objects.filter(**mine).exists()
            or MeetingRequest.objects.filter(**mine).exists()
            or AgendaItem.objects.filter(district__municipality=municipality).exists()):
        return  # examples are loaded once; staff's own partners, activities and agenda are never touched
    districts = {d.code: d for d in District.objects.filter(municipality=municipality)}
    kinds = {k.slug: k for k in ActivityKind.objects.filter(municipality=municipality)}
    if not districts or not all(k in kinds for k in ("wijkoverleg", "bijeenkomst", "evenement", "fietstocht",
                                                      "werkbezoek", "spreekuur")):
        return  # the municipality renamed or removed the default kinds: nothing sensible to show
    resident = users.get("resident")
    partners = _partners(municipality, districts)
    requests = _requests(municipality, districts, kinds, resident)
    activities = _activities(municipality, districts, kinds, partners, requests)
    for key, _code, _kind, _topic, _place, _extra, _mine, end, _days in REQUESTS:
        if end not in (None, "planned") and key in requests:
            request_decline(request=requests[key], actor=None, response=end)
    _registrations(activities, resident)
    _reports(municipality, districts, activities, partners, users)
    _agenda(districts)
