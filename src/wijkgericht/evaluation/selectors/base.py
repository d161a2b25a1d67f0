"""Helpers shared by the measure modules: a period's bounds as aware datetimes, and computing a figure for a
period, its comparison period and per district with one function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial, wraps
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Measure, Period, median


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes in the site's time zone: from the first day's midnight to the midnight after
    the last day."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def districts_of(municipality: Municipality) -> list[District]:
    return list(District.objects.filter(municipality=municipality).only("id", "code", "name", "key_figures")
                .order_by("name"))


# A figure: (municipality, period, district or None) → (value, breakdown) for that one period.
Figure = Callable[[Municipality, Period, "District | None"], tuple[float | None, dict[str, float | None]]]
# A per-district figure: (municipality, period) → {district id: value}, in one query for all districts.
PerDistrict = Callable[[Municipality, Period], dict[int, float | None]]


@dataclass
class Cell:
    """A grouped figure for one period: the value, its breakdown and (when asked) every district's value by id."""

    value: float | None
    breakdown: dict[str, float | None] = field(default_factory=dict)
    districts: dict[int, float | None] = field(default_factory=dict)


# A grouped figure: (municipality, periods, district or None, by_district) → one Cell per period, in as few queries as
# the data allows (one grouped query per table for all the periods and all districts).
Grouped = Callable[[Municipality, Sequence[Period], "District | None", bool], list[Cell]]


def in_periods(field_name: str, periods: Sequence[Period]) -> tuple[Q, Case]:
    """Rows whose moment `field_name` falls in one of the (disjoint) periods, and an expression for which one:
    0, 1, … in the order given (for conditional aggregation: both periods, or every month, in one query)."""
    spans = [bounds(p) for p in periods]
    within = Q(**{f"{field_name}__gte": min(s for s, _e in spans), f"{field_name}__lt": max(e for _s, e in spans)})
    which = Case(*[When(Q(**{f"{field_name}__gte": s, f"{field_name}__lt": e}), then=Value(n))
                   for n, (s, e) in enumerate(spans)], output_field=IntegerField())
    return within, which


def measure(*, key: str, group: str, label: str, definition: str, unit: str, public: bool = True,
            per_district: PerDistrict | None = None, grouped: Grouped | None = None
            ) -> Callable[[Figure], Callable[..., Measure]]:
    """Turn a figure for one period into a measure function of the selectors' interface. `grouped`, when given,
    computes the period, its comparison period and every district in one go (and the time series: `series`);
    `per_district`, when given, computes all districts at once (one grouped query) for `by_district=True`;
    otherwise the figure is computed per district."""

    def wrap(figure: Figure) -> Callable[..., Measure]:
        @wraps(figure)
        def compute(municipality: Municipality, period: Period, district: District | None = None, *,
                    by_district: bool = False) -> Measure:
            previous = period.previous()
            if grouped is not None:
                every = by_district and district is None
                now, before = grouped(municipality, [period, previous], district, every)
                result = Measure(key=key, group=group, label=str(label), definition=str(definition), unit=unit,
                                 value=now.value, comparison=before.value, breakdown=now.breakdown,
                                 comparison_breakdown=before.breakdown, public=public)
                if every:
                    codes = districts_of(municipality)
                    result.districts = {d.code: now.districts.get(d.id) for d in codes}
                    result.comparison_districts = {d.code: before.districts.get(d.id) for d in codes}
                return result
            value, breakdown = figure(municipality, period, district)
            comparison, comparison_breakdown = figure(municipality, previous, district)
            result = Measure(key=key, group=group, label=str(label), definition=str(definition), unit=unit,
                             value=value, comparison=comparison, breakdown=breakdown,
                             comparison_breakdown=comparison_breakdown, public=public)
            if by_district and district is None:
                every = districts_of(municipality)
                if per_district is not None:
                    now, before = per_district(municipality, period), per_district(municipality, previous)
                    result.districts = {d.code: now.get(d.id) for d in every}
                    result.comparison_districts = {d.code: before.get(d.id) for d in every}
                else:
                    for d in every:
                        result.districts[d.code] = figure(municipality, period, d)[0]
                        result.comparison_districts[d.code] = figure(municipality, previous, d)[0]
            return result

        def series(municipality: Municipality, parts: Sequence[Period], district: District | None = None
                   ) -> list[float | None]:
            """The figure in each of the (consecutive) sub-periods: one grouped query where the measure has one."""
            if grouped is not None:
                return [cell.value for cell in grouped(municipality, parts, district, False)]
            return [figure(municipality, part, district)[0] for part in parts]

        compute.series = series  # type: ignore[attr-defined]
        compute.grouped = grouped  # type: ignore[attr-defined]
        compute.key = key  # type: ignore[attr-defined]
        compute.group = group  # type: ignore[attr-defined]
        compute.label = label  # type: ignore[attr-defined] - for choosing a measure without computing it
        compute.unit = unit  # type: ignore[attr-defined]
        compute.public = public  # type: ignore[attr-defined]
        return compute

    return wrap


class _MedianDays(Aggregate):
    """PostgreSQL: the median of an interval in days, computed in the database."""

    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s)) / 86400.0"
    output_field = FloatField()


