"""Example themes and resident items for the Barendrecht demo, across districts and stages; all marked as examples
and submitted by nobody (no personal data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.accounts.models import User
from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.evaluation import rollup
from wijkgericht.governance.models import Portfolio
from wijkgericht.governance.selectors import holds_portfolio
from wijkgericht.participation import workflow as wf
from wijkgericht.participation.models import (
    AdviceRequest,
    Comment,
    Follow,
    Item,
    StatusChange,
    Support,
    Theme,
)
from wijkgericht.participation.services import (
    advice_answer,
    advice_request,
    item_moments_refresh,
    item_submit,
    item_transition,
)

# (slug, name, portfolio)
THEMES = [
    ("sport", "Sport en bewegen", "Sport"),
    ("verkeer", "Verkeer en parkeren", "Verkeer en vervoer"),
    ("groen", "Groen, spelen en openbare ruimte", "Openbare ruimte"),
    ("zorg", "Zorg en welzijn", "Zorg en Wmo"),
    ("duurzaamheid", "Duurzaamheid", "Duurzaamheid"),
    ("veiligheid", "Veiligheid", "Openbare orde en veiligheid"),
    ("cultuur", "Cultuur en ontmoeting", "Cultuur"),
]
THEMES_EN = {"sport": "Sport and exercise", "verkeer": "Traffic and parking", "groen": "Greenery, play and public space",
             "zorg": "Care and wellbeing", "duurzaamheid": "Sustainability", "veiligheid": "Safety",
             "cultuur": "Culture and meeting"}

# (neighbourhood, kind, theme, title, description, needs money/decision, path of (status, reason, note))
ITEMS = [
    ("BU04890918", Item.Kind.INITIATIVE, "sport", "Pannakooi bij de basisschool",
     "Met een paar ouders willen we een pannakooi plaatsen en onderhouden. We vragen € 2.500 voor materiaal.",
     Decimal("2500"), [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", "Het wijkteam bekijkt de plek."),
                       ("advice", "Past een pannakooi op deze plek bij het sportbeleid?", "")]),
    ("BU04890101", Item.Kind.REPORT, "verkeer", "Losliggende stoeptegels in de Dorpsstraat",
     "Voor de bakker liggen tegels los; met een rollator struikel je er bijna over.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.ACCEPTED, "Valt onder regulier onderhoud.", "De aannemer herstelt de stoep."),
      (wf.IN_PROGRESS, "", "Ingepland in de onderhoudsronde.")]),
    ("BU04891431", Item.Kind.IDEA, "groen", "Bankjes langs het water",
     "Langs de waterkant is nergens een plek om even te zitten. Een paar bankjes zouden veel ouderen helpen.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", "")]),
    ("BU04890816", Item.Kind.IDEA, "zorg", "Een ontmoetingsplek voor jongeren",
     "Jongeren hangen nu bij de supermarkt. Een eigen plek met een dak erboven zou voor iedereen fijner zijn.",
     None, [(wf.PUBLISHED, "", "")]),
    ("BU04891226", Item.Kind.REPORT, "veiligheid", "Onoverzichtelijke oversteek bij de rotonde",
     "Fietsende kinderen zien het verkeer pas laat aankomen door de hoge struiken.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.ACCEPTED, "De struiken worden gesnoeid en laag gehouden.", ""), (wf.IN_PROGRESS, "", ""),
      (wf.DONE, "", "De struiken zijn gesnoeid.")]),
    ("BU04892039", Item.Kind.INITIATIVE, "duurzaamheid", "Buurtmoestuin op het braakliggende veld",
     "Wij beginnen zelf een moestuin en vragen de gemeente het veld in bruikleen te geven.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", "")]),
    ("BU04890715", Item.Kind.IDEA, "groen", "Speeltuin opknappen",
     "De speeltoestellen zijn verouderd; kunnen er nieuwe komen?", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.DECLINED, "De speeltuin wordt volgend jaar al vervangen in het speelruimteplan.",
       "Bewoners mogen meedenken over de nieuwe toestellen.")]),
    ("BU04890919", Item.Kind.INITIATIVE, "sport", "Beweegroute voor ouderen door Nieuweland",
     "Met de seniorenvereniging willen we een wandelroute met beweegtoestellen. We vragen € 6.000 voor drie "
     "toestellen; de vereniging organiseert wekelijks een wandeling.", Decimal("6000"),
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", "Het wijkteam zoekt een geschikte route."),
      ("advice", "Past dit in het sportakkoord en is er budget voor beweegtoestellen?", ""),
      ("answer", "conditions", "Akkoord als de toestellen aansluiten bij het beweegprogramma voor 65-plussers en "
                               "de vereniging het gebruik bijhoudt.")]),
    ("BU04890920", Item.Kind.REPORT, "groen", "Omgewaaide boom blokkeert het fietspad",
     "Sinds de storm ligt er een boom half over het fietspad langs de vijver.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.ACCEPTED, "Gevaarlijke situatie; direct opruimen.", ""), (wf.IN_PROGRESS, "", ""),
      (wf.DONE, "", "De boom is weggehaald en het fietspad is vrij.")]),
    ("BU04890204", Item.Kind.IDEA, "verkeer", "Fietsenstalling bij het winkelcentrum",
     "Op zaterdag staan de fietsen overal; een overdekte stalling zou helpen.", None,
     [(wf.PUBLISHED, "", "")]),
    ("BU04890409", Item.Kind.REPORT, "veiligheid", "Straatverlichting doet het niet",
     "Al twee weken is het aan het eind van de straat 's avonds donker.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.ACCEPTED, "Storing doorgegeven aan de beheerder van de openbare verlichting.", ""),
      (wf.IN_PROGRESS, "", "Monteur ingepland.")]),
    ("BU04891124", Item.Kind.INITIATIVE, "cultuur", "Zomerconcert op het dorpsplein",
     "De muziekvereniging wil in juli een gratis concert geven en vraagt € 1.200 voor podium en geluid.",
     Decimal("1200"),
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      ("advice", "Kan dit uit het cultuurbudget, en welke vergunning is nodig?", "")]),
    ("BU04891533", Item.Kind.IDEA, "duurzaamheid", "Gedeelde elektrische bakfiets",
     "Een deelbakfiets voor de buurt scheelt autoritjes naar de supermarkt.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""),
      (wf.ACCEPTED, "Past bij het programma duurzame mobiliteit.", "Een aanbieder wordt gezocht.")]),
    ("BU04891735", Item.Kind.REPORT, "zorg", "Geen bankje bij de bushalte",
     "Ouderen moeten lang staan bij de bushalte aan de rand van de wijk.", None,
     [(wf.PUBLISHED, "", "")]),
    ("BU04890511", Item.Kind.IDEA, "groen", "Bloemenweide in plaats van gras",
     "Het grasveld achter de school kan een bloemenweide worden; goed voor de bijen.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", ""), (wf.ACCEPTED, "Mooi idee en goedkoop.", ""),
      (wf.IN_PROGRESS, "", ""), (wf.DONE, "", "Ingezaaid in april."),
      (wf.REOPENED, "", "Volgens een inwoner nog niet opgelost: de helft is weer gemaaid.")]),
]

# Items of the demo resident (inwoner@demo.invalid): one waiting for moderation, one being considered.
RESIDENT_ITEMS = [
    ("BU04890921", Item.Kind.IDEA, "groen", "Meer prullenbakken bij het speelveld",
     "Na een zonnige dag ligt het speelveld vol afval; er staat maar één prullenbak.", None, []),
    ("BU04890922", Item.Kind.REPORT, "verkeer", "Auto's parkeren op de stoep bij de school",
     "Om half negen staan er auto's op de stoep, kinderen moeten de weg op.", None,
     [(wf.PUBLISHED, "", ""), (wf.UNDER_CONSIDERATION, "", "De wijkagent kijkt mee.")]),
]

COMMENTS = [
    ("Pannakooi bij de basisschool", "Goed plan! Mijn zoon speelt nu op straat.", Comment.Status.APPROVED),
    ("Bankjes langs het water", "Graag ook een bankje in de schaduw.", Comment.Status.APPROVED),
    ("Beweegroute voor ouderen door Nieuweland", "Kan de route ook langs het gezondheidscentrum?",
     Comment.Status.PENDING),
]


# How long ago each example was submitted (days), so inboxes show realistic waiting times.
AGES = [96, 12, 61, 5, 140, 33, 21, 75, 9, 180, 44, 3, 52, 27, 110, 16]


def _backdate(item: Item, *, days_ago: int) -> None:
    """Spread an example's history over the past `days_ago` days: submitted then, each later step some days on."""
    start = timezone.now() - dt.timedelta(days=days_ago)
    changes = list(item.changes.order_by("pk"))
    advice = list(item.advice_requests.order_by("pk"))
    steps = len(changes) + len(advice)
    gap = dt.timedelta(days=days_ago * 0.7 / max(steps, 1))
    for n, change in enumerate(changes):
        StatusChange.objects.filter(pk=change.pk).update(created_at=start + n * gap)
    last = start + (len(changes) - 1) * gap
    for request in advice:
        requested = StatusChange.objects.filter(item=item, target=wf.COORDINATION).values_list(
            "created_at", flat=True).first() or last
        AdviceRequest.objects.filter(pk=request.pk).update(
            requested_at=requested, answered_at=requested + gap if request.answered_at else None)
    Item.objects.filter(pk=item.pk).update(created_at=start, status_changed_at=last)
    item_moments_refresh(Item.objects.filter(pk=item.pk))  # its first answer and decision, back-dated too
    rollup.refresh(item.municipality_id, {timezone.localdate(), timezone.localtime(start).date()})  # and its day


