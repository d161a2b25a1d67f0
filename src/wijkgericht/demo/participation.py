"""Example themes and resident items for the Barendrecht demo, across districts and stages; all marked as examples
and submitted by nobody (no personal data)."""

from __future__ import annotations

from decimal import Decimal

from shapely.geometry import shape

from wijkgericht.districts.models import Municipality, Neighbourhood
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation import workflow as wf
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import advice_request, item_submit, item_transition

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
]


def load(municipality: Municipality) -> None:
    themes = {}
    for slug, name, portfolio_name in THEMES:
        portfolio = Portfolio.objects.filter(municipality=municipality, name=portfolio_name).first()
        if portfolio is None:
            continue
        themes[slug], _ = Theme.objects.get_or_create(municipality=municipality, slug=slug,
                                                      defaults={"name": name, "portfolio": portfolio})
    if Item.objects.filter(municipality=municipality).exists():
        return  # examples are loaded once; residents' and staff's work is never overwritten
    for code, kind, theme, title, description, amount, path in ITEMS:
        neighbourhood = Neighbourhood.objects.filter(code=code, year=municipality.division_year).first()
        if neighbourhood is None or theme not in themes:
            continue
        point = shape(neighbourhood.geometry).representative_point()
        item = item_submit(author=None, municipality=municipality, kind=kind, title=title, description=description,
                           theme=themes[theme], lat=point.y, lon=point.x, amount_requested=amount, is_example=True)
        for step, reason, note in path:
            if step == "advice":
                advice_request(item=item, actor=None, question=reason)
            else:
                item = item_transition(item=item, actor=None, target=step, reason=reason, public_note=note)