def _days(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 86400.0


def median_days(queryset: QuerySet, start: str, end: str) -> float | None:
    """The median number of days from field `start` to field `end` over the queryset's rows (rows where either
    is empty are left out). In SQL on PostgreSQL; on the embedded SQLite over the (small) list of differences."""
    queryset = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    if connection.vendor == "postgresql":
        value = queryset.aggregate(m=_MedianDays(ExpressionWrapper(F(end) - F(start), output_field=DurationField())))
        return None if value["m"] is None else round(value["m"], 2)
    result = median([_days(b - a) for a, b in queryset.values_list(start, end)])
    return None if result is None else round(result, 2)


def median_days_and_count(queryset: QuerySet, start: str, end: str) -> tuple[float | None, int]:
    """median_days and the number of rows it is over, in one query on PostgreSQL."""
    queryset = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    if connection.vendor == "postgresql":
        value = queryset.aggregate(m=_MedianDays(ExpressionWrapper(F(end) - F(start), output_field=DurationField())),
                                   n=Count("pk"))
        return (None if value["m"] is None else round(value["m"], 2)), value["n"]
    differences = [_days(b - a) for a, b in queryset.values_list(start, end)]
    result = median(differences)
    return (None if result is None else round(result, 2)), len(differences)


def median_days_by(queryset: QuerySet, group: str, start: str, end: str) -> dict[object, float | None]:
    """median_days per value of field `group` (one grouped query on PostgreSQL)."""
    queryset = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    if connection.vendor == "postgresql":
        rows = (queryset.order_by().values(group)
                .annotate(m=_MedianDays(ExpressionWrapper(F(end) - F(start), output_field=DurationField()))))
        return {row[group]: round(row["m"], 2) for row in rows}
    lists: dict[object, list[float]] = {}
    for key, a, b in queryset.values_list(group, start, end):
        lists.setdefault(key, []).append(_days(b - a))
    return {key: round(median(values) or 0.0, 2) for key, values in lists.items()}


def median_days_cells(queryset: QuerySet, fields: Sequence[str], start: str, end: str
                      ) -> dict[tuple, tuple[float | None, int]]:
    """Per combination of the `fields` (a period number, a district …): the median days from `start` to `end` and
    the number of rows, in one grouped query on PostgreSQL (percentile_cont); on SQLite over the rows."""
    queryset = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False}).order_by()
    if connection.vendor == "postgresql":
        rows = queryset.values(*fields).annotate(
            m=_MedianDays(ExpressionWrapper(F(end) - F(start), output_field=DurationField())), n=Count("pk"))
        return {tuple(row[f] for f in fields): (round(row["m"], 2), row["n"]) for row in rows}
    lists: dict[tuple, list[float]] = {}
    for row in queryset.values_list(*fields, start, end):
        lists.setdefault(tuple(row[:len(fields)]), []).append(_days(row[-1] - row[-2]))
    return {cells: (round(median(values) or 0.0, 2), len(values)) for cells, values in lists.items()}


def median_days_cells_with_total(queryset: QuerySet, part: str, group: str, start: str, end: str
                                 ) -> tuple[dict[tuple, tuple[float | None, int]], dict[tuple, tuple[float | None, int]]]:
    """median_days_cells by (part,) and by (part, group) at once: on PostgreSQL one scan with GROUPING SETS (the
    medians of the whole are over all rows, not of the groups' medians); elsewhere two passes."""
    if connection.vendor != "postgresql":
        return (median_days_cells(queryset, [part], start, end),
                median_days_cells(queryset, [part, group], start, end))
    inner = (queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False}).order_by()
             .annotate(m_part=F(part), m_group=F(group), m_start=F(start), m_end=F(end))
             .values("m_part", "m_group", "m_start", "m_end"))
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.m_part, t.m_group, GROUPING(t.m_group), percentile_cont(0.5) WITHIN GROUP "  # noqa: S608
            f"(ORDER BY EXTRACT(EPOCH FROM t.m_end - t.m_start)) / 86400.0, COUNT(*) FROM ({sql}) t "
            "GROUP BY GROUPING SETS ((t.m_part), (t.m_part, t.m_group))", params)
        whole, per = {}, {}
        for key, grouped_by, total, value, count in cursor.fetchall():
            if total:
                whole[(key,)] = (round(value, 2), count)
            else:
                per[(key, grouped_by)] = (round(value, 2), count)
    return whole, per


def inhabitants(districts: list[District]) -> float | None:
    """CBS inhabitants of the districts together; unknown (None) when any of them is unknown."""
    total = 0.0
    for d in districts:
        value = (d.key_figures or {}).get("aantal_inwoners")
        if value is None:
            return None
        total += float(value)
    return total


def ratio(numerator: float | None, denominator: float | None, per: float = 100.0, digits: int = 1) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(per * numerator / denominator, digits)


def narrowable(build: Callable[[Any], tuple], portfolio: Any = None) -> tuple:
    """The measure functions `build(portfolio)` makes (None: every portfolio), each with its `portfolio` and
    `for_portfolio(other)`: the same measure narrowed to another portfolio, for the dashboards' portfolio filter
    (services.dashboard.narrowed)."""
    found = build(portfolio)
    for fn in found:
        fn.portfolio = portfolio
        fn.for_portfolio = partial(_narrowed, build, fn.key)
    return found


def _narrowed(build: Callable[[Any], tuple], key: str, portfolio: Any) -> Callable[..., Measure]:
    return next(fn for fn in narrowable(build, portfolio) if fn.key == key)
