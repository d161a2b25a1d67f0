"""Barendrecht's college 2018–2022 as documented (shared/data/barendrecht/college-2018-2022.md).

`documented` entries are facts from the cited sources; everything else is example data, stored with
`is_example=True` and shown as such. Do not move anything from the example part to the documented part without a
source.
"""

from __future__ import annotations

import datetime as dt

TERM = {
    "name": "2018–2022",
    # The college was installed in June 2018; the exact day is not documented, nor the end (after the 2022 elections).
    "start": dt.date(2018, 6, 1),
    "end": dt.date(2022, 5, 31),
    "coalition_agreement": "Eenheid in verscheidenheid (CDA, SGP-ChristenUnie, VVD, PvdA, GroenLinks, D66)",
}

# The English pages' names for the college's texts (issue #14): the coalition agreement and the portfolios.
COALITION_AGREEMENT_EN = "Unity in diversity (CDA, SGP-ChristenUnie, VVD, PvdA, GroenLinks, D66)"
PORTFOLIOS_EN = {
    "Openbare orde en veiligheid": "Public order and safety", "Zorg en Wmo": "Care and social support",
    "Onderwijs": "Education", "Ruimtelijke ontwikkeling": "Spatial development",
    "Verkeer en vervoer": "Traffic and transport", "Duurzaamheid": "Sustainability",
    "Lokale participatie en democratie": "Local participation and democracy", "Cultuur": "Culture",
    "Sport": "Sport", "Economie": "Economy", "Financiën": "Finance", "Wonen": "Housing",
    "Openbare ruimte": "Public space",
}

MAYOR = {"name": "Jan van Belzen", "party": "", "role": "mayor"}

ALDERMEN = [
    {"name": "Reshma Roopram", "party": "PvdA"},
    {"name": "Peter Luijendijk", "party": "CDA"},
    {"name": "Arnoud Proos", "party": "SGP-ChristenUnie"},
    {"name": "Cees Schaap", "party": "VVD"},
    {"name": "Tanja de Jonge", "party": "GroenLinks"},
    {"name": "Nico Bults", "party": "D66"},
]

# (alderman, portfolio, description): documented in the sources named in college-2018-2022.md.
DOCUMENTED_PORTFOLIOS = [
    ("Jan van Belzen", "Openbare orde en veiligheid",
     "Algemeen bestuurlijke aangelegenheden, openbare orde en veiligheid, intergemeentelijke samenwerking, "
     "internationale betrekkingen, kabinetszaken, communicatie, evenementen."),
    ("Reshma Roopram", "Zorg en Wmo", "Zorg en Wmo (collegeprogramma december 2018); jongerenontmoetingsplek."),
    ("Peter Luijendijk", "Onderwijs",
     "Onderwijshuisvesting, onderwijsachterstanden, kinderopvang, volwasseneducatie."),
    ("Peter Luijendijk", "Ruimtelijke ontwikkeling",
     "Ruimtelijke ordening, WABO-vergunningverlening, vrije tijd en recreatie."),
    ("Peter Luijendijk", "Verkeer en vervoer", ""),
    ("Tanja de Jonge", "Duurzaamheid", "Duurzaamheid, energietransitie, klimaat en milieu."),
    ("Tanja de Jonge", "Lokale participatie en democratie", ""),
    ("Tanja de Jonge", "Cultuur", ""),
]

# Not documented: invented so the demo can show the coordination between district and portfolio (the seed's
# "sports initiative, not without the Sport alderman knowing"). Marked as example data everywhere.
EXAMPLE_PORTFOLIOS = [
    ("Cees Schaap", "Sport", "Sportaccommodaties, sportverenigingen en bewegen in de wijk."),
    ("Cees Schaap", "Economie", "Ondernemers, bedrijventerreinen en winkelcentra."),
    ("Nico Bults", "Financiën", "Begroting, belastingen en wijkbudgetten."),
    ("Arnoud Proos", "Wonen", "Woningbouw en samenwerking met woningcorporaties."),
    ("Arnoud Proos", "Openbare ruimte", "Groen, spelen, onderhoud van straten en pleinen."),
]

# "Arnoud Proos: Nieuweland, Molenvliet, Lagewei, Vrouwenpolder" — only the first two are CBS 2024 wijken.
DOCUMENTED_ASSIGNMENTS = [
    ("Arnoud Proos", "WK048909", "SGP-ChristenUnie Barendrecht, 2018: wijkwethouder voor Nieuweland, Molenvliet, "
                                 "Lagewei en Vrouwenpolder (de laatste twee zijn geen CBS-wijken)."),
    ("Arnoud Proos", "WK048908", "SGP-ChristenUnie Barendrecht, 2018 (zie Nieuweland)."),
]

# Example spread of the remaining districts over the college ("alle wethouders zijn wijkwethouder geworden").
EXAMPLE_ASSIGNMENTS = {
    "Reshma Roopram": ["WK048901", "WK048902", "WK048903", "WK048904"],
    "Peter Luijendijk": ["WK048905", "WK048906", "WK048907", "WK048910"],
    "Cees Schaap": ["WK048911", "WK048912", "WK048913", "WK048950"],
    "Tanja de Jonge": ["WK048914", "WK048915", "WK048916"],
    "Nico Bults": ["WK048917", "WK048918", "WK048919", "WK048920"],
    "Arnoud Proos": ["WK048930", "WK048931"],
}
