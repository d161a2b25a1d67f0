"""The dashboards' portfolio filter (issue #13: "filters by period, district, theme/portfolio") on the hand-made data
set: coordination's measures narrowed to one portfolio's advice requests (known answers), the other measures shown
for every portfolio and saying so, the filter in the page's title and summary and in the CSV file names; and
coordination's measures in a fixed number of grouped queries, however many districts, portfolios and requests."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkgericht.budgets.models import Proposal
from wijkgericht.districts.models import District
from wijkgericht.evaluation.selectors import codecision, coordination, voice
from wijkgericht.evaluation.tests.dataset import MARCH, at, build
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation.models import AdviceRequest, Item, Support, Theme

pytestmark = pytest.mark.django_db
MARCH_QUERY = "van=2025-03-01&tot=2025-03-31"


@pytest.fixture
def data():
    data = build()
    data.sport = Portfolio.objects.get(municipality=data.municipality, name="Sport")
    data.traffic = Portfolio.objects.get(municipality=data.municipality, name="Verkeer")
    return data


def test_coordination_narrowed_to_one_portfolio(data):
    sport = coordination.advice_requests.for_portfolio(data.sport)(data.municipality, MARCH, by_district=True)
    assert (sport.value, sport.comparison, sport.breakdown) == (2.0, 1.0, {"Sport": 2.0})
    assert sport.districts == {"WK999901": 1.0, "WK999902": 1.0, "WK999903": 0.0}
    traffic = coordination.advice_requests.for_portfolio(data.traffic)(data.municipality, MARCH, data.a)
    assert (traffic.value, traffic.breakdown) == (1.0, {"Verkeer": 1.0})
    days = coordination.advice_days.for_portfolio(data.sport)(data.municipality, MARCH)
    assert days.value == 7.0 and days.breakdown == {"Sport": 7.0}  # 4 days and 10 (20 February to 2 March)
    outcomes = coordination.advice_outcomes.for_portfolio(data.sport)(data.municipality, MARCH, by_district=True)
    assert outcomes.value == 100.0
    assert outcomes.breakdown == {"akkoord": 1.0, "akkoord onder voorwaarden": 1.0, "bezwaar": 0.0,
                                  "wacht op antwoord": 1.0}
    assert coordination.advice_outcomes.for_portfolio(data.traffic)(data.municipality, MARCH).value == 0.0
    assert coordination.advice_requests.for_portfolio(None)(data.municipality, MARCH).value == 3.0  # all of them


def _in_march(queryset, field: str = "created_at"):
    return queryset.filter(**{f"{field}__gte": at(3, 1, 0), f"{field}__lt": at(4, 1, 0)})


@pytest.mark.parametrize("by_district", [False, True])  # the rollup's grouped path and the plain one per district
def test_resident_voice_narrowed_to_one_portfolio(data, by_district):
    """Counts of the portfolio's own items (told apart by their theme), checked against the items themselves; the
    portfolios' parts add up to the whole."""
    m = data.municipality
    portfolios = list(Portfolio.objects.filter(municipality=m))
    whole_items = voice.items_per_1000(m, MARCH, by_district=by_district)
    whole_support = voice.support(m, MARCH, by_district=by_district)
    counted_items = counted_support = 0.0
    for portfolio in portfolios:
        items = voice.items_per_1000.for_portfolio(portfolio)(m, MARCH, by_district=by_district)
        own = _in_march(Item.objects.filter(municipality=m, theme__portfolio=portfolio)).exclude(status="rejected")
        assert sum(items.breakdown.values()) == own.count(), portfolio
        support = voice.support.for_portfolio(portfolio)(m, MARCH, by_district=by_district)
        assert support.value == _in_march(Support.objects.filter(item__in=Item.objects.filter(
            municipality=m, theme__portfolio=portfolio))).count(), portfolio
        counted_items += sum(items.breakdown.values())
        counted_support += support.value
    assert counted_items == sum(whole_items.breakdown.values()) > 0
    assert counted_support == whole_support.value


def test_a_theme_moved_to_another_portfolio_counts_with_its_new_one(data):
    m = data.municipality

    def items(portfolio: Portfolio) -> float:
        return sum(voice.items_per_1000.for_portfolio(portfolio)(m, MARCH).breakdown.values())

    before, moving = items(data.sport), items(data.traffic)
    assert before > 0 and moving > 0
    Theme.objects.filter(portfolio=data.traffic).update(portfolio=data.sport)
    assert items(data.sport) == before + moving  # read from the same rollup rows: no rebuild needed
    assert items(data.traffic) == 0.0


