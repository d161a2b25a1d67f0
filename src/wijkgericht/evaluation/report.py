"""The report for the college: "Evaluatie wijkgericht werken <period>" as a tagged PDF (WeasyPrint, PDF/UA-1: document
language, title, structure tags) and as the tables it was built from (for the workbook, xlsx.py, and CSV files).

Contents: a cover, a summary (every measure municipality-wide against the previous period, the districts compared
on the headline measures, the college's decisions of the period), then one page per district: its face (photo,
character), its district alderman, its figures beside the municipality's, a chart of its percentages, and
anonymised quotes — residents' moderated open answers of the survey and published summaries of visit reports.

`collect` reads (every figure from the selectors), `render_pdf` only renders; `progress` is told how far it got."""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wijkgericht.agenda.models import VisitReport
from wijkgericht.core import dates
from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation import charts, tables
from wijkgericht.evaluation.measures import Measure, Period
from wijkgericht.evaluation.models import Decision
from wijkgericht.evaluation.selectors import survey as survey_selectors
from wijkgericht.evaluation.selectors.base import bounds
from wijkgericht.evaluation.services import dashboard
from wijkgericht.governance import selectors as governance

Progress = Callable[[int, str], None]
HEADLINES = ("voice.items_per_1000", "voice.answered_within", "involvement.score")
QUOTES = 3
QUOTE_LENGTH = 320


def title(period: Period) -> str:
    return _("Evaluatie wijkgericht werken %(start)s – %(end)s") % {
        "start": dates.day(period.start), "end": dates.day(period.end)}


@dataclass
class DistrictPage:
    district: District
    alderman: Any
    photo_uri: str
    rows: list[dict[str, str]]
    chart: str
    quotes: list[str]
    reports: list[str]


@dataclass
class ReportData:
    municipality: Municipality
    period: Period
    measures: list[Measure]
    districts: list[DistrictPage] = field(default_factory=list)
    charts: list[dict[str, str]] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    tables: list[tables.Table] = field(default_factory=list)


def _clip(text: str, limit: int = QUOTE_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _photo_uri(district: District) -> str:
    """The district's photo as a data: URI, read through the file storage: in object storage it has no local path
    (and WeasyPrint must not fetch from the bucket); a photo that is gone is left out."""
    if not district.photo:
        return ""
    try:
        with district.photo.open("rb") as opened:
            content = opened.read()
    except (FileNotFoundError, OSError):
        return ""
    kind = mimetypes.guess_type(district.photo.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def _visit_summaries(district: District, period: Period) -> list[str]:
    start, end = bounds(period)
    found = (VisitReport.objects.filter(activity__districts=district, activity__starts_at__gte=start,
                                        activity__starts_at__lt=end, summary_published=True)
             .exclude(public_summary="").order_by("-activity__starts_at").values_list("public_summary", flat=True))
    return [_clip(text) for text in found[:2]]


def collect(municipality: Municipality, period: Period, progress: Progress | None = None) -> ReportData:
    """Every figure the report shows, and its tables."""
    tell = progress or (lambda _p, _s: None)
    tell(5, _("Maatstaven berekenen"))
    found = dashboard.overview(municipality, period, None, public_only=False, by_district=True)
    every = dashboard.districts(municipality)
    names = [(d.code, d.name) for d in every]
    data = ReportData(municipality, period, found.measures)
    data.tables = [tables.measures_table(found.measures), tables.matrix_table(found.measures, names),
                   tables.breakdown_table(found.measures)]
    by_key = {m.key: m for m in found.measures}
    for key in HEADLINES:
        m = by_key.get(key)
        if m is None:
            continue
        fmt = tables.formatter(m.unit)
        data.charts.append({
            "title": m.label,
            "svg": mark_safe(charts.bar_chart(  # noqa: S308 - charts.py escapes
                [charts.BarRow(n, m.districts.get(c), m.comparison_districts.get(c)) for c, n in names],
                chart_id=f"samenvatting-{key.replace('.', '-')}", title=_("%(measure)s per wijk") % {
                    "measure": m.label},
                description=_("Per wijk deze periode en (grijs) de vorige periode; de cijfers staan in de tabel "
                              "'Alle maatstaven per wijk'."),
                fmt=fmt, value_label=_("Deze periode"), comparison_label=_("Vorige periode"))),
        })
        data.tables.append(tables.districts_table(m, names, name=f"wijken-{key.replace('.', '-')}"))
    start, end = period.start, period.end
    data.decisions = list(Decision.objects.filter(municipality=municipality, decided_on__gte=start,
                                                  decided_on__lte=end).prefetch_related("districts")
                          .order_by("decided_on", "pk"))
    aldermen = governance.district_aldermen(district_ids=[d.id for d in every], on=min(period.end,
                                                                                       timezone.localdate()))
    for n, district in enumerate(every):
        tell(10 + int(75 * n / max(len(every), 1)), _("Wijk %(name)s") % {"name": district.name})
        rows, bars = [], []
        for m in found.measures:
            value, before = m.districts.get(district.code), m.comparison_districts.get(district.code)
            rows.append({"label": m.label, "value": tables.number(value, m.unit),
                         "before": tables.number(before, m.unit), "municipality": tables.number(m.value, m.unit),
                         "internal": not m.public})
            if m.unit == "percent":
                bars.append(charts.BarRow(m.label, value, m.value))
        chart = charts.bar_chart(
            bars, chart_id=f"wijk-{district.code}", title=_("Percentages: %(name)s en de gemeente") % {
                "name": district.name},
            description=_("Per maatstaf in procenten een balk voor de wijk en een dunne grijze balk voor de hele "
                          "gemeente. De cijfers staan in de tabel erboven."),
            fmt=tables.formatter("percent"), value_label=district.name, comparison_label=municipality.name)
        quotes = [_clip(a.public_text) for a in survey_selectors.approved_open_answers(
            municipality=municipality, district=district, limit=QUOTES)]
        data.districts.append(DistrictPage(district, aldermen.get(district.id), _photo_uri(district), rows,
                                           mark_safe(chart), quotes, _visit_summaries(district, period)))  # noqa: S308
    return data


def stylesheet() -> str:
    return finders.find("evaluation/report.css") or ""


def render_html(data: ReportData) -> str:
    with translation.override("nl"):
        return render_to_string("evaluation/report.html", {
            "title": title(data.period), "data": data, "municipality": data.municipality, "period": data.period,
            "previous": data.period.previous(), "made_on": timezone.localdate(),
            "summary_table": data.tables[0], "groups": tables.GROUP_LABELS,
        })


def render_pdf(data: ReportData) -> bytes:
    """The PDF: tagged (structure tree, alt texts), PDF/UA-1, with the document's language and title."""
    from weasyprint import CSS, HTML

    css = stylesheet()
    return HTML(string=render_html(data), base_url=str(Path(css).parent) if css else None).write_pdf(
        stylesheets=[CSS(filename=css)] if css else None, pdf_tags=True, pdf_variant="pdf/ua-1",
        optimize_images=True)


def tables_as_json(data: ReportData) -> list[dict[str, Any]]:
    return [{"name": t.name, "title": t.title, "header": t.header, "rows": t.rows} for t in data.tables]


def tables_from_json(stored: list[dict[str, Any]]) -> list[tables.Table]:
    found = []
    for item in stored:
        table = tables.Table(item["name"], item["title"], list(item["header"]))
        for row in item["rows"]:
            table.add(row)
        found.append(table)
    return found
