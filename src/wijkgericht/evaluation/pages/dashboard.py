"""The public evaluation dashboard: what district-oriented working achieved, per district and overall, for a chosen
period against the previous period of equal length. Aggregates only (public measures); the staff dashboard
(pages/staff.py) builds the same page with the internal measures too.

Filters (a GET form, no JavaScript): period (van/tot), district (wijk), subject (onderwerp: a measure group),
portfolio (portefeuille: the measures that can be narrowed to one portfolio are, the others say they are not) and
the measure for the district comparison, the map and the time series (maat). Every table has a CSV download with
the same filters (<tabel>.csv), the district and portfolio in its file name."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.districts.models import Municipality
from wijkgericht.evaluation import charts, tables
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.services import dashboard
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page

PARAMS = ("van", "tot", "wijk", "onderwerp", "portefeuille", "maat")
MAX_DAYS = 366 * 10
DEFAULT_MEASURE = "voice.items_per_1000"


class FilterForm(forms.Form):
    van = forms.DateField(label=gettext_lazy("Van"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=gettext_lazy("Tot en met"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    wijk = forms.ChoiceField(label=gettext_lazy("Wijk"), required=False)
    onderwerp = forms.ChoiceField(label=gettext_lazy("Onderwerp"), required=False)
    portefeuille = forms.ChoiceField(label=gettext_lazy("Portefeuille (met zijn thema's)"), required=False)
    maat = forms.ChoiceField(label=gettext_lazy("Maatstaf voor kaart, vergelijking en verloop"), required=False)

    def __init__(self, data, *, districts, measures, portfolios) -> None:
        super().__init__(data)
        self.fields["wijk"].choices = [("", _("Hele gemeente"))] + [(d.code, d.name) for d in districts]
        self.fields["onderwerp"].choices = [("", _("Alle onderwerpen"))] + [
            (key, str(label)) for key, label in tables.GROUP_LABELS.items()]
        self.fields["portefeuille"].choices = [("", _("Alle portefeuilles"))] + [
            (str(c.portfolio.pk), f"{c.portfolio.name} ({', '.join(c.themes)})" if c.themes else c.portfolio.name)
            for c in portfolios]
        self.fields["maat"].choices = [(key, label) for key, _group, label in measures]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Kies een periode van hoogstens tien jaar."))
        return data


def _period(data: dict[str, Any], today: dt.date) -> Period:
    default = dashboard.default_period(today)
    start, end = data.get("van"), data.get("tot")
    if start and end:
        return Period(start, end)
    if start:
        return Period(start, max(start, min(start + dt.timedelta(days=364), today)))
    if end:
        return Period(end - dt.timedelta(days=364), end)
    return default


def build(request: HttpRequest, municipality: Municipality, *, staff: bool, table: str | None = None
          ) -> dict[str, Any]:
    """Everything the dashboard shows, and its tables by name (for the CSV downloads); with `table`, only what
    that one table needs (a CSV download computes no chart and no other table)."""
    public_only = not staff
    every = dashboard.districts(municipality)
    choices = dashboard.measure_choices(public_only=public_only)
    offered = dashboard.portfolios(municipality)
    form = FilterForm(request.GET or None, districts=every, measures=choices, portfolios=offered)
    data = form.cleaned_data if form.is_valid() else {}
    period = _period(data, timezone.localdate())
    district = next((d for d in every if d.code == data.get("wijk")), None)
    portfolio = next((c.portfolio for c in offered if str(c.portfolio.pk) == data.get("portefeuille")), None)
    suffix = "".join(f"-{slugify(part.name)}" for part in (district, portfolio) if part is not None)
    group = data.get("onderwerp") or ""
    key = data.get("maat") or next((k for k, g, _l in choices if g == group), None) or DEFAULT_MEASURE
    fn = dashboard.measure_function(key, public_only=public_only, portfolio=portfolio)
    if fn is None:
        raise Http404(_("Deze maatstaf bestaat niet."))

    scope = district.name if district else municipality.name
    if portfolio is not None:
        scope = _("%(scope)s, portefeuille %(portfolio)s") % {"scope": scope, "portfolio": portfolio.name}
    if table in ("maatstaven", "uitsplitsing"):
        found = dashboard.overview(municipality, period, district, public_only=public_only,
                                   groups=[group] if group else None, portfolio=portfolio)
        wanted = (tables.measures_table(found.measures, title=_("Alle maatstaven, %(scope)s") % {"scope": scope})
                  if table == "maatstaven" else tables.breakdown_table(found.measures))
        return {"tables": {table: wanted}, "suffix": suffix}
    if table == "tijdreeks":
        return {"tables": {table: _series(municipality, period, key, district, fn.unit, scope, portfolio)[1]},
                "suffix": suffix}
    if table == "betrokkenheid":
        wave_table = dashboard.involvement_view(municipality, period)
        return {"tables": {table: wave_table} if wave_table else {}, "suffix": suffix}
    if table == "wijkprofiel":
        profile = dashboard.profile_view(municipality)
        return {"tables": {table: profile.table} if profile else {}, "suffix": suffix}
    if table is not None and table != "wijken":
        return {"tables": {}, "suffix": suffix}
    # The map and the district comparison need only the chosen measure per district.
    chosen = fn(municipality, period, None, by_district=True)
    names = [(d.code, d.name) for d in every]
    fmt = tables.formatter(chosen.unit)

    # The map, and the district comparison with its table (the map's classes in it).
    map_svg, bins = charts.map_chart(
        [charts.Area(d.code, d.name, d.geometry, chosen.districts.get(d.code)) for d in every],
        chart_id="kaart", title=_("Kaart: %(measure)s per wijk") % {"measure": chosen.label},
        description=_("Elke wijk gekleurd naar haar cijfer, met het cijfer erop geschreven; een lichtere kleur "
                      "is een lager cijfer. De legenda noemt de grenzen van elke kleur. Dezelfde cijfers staan in "
                      "de tabel."), fmt=fmt, no_data=_("geen gegevens"))
    classes = {code: b.label for code in chosen.districts if (b := charts.bin_of(chosen.districts[code], bins))}
    district_table = tables.districts_table(chosen, names, classes=classes)
    if table == "wijken":
        return {"tables": {table: district_table}, "suffix": suffix}
    bar_svg = charts.bar_chart(
        [charts.BarRow(n, chosen.districts.get(c), chosen.comparison_districts.get(c)) for c, n in names],
        chart_id="vergelijking", title=_("%(measure)s per wijk") % {"measure": chosen.label},
        description=_("Per wijk een balk voor deze periode en een dunne grijze balk voor de vorige periode. "
                      "Dezelfde cijfers staan in de tabel."),
        fmt=fmt, value_label=_("Deze periode"), comparison_label=_("Vorige periode"))

    line_svg, series_table = _series(municipality, period, key, district, chosen.unit, scope, portfolio)

    found = dashboard.overview(municipality, period, district, public_only=public_only,
                               groups=[group] if group else None, portfolio=portfolio,
                               known=[chosen] if district is None else [])  # the map's figures: asked once
    measures_table = tables.measures_table(found.measures, title=_("Alle maatstaven, %(scope)s") % {"scope": scope})
    breakdown_table = tables.breakdown_table(found.measures)
    profile = dashboard.profile_view(municipality)
    all_tables = {t.name: t for t in (measures_table, breakdown_table, district_table, series_table)}
    if profile is not None:
        all_tables[profile.table.name] = profile.table
    involvement_table = dashboard.involvement_view(municipality, period)
    if involvement_table is not None:
        all_tables[involvement_table.name] = involvement_table
    query = urlencode({k: v for k, v in request.GET.items() if k in PARAMS and v})
    groups = []
    for g, label in tables.GROUP_LABELS.items():
        rows = [m for m in found.measures if m.group == g]
        if rows:
            groups.append({"key": g, "label": label,
                           "measures": [_measure_view(m, portfolio) for m in rows]})
    return {
        "form": form, "period": period, "previous": period.previous(), "district": district, "scope": scope,
        "group": group, "chosen": chosen, "groups": groups, "staff": staff,
        "map_svg": mark_safe(map_svg), "bar_svg": mark_safe(bar_svg), "line_svg": mark_safe(line_svg),  # noqa: S308 - charts.py escapes
        "legend": bins, "district_table": district_table, "series_table": series_table,
        "measures_table": measures_table, "breakdown_table": breakdown_table, "tables": all_tables,
        "query": f"?{query}" if query else "", "profile": profile, "portfolio": portfolio,
        "involvement_table": involvement_table, "suffix": suffix,
        "chosen_general": portfolio is not None and not dashboard.portfolio_specific(chosen.key),
        "filter_title": " – ".join(part.name for part in (district, portfolio) if part is not None),
    }


def _series(municipality: Municipality, period: Period, key: str, district, unit: str, scope: str,
            portfolio=None) -> tuple[str, tables.Table]:  # noqa: ANN001 - a Portfolio or None
    """The time series: the district (if chosen), and the municipality beside it where the figures compare."""
    parts, values = dashboard.series(municipality, period, key, district, portfolio)
    labels = [dashboard.bucket_label(p, period) for p in parts]
    lines = [(scope, values)]
    if district is not None and unit in ("percent", "days", "per1000", "score"):
        lines.append((municipality.name, dashboard.series(municipality, period, key, None, portfolio)[1]))
    label = dashboard.measure_function(key, public_only=False).label
    title = _("%(measure)s door de tijd, %(scope)s") % {"measure": label, "scope": scope}
    svg = charts.line_chart(labels, [charts.Series(n, v) for n, v in lines], chart_id="verloop", title=title,
                            description=_("Het cijfer per deel van de periode, als lijn. Dezelfde cijfers staan in "
                                          "de tabel."), fmt=tables.formatter(unit))
    return svg, tables.series_table(labels, [p.start.isoformat() for p in parts], lines, unit, title=title)


def _measure_view(m, portfolio=None) -> dict[str, Any]:  # noqa: ANN001 - a Measure, a Portfolio or None
    return {
        "general": portfolio is not None and not dashboard.portfolio_specific(m.key),
        "measure": m, "value": tables.number(m.value, m.unit), "comparison": tables.number(m.comparison, m.unit),
        "change": tables.change_text(m.change, m.unit), "unit": tables.UNIT_LABELS.get(m.unit, m.unit),
        "breakdown": [(k, tables.number(v, "euro" if m.unit == "euro" else "count"),
                       tables.number(m.comparison_breakdown.get(k), "euro" if m.unit == "euro" else "count"))
                      for k, v in m.breakdown.items()],
    }


def csv_response(table: tables.Table, filename: str) -> HttpResponse:
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


@cached_page(municipality_or_404, params=PARAMS, personal_slots=True)
def dashboard_page(request: HttpRequest, municipality: str | None = None,
                   place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place, "evaluation")
    context.update(build(request, place, staff=False))
    context["csv_base"] = request.path
    return render(request, "evaluation/dashboard.html", context)


@cached_page(municipality_or_404, params=PARAMS)
def dashboard_csv(request: HttpRequest, table: str, municipality: str | None = None,
                  place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    built = build(request, place, staff=False, table=table)
    found = built["tables"].get(table)
    if found is None:
        raise Http404(_("Deze tabel bestaat niet."))
    return csv_response(found, f"evaluatie-{table}{built['suffix']}")