def test_co_decision_narrowed_to_one_portfolio(data):
    """The proposals of the portfolio's themes; the portfolios' parts add up to the whole (the published result's
    money is the cost of the chosen proposals); turnout is about the voters and is not narrowed."""
    m = data.municipality
    portfolios = list(Portfolio.objects.filter(municipality=m))
    for key in ("allocated", "realised", "admitted"):
        whole = getattr(codecision, key)(m, MARCH, by_district=True)
        parts = [getattr(codecision, key).for_portfolio(p)(m, MARCH, by_district=True) for p in portfolios]
        assert sum(part.value for part in parts) == whole.value, key
        for code in whole.districts:
            assert sum(part.districts.get(code) or 0 for part in parts) == (whole.districts[code] or 0), (key, code)
    assert codecision.admitted(m, MARCH).value > 0 and codecision.allocated(m, MARCH).value > 0
    sport = codecision.admitted.for_portfolio(data.sport)(m, MARCH)
    assert sport.value == Proposal.objects.filter(item__theme__portfolio=data.sport, share__round__municipality=m,
                                                  status__in=codecision.ON_THE_BALLOT).count()
    assert not hasattr(codecision.turnout, "for_portfolio")


def test_the_dashboard_filters_by_portfolio_without_javascript(client, data):
    base = f"/gemeenten/{data.municipality.code}/evaluatie/"
    html = client.get(f"{base}?{MARCH_QUERY}").content.decode()
    assert 'name="portefeuille"' in html and "Sport (Sport)" in html and "Verkeer (Verkeer)" in html
    query = f"?{MARCH_QUERY}&wijk={data.a.code}&portefeuille={data.sport.pk}"
    response = client.get(base + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Evaluatie wijkgericht werken – Aawijk – Sport" in html
    assert "Aawijk, portefeuille Sport, van 1 maart 2025" in html or "Aawijk, portefeuille Sport" in html
    assert "Alleen portefeuille Sport" in html
    assert html.count("geldt voor alle portefeuilles") >= 10  # every measure outside coordination says so
    response = client.get(base + "maatstaven.csv" + query)
    assert response["Content-Disposition"] == 'attachment; filename="evaluatie-maatstaven-aawijk-sport.csv"'
    rows = {row[6]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["coordination.advice_requests"][2:4] == ["1.0", "1.0"]  # Aawijk's Sport requests: i1 now, i5 before
    assert rows["voice.items_per_1000"][2] != ""  # not narrowed, still there
    wijken = client.get(base + "wijken.csv" + query + "&maat=coordination.advice_requests")
    assert wijken["Content-Disposition"].endswith('-aawijk-sport.csv"')
    by_code = {row[1]: row for row in csv.reader(io.StringIO(wijken.content.decode()))}
    assert by_code["WK999902"][2] == "1.0"  # Beewijk: one Sport request (the map is per district)
    assert client.get(base + f"?{MARCH_QUERY}&portefeuille=999999").status_code == 200  # unknown: the form says so


def test_coordination_queries_do_not_grow_with_the_data(data):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            for fn in coordination.MEASURES:
                fn(data.municipality, MARCH, by_district=True)
                fn.for_portfolio(data.sport)(data.municipality, MARCH, by_district=True)
        return len(queries)

    before = count()
    for n in range(3):
        District.objects.create(municipality=data.municipality, code=f"WK99999{n}", name=f"Extra {n}",
                                slug=f"extra-{n}", key_figures={"aantal_inwoners": 100})
    item = Item.objects.filter(municipality=data.municipality).first()
    for n in range(5):
        portfolio = Portfolio.objects.create(municipality=data.municipality, name=f"Portefeuille {n}")
        Theme.objects.create(municipality=data.municipality, name=f"Thema {n}", slug=f"thema-{n}", portfolio=portfolio)
        for day in range(1, 9):
            made = AdviceRequest.objects.create(item=item, portfolio=portfolio, question="Wat vindt u?")
            AdviceRequest.objects.filter(pk=made.pk).update(
                requested_at=at(3, day), answer="agree", reasoning="Goed", answered_at=at(3, day + 5))
    assert count() == before
    assert before <= 3 * 2 * 9, before  # three measures, whole and narrowed: a handful of grouped queries each
