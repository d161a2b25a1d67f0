"""What the site publishes as open data, per municipality: one list of datasets with their downloads, read by the
open-data page and written out as the DCAT-AP-NL catalogue (catalogue.py), so the two never disagree. And the
items' CSV itself: what the public pages show of each idea and report, nothing about who sent it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from wijkgericht.budgets import selectors as budgets
from wijkgericht.districts import selectors as districts
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.participation.models import STATUS_LABELS, Item
from wijkgericht.sitepages.models import DataLicence, SiteInfo

LICENCES = {  # the URIs data.overheid.nl knows them by
    DataLicence.CC0: "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    DataLicence.CC_BY: "http://creativecommons.org/licenses/by/4.0/deed.nl",
}
CBS_ATTRIBUTION = "Kadaster / Centraal Bureau voor de Statistiek, 2024 (CC BY 4.0)"

# Decimals of an item's point in the CSV: 4 is about 10 metres, enough to find the spot, not a front door.
POINT_DECIMALS = 4


@dataclass(frozen=True)
class Distribution:
    title: str
    path: str             # on this site
    media_type: str       # IANA
    file_type: str        # EU file-type authority code (CSV, GEOJSON, JSON, ICS, TXT)
    download: bool = True  # a file to download (else: an address to use, like an API)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    licence: str           # DataLicence value
    theme: str             # the data.overheid.nl theme's URI
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    attribution: str = ""
    frequency: str = "http://publications.europa.eu/resource/authority/frequency/CONT"
    extra: tuple[Distribution, ...] = field(default=())  # shown on the page in a list of their own
    columns: tuple[tuple[str, str], ...] = ()  # a CSV's columns and what each holds, for the page


THEME_GOVERNMENT = "http://standaarden.overheid.nl/owms/terms/Bestuur"
THEME_SPACE = "http://standaarden.overheid.nl/owms/terms/Ruimte_en_infrastructuur"
IRREGULAR = "http://publications.europa.eu/resource/authority/frequency/IRREG"


def _api(name: str, query: Mapping[str, str] | None = None, **kwargs: Any) -> str:
    path = reverse(f"api-v1:{name}", kwargs=kwargs or None)
    return f"{path}?{urlencode(query)}" if query else path


def datasets(municipality: Municipality, info: SiteInfo) -> list[Dataset]:
    """The municipality's datasets, in the order the open-data page shows them."""
    place = {"municipality": municipality.code}
    name = municipality.name
    district_list = list(districts.district_list(municipality=municipality))
    result = [
        Dataset(
            "wijken", _("Wijken van %s") % name,
            _("De wijken van gemeente %s: naam, CBS-code, grens en de wijkwethouder. De grenzen zijn samengesteld "
              "uit de CBS-buurten en vereenvoudigd.") % name,
            DataLicence.CC_BY, THEME_SPACE, (_("wijken"), _("wijkgericht werken"), _("grenzen")),
            (Distribution(_("Grenzen van de wijken (GeoJSON)"), _api("district_geojson", place),
                          "application/geo+json", "GEOJSON"),
             Distribution(_("Wijken met hun wijkwethouder (JSON)"), _api("district_list", place),
                          "application/json", "JSON", download=False)),
            attribution=CBS_ATTRIBUTION, frequency=IRREGULAR,
        ),
        Dataset(
            "ideeen-en-meldingen", _("Ideeën en meldingen in %s") % name,
            _("Alle ideeën en meldingen die bewoners op deze site deden en die openbaar zijn: titel, tekst, thema, "
              "wijk, status, datums, aantal steunbetuigingen en de plek (afgerond op ongeveer 10 meter). Zonder "
              "wie ze indiende, zonder foto's en zonder reacties."),
            info.data_licence, THEME_GOVERNMENT, (_("meldingen"), _("ideeën"), _("participatie")),
            (Distribution(_("Ideeën en meldingen (CSV)"), page_path("sitepages:items_csv", municipality),
                          "text/csv", "CSV"),
             Distribution(_("Open311 GeoReport v2 (JSON)"),
                          f"{reverse('open311:requests', kwargs={'fmt': 'json'})}?"
                          f"{urlencode({'jurisdiction_id': municipality.code})}",
                          "application/json", "JSON", download=False)),
            columns=tuple((name, str(ITEM_COLUMN_HELP[name])) for name in ITEM_COLUMNS),
        ),
        Dataset(
            "activiteiten", _("Activiteiten in de wijken van %s") % name,
            _("De openbare activiteiten in de wijken (spreekuren, wijkschouwen, bijeenkomsten): wanneer, waar en "
              "met wie, van nu en van de afgelopen 90 dagen. Om op te abonneren in uw agenda-app."),
            info.data_licence, THEME_GOVERNMENT, (_("activiteiten"), _("agenda"), _("wijken")),
            (Distribution(_("Alle activiteiten (iCalendar)"), _api("municipality_activities_ics", place),
                          "text/calendar", "ICS"),),
            extra=tuple(Distribution(_("Activiteiten in %s (iCalendar)") % d.name,
                                     _api("district_activities_ics", place, code=d.code), "text/calendar", "ICS")
                        for d in district_list),
        ),
    ]
    result.append(Dataset(
        "evaluatie", _("Evaluatie van wijkgericht werken in %s") % name,
        _("De openbare maatstaven van wijkgericht werken over de afgelopen twaalf maanden, met de twaalf maanden "
          "daarvoor ernaast: hoeveel ideeën en meldingen, hoe snel er een besluit kwam, hoeveel bezoeken en "
          "activiteiten, met bij elke maatstaf wat er meetelt. Dezelfde cijfers als op de pagina Evaluatie."),
        info.data_licence, THEME_GOVERNMENT, (_("evaluatie"), _("wijkgericht werken")),
        (Distribution(_("Alle maatstaven (CSV)"), page_path("evaluation:dashboard_csv", municipality,
                                                             table="maatstaven"), "text/csv", "CSV"),),
    ))
    ballots = list(_ballot_files(municipality))
    result.append(Dataset(
        "wijkbudget-stembiljetten", _("Stembiljetten van het wijkbudget in %s") % name,
        _("De anonieme stembiljetten van elke afgesloten wijkbudgetronde, in het pabulib-formaat waarmee "
          "onderzoekers en rekenprogramma's de uitslag kunnen narekenen. Er staat niet in wie er stemde."),
        info.data_licence, THEME_GOVERNMENT, (_("wijkbudget"), _("burgerbegroting"), "pabulib"),
        tuple(ballots), frequency=IRREGULAR,
    ))
    return result


