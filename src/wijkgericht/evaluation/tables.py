"""The evaluation's tables: what the dashboards show beside each chart, what each CSV download and each sheet of the
report's workbook holds. Pure (no database): built from `measures.Measure` values.

A table keeps raw values (numbers, for CSV and XLSX) and their Dutch display text (for the page and the PDF) apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.evaluation.measures import Measure

GROUP_LABELS = {
    "acquaintance": gettext_lazy("De wijk leren kennen"),
    "voice": gettext_lazy("Stem van inwoners"),
    "coordination": gettext_lazy("Afstemming met de wethouders van het onderwerp"),
    "codecision": gettext_lazy("Meebeslissen over het wijkbudget"),
    "involvement": gettext_lazy("Betrokkenheid van inwoners"),
}

UNIT_LABELS = {
    "count": gettext_lazy("aantal"),
    "percent": gettext_lazy("procent"),
    "days": gettext_lazy("dagen"),
    "per1000": gettext_lazy("per 1.000 inwoners"),
    "euro": gettext_lazy("euro"),
    "score": gettext_lazy("gemiddelde score"),
}


def _dutch(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def number(value: float | None, unit: str) -> str:
    """A figure in Dutch notation with its unit; '–' when there is none."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{_dutch(value, 1)} %"
    if unit == "euro":
        return f"€ {_dutch(value, 0)}"
    if unit == "days":
        return _dutch(value, 1)
    if unit == "per1000":
        return _dutch(value, 2)
    if unit == "score":
        return _dutch(value, 1)
    return _dutch(value, 0 if float(value).is_integer() else 1)


def change_text(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    text = number(abs(value), unit)
    if unit == "percent":
        text = text.replace(" %", " procentpunt")
    return f"{sign}{text}"


def formatter(unit: str) -> Callable[[float | None], str]:
    return lambda value: number(value, unit)


@dataclass
class Table:
    """name: the file and sheet name (a slug); title: its caption; rows: raw values; text: their display form."""

    name: str
    title: str
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)
    text: list[list[str]] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # columns shown right-aligned
    # columns kept in the data (CSV, workbook) but not shown on the page: a CBS code means nothing to a resident
    screen_hidden: set[int] = field(default_factory=set)

    def add(self, raw: Sequence[object], shown: Sequence[str] | None = None) -> None:
        self.rows.append(list(raw))
        self.text.append(list(shown) if shown is not None else ["" if v is None else str(v) for v in raw])

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.header)
        for row in self.rows:
            writer.writerow(["" if v is None else v for v in row])
        return out.getvalue()


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def measures_table(measures: Sequence[Measure], *, name: str = "maatstaven", title: str | None = None) -> Table:
    """Every measure: its subject, value, previous period, change, unit and definition."""
    table = Table(name, title or _("Alle maatstaven"),
                  [_("Onderwerp"), _("Maatstaf"), _("Deze periode"), _("Vorige periode"), _("Verschil"),
                   _("Eenheid"), _("Sleutel"), _("Wat telt mee")], numeric={2, 3, 4})
    for m in measures:
        table.add([str(GROUP_LABELS.get(m.group, m.group)), m.label, _rounded(m.value), _rounded(m.comparison),
                   _rounded(m.change), str(UNIT_LABELS.get(m.unit, m.unit)), m.key, m.definition],
                  [str(GROUP_LABELS.get(m.group, m.group)), m.label, number(m.value, m.unit),
                   number(m.comparison, m.unit), change_text(m.change, m.unit),
                   str(UNIT_LABELS.get(m.unit, m.unit)), m.key, m.definition])
    return table


def breakdown_table(measures: Sequence[Measure], *, name: str = "uitsplitsing") -> Table:
    """The measures' breakdowns (by kind, portfolio, outcome …), one line per category."""
    table = Table(name, _("Uitsplitsing van de maatstaven"),
                  [_("Maatstaf"), _("Categorie"), _("Deze periode"), _("Vorige periode")], numeric={2, 3})
    for m in measures:
        for category in dict.fromkeys([*m.breakdown, *m.comparison_breakdown]):
            now, before = m.breakdown.get(category), m.comparison_breakdown.get(category)
            unit = "count" if m.unit in ("percent", "days", "per1000") else m.unit
            table.add([m.label, category, _rounded(now), _rounded(before)],
                      [m.label, category, number(now, unit), number(before, unit)])
    return table


def districts_table(measure: Measure, districts: Sequence[tuple[str, str]], *, classes: dict[str, str] | None = None,
                    name: str = "wijken") -> Table:
    """One measure per district (code, name pairs in display order): value, previous period, change and, with the
    map, its class in the legend."""
    header = [_("Wijk"), _("Code"), _("Deze periode"), _("Vorige periode"), _("Verschil")]
    if classes is not None:
        header.append(_("Klasse op de kaart"))
    table = Table(name, _("%(measure)s per wijk") % {"measure": measure.label}, header, numeric={2, 3, 4},
                  screen_hidden={1})
    for code, district_name in districts:
        now, before = measure.districts.get(code), measure.comparison_districts.get(code)
        change = None if now is None or before is None else now - before
        raw: list[object] = [district_name, code, _rounded(now), _rounded(before), _rounded(change)]
        shown = [district_name, code, number(now, measure.unit), number(before, measure.unit),
                 change_text(change, measure.unit)]
        if classes is not None:
            raw.append(classes.get(code, ""))
            shown.append(classes.get(code) or _("geen gegevens"))
        table.add(raw, shown)
    return table


def matrix_table(measures: Sequence[Measure], districts: Sequence[tuple[str, str]], *,
                 name: str = "per-wijk") -> Table:
    """Every measure (rows) for every district (columns), this period."""
    table = Table(name, _("Alle maatstaven per wijk"), [_("Maatstaf"), _("Eenheid"), *[n for _c, n in districts]],
                  numeric=set(range(2, 2 + len(districts))))
    for m in measures:
        values = [m.districts.get(code) for code, _n in districts]
        table.add([m.label, str(UNIT_LABELS.get(m.unit, m.unit)), *[_rounded(v) for v in values]],
                  [m.label, str(UNIT_LABELS.get(m.unit, m.unit)), *[number(v, m.unit) for v in values]])
    return table


def series_table(labels: Sequence[str], starts: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
                 unit: str, *, title: str, name: str = "tijdreeks") -> Table:
    table = Table(name, title, [_("Periode"), _("Vanaf"), *[s for s, _v in series]],
                  numeric=set(range(2, 2 + len(series))))
    for i, label in enumerate(labels):
        values = [values[i] for _s, values in series]
        table.add([label, starts[i], *[_rounded(v) for v in values]],
                  [label, starts[i], *[number(v, unit) for v in values]])
    return table
