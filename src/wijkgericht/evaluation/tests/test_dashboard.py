"""The dashboards: public (aggregates only) and staff (with internal measures) in every role, their filters, charts
(SVG with an accessible name, a table beside each) and CSV downloads; checked against the hand-made data set."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.evaluation import charts, selectors, tables
from wijkgericht.evaluation.services import dashboard
from wijkgericht.evaluation.tests.dataset import MARCH, build

pytestmark = pytest.mark.django_db
PUBLIC = "/evaluatie/"
STAFF = "/werkplek/evaluatie/"


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_public_dashboard_every_role(client, roles):
    internal = [fn for fn in selectors.MEASURES if not fn.public]
    for user in (None, roles.resident, roles.civil_servant, roles.district_alderman, roles.administrator):
        client.logout()
        if user is not None:
            sign_in_verified(client, user)
        response = client.get(PUBLIC)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Evaluatie wijkgericht werken" in html
        assert html.count('role="img"') == 3  # map, comparison, time series
        assert 'aria-labelledby="kaart-title kaart-desc"' in html
        assert "style=" not in html.split("<main", 1)[-1]  # CSP: no inline styles in what we add
        for fn in internal:
            assert str(fn.label) not in html


def test_staff_dashboard_only_for_staff(client, roles):
    assert client.get(STAFF).status_code == 302  # to sign in
    sign_in_verified(client, roles.resident)
    assert client.get(STAFF).status_code == 403
    assert client.get(reverse("evaluation:staff_reports")).status_code == 403
    for user in (roles.civil_servant, roles.district_alderman, roles.portfolio_holder, roles.moderator,
                 roles.administrator):
        sign_in_verified(client, user)
        response = client.get(STAFF)
        assert response.status_code == 200, user
        assert "medewerkers" in response.content.decode()
        assert client.get(STAFF + "maatstaven.csv").status_code == 200


def test_filters_and_csv_known_answers(client):
    data = build()
    base = f"/gemeenten/{data.municipality.code}/evaluatie/"
    query = "?van=2025-03-01&tot=2025-03-31&maat=voice.items_per_1000"
    response = client.get(base + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 maart 2025" in html and "31 maart 2025" in html
    expected = {m.key: m for m in selectors.evaluate(data.municipality, MARCH, by_district=True)}
    rows = _rows(client.get(base + "maatstaven.csv" + query))
    assert rows[0][:5] == ["Onderwerp", "Maatstaf", "Deze periode", "Vorige periode", "Verschil"]
    by_key = {row[6]: row for row in rows[1:]}
    assert set(by_key) == set(expected)
    for key, m in expected.items():
        assert by_key[key][2] == ("" if m.value is None else str(round(m.value, 3))), key
        assert by_key[key][3] == ("" if m.comparison is None else str(round(m.comparison, 3))), key
    districts = _rows(client.get(base + "wijken.csv" + query))
    items = expected["voice.items_per_1000"]
    for row in districts[1:]:
        value = items.districts.get(row[1])
        assert row[2] == ("" if value is None else str(round(value, 3)))
    series = _rows(client.get(base + "tijdreeks.csv" + query))
    assert [r[1] for r in series[1:]] == ["2025-03-01", "2025-03-08", "2025-03-15", "2025-03-22", "2025-03-29"]
    assert client.get(base + "onbekend.csv" + query).status_code == 404

    # One district, one subject: only that group's measures, figures of the district.
    one = client.get(base + f"?van=2025-03-01&tot=2025-03-31&wijk={data.a.code}&onderwerp=voice")
    assert one.status_code == 200
    rows = _rows(client.get(base + f"maatstaven.csv?van=2025-03-01&tot=2025-03-31&wijk={data.a.code}"
                                   "&onderwerp=voice"))
    assert {row[6].split(".")[0] for row in rows[1:]} == {"voice"}
    district_figures = {m.key: m for m in selectors.evaluate(data.municipality, MARCH, data.a)}
    for row in rows[1:]:
        value = district_figures[row[6]].value
        assert row[2] == ("" if value is None else str(round(value, 3)))


def test_bad_filters_fall_back_kindly(client):
    data = build()
    base = f"/gemeenten/{data.municipality.code}/evaluatie/"
    response = client.get(base + "?van=2025-03-31&tot=2025-03-01")
    assert response.status_code == 200
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert client.get(base + "?maat=bestaat.niet").status_code == 200  # an unknown choice: the form says so
    assert client.get(base + "?iets=anders").status_code == 302  # unknown parameters redirected away


def test_buckets():
    assert [len(dashboard.buckets(MARCH))] == [5]
    year = dashboard.buckets(dashboard.Period(MARCH.start.replace(month=1), MARCH.start.replace(month=12, day=31)))
    assert len(year) == 12 and year[1].start.isoformat() == "2025-02-01" and year[1].days == 28
    long = dashboard.buckets(dashboard.Period(MARCH.start.replace(year=2020), MARCH.end))
    assert all(p.days <= 92 for p in long) and len(long) <= dashboard.MAX_BUCKETS


def test_charts_are_accessible_and_escaped():
    fmt = tables.formatter("percent")
    svg = charts.bar_chart([charts.BarRow("<Wijk & co>", 50.0, 25.0), charts.BarRow("Leeg", None)], chart_id="t",
                           title="T", description="D", fmt=fmt, value_label="nu", comparison_label="toen")
    assert 'role="img"' in svg and '<title id="t-title">T</title>' in svg and "&lt;Wijk &amp; co&gt;" in svg
    assert "50,0 %" in svg and "–" in svg and "style" not in svg
    square = {"type": "Polygon", "coordinates": [[[4.5, 51.8], [4.6, 51.8], [4.6, 51.9], [4.5, 51.9], [4.5, 51.8]]]}
    svg, bins = charts.map_chart([charts.Area("A", "Aa", square, 10.0), charts.Area("B", "Bb", square, 30.0),
                                  charts.Area("C", "Cc", None, None)], chart_id="m", title="Kaart",
                                 description="D", fmt=fmt, no_data="geen gegevens")
    assert len(bins) == 2 and charts.bin_of(10.0, bins).index == 3 and charts.bin_of(30.0, bins).index == 4
    assert "30,0 %" in svg and "geen gegevens" in svg and re.search(r'class="ev-area ev-area--4"', svg)
    svg = charts.line_chart(["jan", "feb", "mrt"], [charts.Series("A", [1.0, None, 3.0]),
                                                    charts.Series("B", [2.0, 2.0, 2.0])],
                            chart_id="l", title="L", description="D", fmt=fmt)
    assert svg.count("<polyline") == 1 and 'stroke-dasharray="6 4"' in svg  # A has a gap; B is dashed