def load(municipality: Municipality, users: dict[str, User]) -> None:
    themes = {}
    for slug, name, portfolio_name in THEMES:
        portfolio = Portfolio.objects.filter(municipality=municipality, name=portfolio_name).first()
        if portfolio is None:
            continue
        themes[slug], _ = Theme.objects.get_or_create(municipality=municipality, slug=slug,
                                                      defaults={"name": name, "portfolio": portfolio})
        # its English name, unless the back office gave it one (issue #14)
        Theme.objects.filter(pk=themes[slug].pk, name_en__isnull=True).update(name_en=THEMES_EN[slug])
    if Item.objects.filter(municipality=municipality).exists():
        return  # examples are loaded once; residents' and staff's work is never overwritten
    items = {}
    for author, rows in ((None, ITEMS), (users.get("resident"), RESIDENT_ITEMS)):
        for code, kind, theme, title, description, amount, path in rows:
            neighbourhood = Neighbourhood.objects.filter(code=code, year=municipality.division_year).first()
            if neighbourhood is None or theme not in themes:
                continue
            point = shape(neighbourhood.geometry).representative_point()
            item = item_submit(author=author, municipality=municipality, kind=kind, title=title,
                               description=description, theme=themes[theme], lat=point.y, lon=point.x,
                               amount_requested=amount, is_example=True)
            for step, reason, note in path:
                if step == "advice":
                    advice_request(item=item, actor=None, question=reason)
                elif step == "answer":
                    advice = item.advice_requests.get(answer="")
                    holder = next((u for u in users.values() if holds_portfolio(user_id=u.pk,
                                                                                portfolio_id=advice.portfolio_id)),
                                  None)
                    if holder is not None:
                        advice_answer(advice=advice, actor=holder, answer=reason, reasoning=note)
                else:
                    item = item_transition(item=item, actor=None, target=step, reason=reason, public_note=note)
            items[title] = item
            _backdate(item, days_ago=AGES[len(items) % len(AGES)])
    resident = users.get("resident")
    if resident is None:
        return
    for title, body, status in COMMENTS:
        if title in items:
            Comment.objects.create(item=items[title], author=resident, body=body, status=status)
    for title in ("Pannakooi bij de basisschool", "Bankjes langs het water", "Beweegroute voor ouderen door "
                                                                               "Nieuweland"):
        if title in items:
            Support.objects.get_or_create(item=items[title], user=resident)
            Follow.objects.get_or_create(item=items[title], user=resident)
