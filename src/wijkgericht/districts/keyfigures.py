"""CBS key figures (kerncijfers wijken en buurten): which we keep, how they are named, how they add up.

Pure Python, no Django: the importer maps CSV/GeoJSON columns onto these keys, and a district's figures are
aggregated from its neighbourhoods with `aggregate`. CBS suppresses small counts (-99995, -99997, ...): such a
value is stored as None, meaning *unknown*, and an aggregate that depends on an unknown value is unknown too —
never zero.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "percentage", "average", "density"]

# CBS marks suppressed or unavailable cells with these sentinels in its open data.
SUPPRESSED_SENTINELS = {-99995.0, -99996.0, -99997.0, -99998.0, -99999.0}


@dataclass(frozen=True)
class KeyFigure:
    key: str
    kind: Kind
    base: str | None = None  # count a percentage/average is taken over (its weight when aggregating)
    aliases: tuple[str, ...] = ()  # other column spellings (CBS OData names without their numeric suffix)


CATALOGUE: tuple[KeyFigure, ...] = (
    KeyFigure("aantal_inwoners", "count", aliases=("aantalinwoners", "inwoners", "a_inw")),
    KeyFigure("mannen", "count", aliases=("a_man",)),
    KeyFigure("vrouwen", "count", aliases=("a_vrouw",)),
    KeyFigure("percentage_personen_0_tot_15_jaar", "percentage", "aantal_inwoners", ("k0tot15jaar", "p_00_14_jr")),
    KeyFigure("percentage_personen_15_tot_25_jaar", "percentage", "aantal_inwoners", ("k15tot25jaar", "p_15_24_jr")),
    KeyFigure("percentage_personen_25_tot_45_jaar", "percentage", "aantal_inwoners", ("k25tot45jaar", "p_25_44_jr")),
    KeyFigure("percentage_personen_45_tot_65_jaar", "percentage", "aantal_inwoners", ("k45tot65jaar", "p_45_64_jr")),
    KeyFigure("percentage_personen_65_jaar_en_ouder", "percentage", "aantal_inwoners",
              ("k65jaarofouder", "p_65_eo_jr")),
    KeyFigure("aantal_huishoudens", "count", aliases=("huishoudenstotaal", "a_hh", "huishoudens")),
    KeyFigure("percentage_eenpersoonshuishoudens", "percentage", "aantal_huishoudens",
              ("eenpersoonshuishoudens", "p_1p_hh")),
    KeyFigure("percentage_huishoudens_zonder_kinderen", "percentage", "aantal_huishoudens",
              ("huishoudenszonderkinderen", "p_hh_z_k")),
    KeyFigure("percentage_huishoudens_met_kinderen", "percentage", "aantal_huishoudens",
              ("huishoudensmetkinderen", "p_hh_m_k")),
    KeyFigure("gemiddelde_huishoudsgrootte", "average", "aantal_huishoudens", ("gemiddeldehuishoudensgrootte", "g_hhgro")),
    KeyFigure("woningvoorraad", "count", aliases=("a_woning",)),
    KeyFigure("gemiddelde_woningwaarde", "average", "woningvoorraad", ("gemiddeldewoningwaarde", "g_woz")),
    KeyFigure("percentage_koopwoningen", "percentage", "woningvoorraad", ("koopwoningen", "p_koopw")),
    KeyFigure("percentage_huurwoningen", "percentage", "woningvoorraad", ("huurwoningentotaal", "p_huurw")),
    KeyFigure("aantal_bedrijfsvestigingen", "count", aliases=("bedrijfsvestigingentotaal", "a_bedv")),
    KeyFigure("oppervlakte_totaal_in_ha", "count", aliases=("oppervlaktetotaal", "a_opp_ha")),
    KeyFigure("oppervlakte_land_in_ha", "count", aliases=("oppervlakteland", "a_lan_ha")),
    KeyFigure("oppervlakte_water_in_ha", "count", aliases=("oppervlaktewater", "a_wat_ha")),
    KeyFigure("bevolkingsdichtheid_inwoners_per_km2", "density", aliases=("bevolkingsdichtheid", "bev_dich")),
)
BY_KEY: dict[str, KeyFigure] = {figure.key: figure for figure in CATALOGUE}

AGE_GROUPS = (
    "percentage_personen_0_tot_15_jaar",
    "percentage_personen_15_tot_25_jaar",
    "percentage_personen_25_tot_45_jaar",
    "percentage_personen_45_tot_65_jaar",
    "percentage_personen_65_jaar_en_ouder",
)


def normalise_column(name: str) -> str:
    """`AantalInwoners_5` → `aantalinwoners`; `aantal_inwoners` → `aantalinwoners`: one spelling per column."""
    stem = re.sub(r"_\d+$", "", name.strip())
    return re.sub(r"[^a-z0-9]", "", stem.lower())


_COLUMN_INDEX: dict[str, str] = {}
for _figure in CATALOGUE:
    for _spelling in (_figure.key, *_figure.aliases):
        _COLUMN_INDEX[normalise_column(_spelling)] = _figure.key


def key_for_column(name: str) -> str | None:
    """The catalogue key a CSV/GeoJSON column holds, or None when we do not keep it."""
    return _COLUMN_INDEX.get(normalise_column(name))


# A decimal number as CBS writes it (a comma or a point before the decimals); not Python's wider float syntax
# ("nan", "inf", "1_000", non-ASCII digits), which would let text that is no number become one.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)

# No key figure of an area comes near this; a larger value is an error in the file, and sums of such values would
# overflow to infinity, which JSON (and PostgreSQL's jsonb) cannot hold.
MAX_VALUE = 1e9


def parse_value(raw: object) -> float | None:
    """A CBS cell as a number; empty, '.', or a suppression sentinel → None (unknown).

    Raises ValueError for what is not a finite number, so the importer can name the cell.
    """
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            value = float(raw)
        except OverflowError:
            raise ValueError(raw) from None
    elif isinstance(raw, str):
        text = raw.strip()
        if text in {"", ".", "-", "x", "?"}:
            return None
        if not _NUMBER.fullmatch(text):
            raise ValueError(raw)
        value = float(text.replace(",", "."))
    else:
        raise ValueError(raw)
    if not math.isfinite(value):
        raise ValueError(raw)
    if value in SUPPRESSED_SENTINELS:
        return None
    return value


def allowed_range(key: str) -> tuple[float, float]:
    """The values a key figure can take: a percentage 0–100, anything else from 0 up to MAX_VALUE."""
    return (0.0, 100.0) if BY_KEY[key].kind == "percentage" else (0.0, MAX_VALUE)


def aggregate(parts: Iterable[Mapping[str, float | None]]) -> dict[str, float | None]:
    """Key figures of an area made of `parts` (e.g. a district from its neighbourhoods).

    Counts are summed; percentages and averages are weighted by their base count; density is recomputed as
    inhabitants per km² of land. Any unknown input that the result depends on makes the result unknown.
    """
    parts = list(parts)
    result: dict[str, float | None] = {}
    if not parts:
        return result
    for figure in CATALOGUE:
        if not any(figure.key in part for part in parts):
            continue
        if figure.kind == "count":
            values = [part.get(figure.key) for part in parts]
            result[figure.key] = None if any(v is None for v in values) else float(sum(values))  # type: ignore[arg-type]
        elif figure.kind in ("percentage", "average"):
            result[figure.key] = _weighted(parts, figure.key, figure.base or "")
    if "bevolkingsdichtheid_inwoners_per_km2" in result or any(
        "bevolkingsdichtheid_inwoners_per_km2" in part for part in parts
    ):
        inhabitants = result.get("aantal_inwoners")
        land_ha = result.get("oppervlakte_land_in_ha")
        density = inhabitants / (land_ha / 100) if inhabitants is not None and land_ha else None
        # A land area of 1e-300 ha is a number, but the density it gives is no figure of any area (and a smaller
        # one gives infinity, which round() refuses): unknown.
        result["bevolkingsdichtheid_inwoners_per_km2"] = (
            round(density) if density is not None and density <= MAX_VALUE else None
        )
    return result


def _weighted(parts: list[Mapping[str, float | None]], key: str, base: str) -> float | None:
    total_weight = 0.0
    total = 0.0
    for part in parts:
        weight = part.get(base)
        value = part.get(key)
        if weight is None:
            return None
        if weight == 0:
            continue  # an empty part (no inhabitants) contributes nothing, whatever CBS reports for it
        if value is None:
            return None
        total_weight += weight
        total += value * weight
    if total_weight == 0:
        return None
    return round(total / total_weight, 1)
