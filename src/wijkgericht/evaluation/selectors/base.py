"""Helpers shared by the measure modules: a period's bounds as aware datetimes, and computing a figure for a
period, its comparison period and per district with one function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.utils import timezone

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Measure, Period


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes in the site's time zone: from the first day's midnight to the midnight after
    the last day."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def districts_of(municipality: Municipality) -> list[District]:
    return list(District.objects.filter(municipality=municipality).only("id", "code", "name").order_by("name"))


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
        return compute

    return wrap
