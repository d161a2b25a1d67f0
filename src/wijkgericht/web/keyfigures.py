"""How key figures are presented: which, in what order, with Dutch labels and units (translatable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.keyfigures import AGE_GROUPS


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    unit: str = ""
    decimals: int = 0
    prefix: str = ""
    scale: int = 1  # CBS gives some figures in thousands


SUMMARY: tuple[Row, ...] = (
    Row("aantal_inwoners", _("Inwoners")),
    Row("aantal_huishoudens", _("Huishoudens")),
    Row("gemiddelde_huishoudsgrootte", _("Gemiddelde huishoudensgrootte"), decimals=1),
    Row("percentage_huishoudens_met_kinderen", _("Huishoudens met kinderen"), "%"),
    Row("percentage_eenpersoonshuishoudens", _("Eenpersoonshuishoudens"), "%"),
    Row("woningvoorraad", _("Woningen")),
    Row("percentage_koopwoningen", _("Koopwoningen"), "%"),
    Row("percentage_huurwoningen", _("Huurwoningen"), "%"),
    # CBS's "gemiddelde WOZ-waarde" in thousands of euros; residents read it as the average value of a home.
    Row("gemiddelde_woningwaarde", _("Gemiddelde woningwaarde"), prefix="€ ", scale=1000),
    Row("aantal_bedrijfsvestigingen", _("Bedrijfsvestigingen")),
    Row("oppervlakte_land_in_ha", _("Oppervlakte land"), " ha"),
    Row("bevolkingsdichtheid_inwoners_per_km2", _("Inwoners per km²")),
)

AGE_LABELS = {
    "percentage_personen_0_tot_15_jaar": _("0 tot 15 jaar"),
    "percentage_personen_15_tot_25_jaar": _("15 tot 25 jaar"),
    "percentage_personen_25_tot_45_jaar": _("25 tot 45 jaar"),
    "percentage_personen_45_tot_65_jaar": _("45 tot 65 jaar"),
    "percentage_personen_65_jaar_en_ouder": _("65 jaar en ouder"),
}


def display(value: float | None, decimals: int = 0, unit: str = "", prefix: str = "", scale: int = 1) -> str:
    if value is None:
        return str(_("onbekend"))
    number = number_format(value * scale, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{prefix}{number}{unit}"


def summary_rows(figures: Mapping[str, float | None]) -> list[dict[str, object]]:
    return [
        {"label": row.label, "value": display(figures.get(row.key), row.decimals, row.unit, row.prefix, row.scale),
         "known": figures.get(row.key) is not None}
        for row in SUMMARY if row.key in figures
    ]


def age_rows(figures: Mapping[str, float | None]) -> list[dict[str, object]]:
    rows = []
    for key in AGE_GROUPS:
        if key not in figures:
            continue
        value = figures[key]
        rows.append({"label": AGE_LABELS[key], "value": display(value, 0, "%"),
                     "width": 0 if value is None else max(0, min(100, round(value))), "known": value is not None})
    return rows
