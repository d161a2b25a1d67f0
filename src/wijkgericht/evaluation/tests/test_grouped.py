"""The grouped computations (selectors.base.measure's `grouped`: both periods and every district in one query, the
time series in one query over its sub-periods) give exactly what the plain figure gives for each period and each
district on its own, on the hand-made data set. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkgericht.evaluation import selectors
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.services import dashboard
from wijkgericht.evaluation.tests.dataset import MARCH, build

pytestmark = pytest.mark.django_db

WINTER = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))  # weeks and months with and without data


@pytest.fixture
def data():
    return build()


@pytest.mark.parametrize("period", [MARCH, WINTER], ids=["march", "winter"])
def test_grouped_equals_the_figure_for_each_period_and_district(data, period):
    m = data.municipality
    grouped = [fn for fn in selectors.MEASURES if fn.grouped is not None]
    assert {fn.key for fn in grouped} >= {"voice.items_per_1000", "voice.support", "voice.answered_within",
                                          "voice.days_to_decision", "codecision.turnout", "involvement.score",
                                          "involvement.responses"}
    for fn in grouped:
        figure = fn.__wrapped__
        result = fn(m, period, by_district=True)
        assert (result.value, result.breakdown) == figure(m, period, None), fn.key
        assert (result.comparison, result.comparison_breakdown) == figure(m, period.previous(), None), fn.key
        for d in (data.a, data.b, data.c):
            assert fn(m, period, d).value == figure(m, period, d)[0], (fn.key, d.code)
            assert result.districts[d.code] == figure(m, period, d)[0], (fn.key, d.code)


@pytest.mark.parametrize("whole", [MARCH, WINTER, Period(dt.date(2024, 6, 1), dt.date(2025, 5, 31))],
                         ids=["weeks", "months", "year"])
def test_series_in_one_query_equals_the_figure_per_part(data, whole):
    parts = dashboard.buckets(whole)
    for fn in selectors.MEASURES:
        figure = fn.__wrapped__
        for district in (None, data.a):
            expected = [figure(data.municipality, part, district)[0] for part in parts]
            assert fn.series(data.municipality, parts, district) == expected, (fn.key, district)
