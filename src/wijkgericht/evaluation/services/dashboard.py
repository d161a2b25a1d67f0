"""What the dashboards and the report show, assembled from the selectors (every figure is one selector's): the
measures for a period, per district and compared with the previous period; one measure as a time series over the
period's months (or weeks, or quarters); the districts' names and outlines for the map. Read only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation import selectors, tables
from wijkgericht.evaluation.measures import Measure, Period
from wijkgericht.evaluation.selectors import profile as profile_selectors
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation.models import Theme

MAX_BUCKETS = 24


def default_period(today: dt.date) -> Period:
    """The last twelve months up to and including today."""
    return Period(today - dt.timedelta(days=364), today)


def districts(municipality: Municipality) -> list[District]:
    return list(District.objects.filter(municipality=municipality).order_by("name"))


def measure_function(key: str, *, public_only: bool, portfolio: Portfolio | None = None):
    """The measure function for `key`; with a portfolio, the one narrowed to it where the measure can be (a
    `for_portfolio` attribute: coordination's), else the measure as it is (see `portfolio_specific`)."""
    for fn in selectors.MEASURES:
        if fn.key == key and (fn.public or not public_only):  # type: ignore[attr-defined]
            return narrowed(fn, portfolio)
    return None


def narrowed(fn, portfolio: Portfolio | None):  # noqa: ANN001, ANN201 - a measure function
    if portfolio is not None and hasattr(fn, "for_portfolio"):
        return fn.for_portfolio(portfolio)
    return fn


def portfolio_specific(key: str) -> bool:
    """Whether the portfolio filter narrows this measure (the others are shown for every portfolio, and say so)."""
    return any(fn.key == key and hasattr(fn, "for_portfolio") for fn in selectors.MEASURES)  # type: ignore[attr-defined]


@dataclass
class PortfolioChoice:
    portfolio: Portfolio
    themes: list[str]


def portfolios(municipality: Municipality) -> list[PortfolioChoice]:
    """The municipality's portfolios with the themes of residents' items that belong to each (an item's theme
    names the portfolio whose holder is asked for advice), for the dashboards' filter."""
    themes: dict[int, list[str]] = {}
    for portfolio_id, name in (Theme.objects.filter(municipality=municipality).order_by("order", "name")
                               .values_list("portfolio_id", "name")):
        themes.setdefault(portfolio_id, []).append(name)
    return [PortfolioChoice(p, themes.get(p.pk, [])) for p in
            Portfolio.objects.filter(municipality=municipality).order_by("name")]


def measure_choices(*, public_only: bool) -> list[tuple[str, str, str]]:
    """(key, group, label) of every measure offered, in display order, without computing any."""
    return [(fn.key, fn.group, str(fn.label)) for fn in selectors.MEASURES  # type: ignore[attr-defined]
            if fn.public or not public_only]  # type: ignore[attr-defined]


@dataclass
class Overview:
    period: Period
    district: District | None
    measures: list[Measure]
    portfolio: Portfolio | None = None


def overview(municipality: Municipality, period: Period, district: District | None = None, *,
             public_only: bool = True, groups: list[str] | None = None, by_district: bool = False,
             portfolio: Portfolio | None = None, known: Sequence[Measure] = ()) -> Overview:
    """Every measure (of the chosen groups) for the period, for the municipality or one district; `by_district`
    adds every district's figure to the municipality's (the report's table of all measures per district); with a
    portfolio, the measures that can be narrowed to it are (`portfolio_specific`), the others stay as they are.
    `known`: measures the caller computed already for the same place, period and portfolio (the dashboard's
    chosen measure, asked per district for the map), taken as they are instead of asked again."""
    chosen = [narrowed(fn, portfolio) for fn in selectors.MEASURES  # type: ignore[attr-defined]
              if (not groups or fn.group in groups) and (fn.public or not public_only)]
    reuse = {m.key: m for m in known}
    results = [reuse.get(fn.key) or fn(municipality, period, district, by_district=by_district and district is None)
               for fn in chosen]
    return Overview(period, district, [m for m in results if m.public or not public_only], portfolio)


def buckets(period: Period) -> list[Period]:
    """The period cut into weeks (up to 9 weeks), months (up to two years) or quarters; at most MAX_BUCKETS, the last
    ones kept."""
    if period.days <= 63:
        parts, start = [], period.start
        while start <= period.end:
            end = min(start + dt.timedelta(days=6), period.end)
            parts.append(Period(start, end))
            start = end + dt.timedelta(days=1)
        return parts[-MAX_BUCKETS:]
    months = 1 if period.days <= 731 else 3
    parts, start = [], period.start
    while start <= period.end:
        month = start.month - 1 + months
        first_next = dt.date(start.year + month // 12, month % 12 + 1, 1)
        if months == 3:  # quarters begin in January, April, July, October
            month = ((start.month - 1) // 3 + 1) * 3
            first_next = dt.date(start.year + month // 12, month % 12 + 1, 1)
        end = min(first_next - dt.timedelta(days=1), period.end)
        parts.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return parts[-MAX_BUCKETS:]


def bucket_label(part: Period, whole: Period | None = None) -> str:
    """A sub-period's name: its first day for weeks, the month, or the quarter's months (a part-month at either end
    of the period is named after its month)."""
    days = whole.days if whole is not None else part.days
    if days <= 63:
        return date_format(part.start, "j M")
    if days <= 731:
        return date_format(part.start, "M Y")
    return f"{date_format(part.start, 'M')}–{date_format(part.end, 'M Y')}"


def series(municipality: Municipality, period: Period, key: str, district: District | None = None,
           portfolio: Portfolio | None = None) -> tuple[list[Period], list[float | None]]:
    """One measure's value in each sub-period (without the comparison the measure function would also compute): one
    grouped query over all the sub-periods where the measure has one (selectors.base.measure's `series`)."""
    fn = measure_function(key, public_only=False, portfolio=portfolio)
    if fn is None:
        return [], []
    parts = buckets(period)
    return parts, fn.series(municipality, parts, district)  # type: ignore[attr-defined]


@dataclass
class ProfileView:
    table: tables.Table
    without_baseline: list[str]


def profile_view(municipality: Municipality) -> ProfileView | None:
    """The district profile (Wijkprofiel) as a table: per district each theme's index (the baseline is 100), the
    overall index, strong and weak themes, and the indicators left out because their figure is empty (their
    weight is spread over the others). None when the municipality has no profile."""
    found = profile_selectors.district_profiles(municipality=municipality)
    if found is None:
        return None
    names = [t.theme.name for t in found.themes]
    wave = _(", meetronde %(wave)s") % {"wave": found.wave.name} if found.wave is not None else ""
    table = tables.Table("wijkprofiel", _("%(title)s: index per wijk (nulmeting = 100)%(wave)s")
                         % {"title": found.profile.title, "wave": wave},
                         [_("Wijk"), *names, _("Totaal"), _("Sterk"), _("Zwak"), _("Niet meegeteld (geen cijfer)")],
                         numeric=set(range(1, len(names) + 2)))
    for d in found.districts:
        values = [d.themes.get(n) for n in names] + [d.overall]
        table.add([d.district.name, *values, ", ".join(d.strong), ", ".join(d.weak), ", ".join(d.missing)],
                  [d.district.name, *[tables.number(v, "score") for v in values], ", ".join(d.strong) or "–",
                   ", ".join(d.weak) or "–", ", ".join(d.missing) or "–"])
    return ProfileView(table, found.without_baseline)


def _estimate_text(e) -> str:  # noqa: ANN001 - a measures.Estimate
    if e.suppressed:
        return _("minder dan 10 antwoorden")
    return f"{tables.number(e.mean, 'score')} ({tables.number(e.low, 'score')}–{tables.number(e.high, 'score')})"


def involvement_view(municipality: Municipality, period: Period) -> tables.Table | None:
    """The headline statement of the survey run in the period: its latest wave that closed in the period against
    that survey's baseline wave, per district and for the municipality, each mean with its 95 % interval and the
    difference with its interval; cells with fewer than 10 answers suppressed. None without both waves."""
    from wijkgericht.evaluation.models import Wave
    from wijkgericht.evaluation.selectors import involvement, survey

    question = involvement.headline(municipality, period)
    if question is None:
        return None
    latest = (Wave.objects.filter(survey=question.survey, closes_on__gte=period.start, closes_on__lte=period.end)
              .order_by("-closes_on", "-pk").first())
    baseline = survey.baseline_wave(survey=question.survey)
    if latest is None or baseline is None or latest.pk == baseline.pk:
        return None
    table = tables.Table("betrokkenheid", _("„%(question)s”: %(after)s tegenover %(before)s (gemiddelde met 95 %%-"
                                            "betrouwbaarheidsinterval)")
                         % {"question": question.text, "after": latest.name, "before": baseline.name},
                         [_("Wijk"), baseline.name, latest.name, _("Verschil"), _("Aantal antwoorden")],
                         numeric={1, 2, 3, 4})
    for row in survey.comparison(question=question, before=baseline, after=latest):
        change = row.change
        shown_change = ("–" if change.value is None else
                        f"{tables.change_text(change.value, 'score')} ({tables.number(change.low, 'score')}–"
                        f"{tables.number(change.high, 'score')})" + (" *" if change.significant else ""))
        name = row.district.name if row.district is not None else _("Hele gemeente")
        counts = f"{row.before.n} / {row.after.n}"
        table.add([name, row.before.mean, row.after.mean, change.value, counts],
                  [name, _estimate_text(row.before), _estimate_text(row.after), shown_change, counts])
    return table
