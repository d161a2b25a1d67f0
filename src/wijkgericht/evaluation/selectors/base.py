"""Helpers shared by the measure modules: a period's bounds as aware datetimes, and computing a figure for a
period, its comparison period and per district with one function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.db import connection
from django.db.models import Aggregate, DurationField, ExpressionWrapper, F, FloatField, QuerySet
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


def measure(*, key: str, group: str, label: str, definition: str, unit: str, public: bool = True,
            per_district: PerDistrict | None = None) -> Callable[[Figure], Callable[..., Measure]]:
    """Turn a figure for one period into a measure function of the selectors' interface. `per_district`, when given,
    computes all districts at once (one grouped query) for `by_district=True`; otherwise the figure is computed per
    district."""

    def wrap(figure: Figure) -> Callable[..., Measure]:
        @wraps(figure)
        def compute(municipality: Municipality, period: Period, district: District | None = None, *,
                    by_district: bool = False) -> Measure:
            previous = period.previous()
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