def _ballot_files(municipality: Municipality) -> Iterable[Distribution]:
    for round_ in budgets.public_rounds(municipality=municipality).exclude(result_published_at=None):
        shares = budgets.round_shares(round_)
        for share in shares:
            query = {"wijk": share.district.code} if len(shares) > 1 else None
            title = round_.title if len(shares) == 1 else f"{round_.title}: {share.district.name}"
            yield Distribution(_("%s (pabulib)") % title, _api("round_ballots", query, round_id=round_.pk),
                               "text/plain", "TXT")


def api_links() -> dict[str, str]:
    return {"openapi": reverse("api-v1:openapi-json"), "docs": reverse("api-v1:openapi-view"),
            "base": reverse("api-v1:api-root")}


# --- the items' CSV -------------------------------------------------------------------------------------------

ITEM_COLUMNS = ("id", "soort", "titel", "omschrijving", "thema", "wijkcode", "wijk", "buurt", "status",
                "status_tekst", "ingediend_op", "status_gewijzigd_op", "steunbetuigingen", "breedtegraad",
                "lengtegraad", "samengevoegd_met", "voorbeeldgegevens", "adres_op_de_site")

ITEM_COLUMN_HELP = {
    "id": _lazy("het nummer van het idee of de melding"),
    "soort": _lazy("idee, melding of bewonersinitiatief"),
    "titel": _lazy("de titel, zoals op de site"),
    "omschrijving": _lazy("de tekst, zoals op de site"),
    "thema": _lazy("het onderwerp dat de inwoner koos"),
    "wijkcode": _lazy("de CBS-code van de wijk"),
    "wijk": _lazy("de naam van de wijk"),
    "buurt": _lazy("de naam van de buurt (leeg als die niet bekend is)"),
    "status": _lazy("de status als vaste code (published, accepted, done, …)"),
    "status_tekst": _lazy("de status in woorden"),
    "ingediend_op": _lazy("wanneer het binnenkwam (ISO 8601, Nederlandse tijd)"),
    "status_gewijzigd_op": _lazy("wanneer de status voor het laatst veranderde"),
    "steunbetuigingen": _lazy("hoeveel mensen het steunen"),
    "breedtegraad": _lazy("de plek, afgerond op 4 decimalen (WGS84)"),
    "lengtegraad": _lazy("de plek, afgerond op 4 decimalen (WGS84)"),
    "samengevoegd_met": _lazy("het nummer van het idee of de melding waarmee het is samengevoegd"),
    "voorbeeldgegevens": _lazy("‘ja’ voor voorbeeldgegevens, niet door een inwoner ingestuurd"),
    "adres_op_de_site": _lazy("de pagina op deze site"),
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A spreadsheet must not take a resident's text for a formula: such text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _moment(value: dt.datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def items_csv(municipality: Municipality, rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows of participation's open_data_items as CSV (UTF-8, comma, CRLF, a header of fixed names)."""
    kinds = dict(Item.Kind.choices)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ITEM_COLUMNS)
    for row in rows:
        url = page_path("item", municipality, slug=row["district__slug"], item_id=row["pk"])
        writer.writerow([_cell(v) for v in (
            row["pk"], str(kinds.get(row["kind"], row["kind"])), row["title"], row["description"],
            row["theme__name"], row["district__code"], row["district__name"], row["neighbourhood__name"],
            row["status"], str(STATUS_LABELS.get(row["status"], row["status"])), _moment(row["created_at"]),
            _moment(row["status_changed_at"]), row["support_count"], round(row["lat"], POINT_DECIMALS),
            round(row["lon"], POINT_DECIMALS), row["merged_into_id"], "ja" if row["is_example"] else "nee", url,
        )])
    return out.getvalue()
