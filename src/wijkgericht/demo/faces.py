"""Example faces (character and needs) for the Barendrecht demo districts.

These are example texts, not the municipality's own words: a few written by hand, the rest composed from the
district's CBS key figures. Each district is stored with `face_is_example=True` and the site says so.
"""

from __future__ import annotations

from collections.abc import Mapping

HAND_WRITTEN: dict[str, tuple[str, list[str]]] = {
    "WK048901": (
        "Het oude dorpshart van Barendrecht rond de Dorpsstraat en de Doopsgezinde kerk: winkels, horeca en "
        "wonen dicht op elkaar, met veel oudere bewoners die hier al lang wonen.",
        ["Parkeerdruk en bevoorrading in de Dorpsstraat", "Toegankelijke stoepen voor rollators en scootmobielen",
         "Levendige pleinen ook na winkeltijd"],
    ),
    "WK048909": (
        "Nieuweland is een ruime gezinswijk uit de jaren tachtig en negentig met veel groen, water en scholen "
        "dicht bij huis.",
        ["Veilige fietsroutes naar school", "Onderhoud van speelplekken", "Ontmoeting tussen jong en oud"],
    ),
    "WK048908": (
        "Molenvliet ligt rond de historische molen en de vliet: rustige woonstraten, een mix van koop en huur.",
        ["Groenonderhoud langs het water", "Verkeersveiligheid op de doorgaande wegen", "Een plek voor jongeren"],
    ),
    "WK048930": (
        "Het buitengebied in het noorden: polderlandschap, tuinbouw en verspreide woningen langs de dijken.",
        ["Bereikbaarheid en openbaar vervoer", "Verlichting en veiligheid op de dijkwegen"],
    ),
    "WK048931": (
        "Het buitengebied in het zuiden, met recreatiegebied en natuur langs de Oude Maas.",
        ["Wandel- en fietspaden", "Afvalinzameling bij de recreatieplekken"],
    ),
    "WK048950": (
        "De bedrijventerreinen van Barendrecht, met het Nationaal Versstation: werk voor duizenden mensen, "
        "weinig bewoners.",
        ["Vrachtverkeer door woonwijken beperken", "Veilige routes voor fietsende werknemers"],
    ),
}


def _fmt(value: float | None) -> str:
    return "onbekend" if value is None else f"{value:,.0f}".replace(",", ".")


def composed_face(name: str, figures: Mapping[str, float | None]) -> tuple[str, list[str]]:
    """A neutral description from CBS figures, and needs that such figures typically bring up (example data)."""
    inhabitants = figures.get("aantal_inwoners")
    households = figures.get("aantal_huishoudens")
    elderly = figures.get("percentage_personen_65_jaar_en_ouder")
    children = figures.get("percentage_personen_0_tot_15_jaar")
    rent = figures.get("percentage_huurwoningen")
    with_kids = figures.get("percentage_huishoudens_met_kinderen")
    character = f"{name} telt {_fmt(inhabitants)} inwoners in {_fmt(households)} huishoudens."
    if with_kids is not None:
        character += f" In {with_kids:.0f}% van de huishoudens wonen kinderen."
    if elderly is not None:
        character += f" {elderly:.0f}% van de inwoners is 65 jaar of ouder."
    needs: list[str] = []
    if elderly is not None and elderly >= 25:
        needs.append("Ontmoetingsplekken en toegankelijke looproutes voor ouderen")
    if children is not None and children >= 18:
        needs.append("Veilige schoolroutes en uitdagende speelplekken")
    if rent is not None and rent >= 40:
        needs.append("Onderhoud van huurwoningen en contact met de woningcorporatie")
    if not needs:
        needs.append("Groen en onderhoud van de openbare ruimte")
    needs.append("Verkeersveiligheid in de woonstraten")
    return character, needs


def face_for(code: str, name: str, figures: Mapping[str, float | None]) -> tuple[str, list[str]]:
    return HAND_WRITTEN.get(code) or composed_face(name, figures)
