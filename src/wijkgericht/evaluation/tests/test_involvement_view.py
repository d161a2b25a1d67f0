"""The dashboards' survey section: the headline statement's latest wave in the chosen period against its survey's
baseline wave, per district with 95 % intervals and the difference with its interval, small cells suppressed
(known answers on the hand-made data set)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from wijkgericht.evaluation import tallies
from wijkgericht.evaluation.models import Answer, Response, Wave
from wijkgericht.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db


def test_the_latest_wave_against_the_baseline(client):
    data = build()  # baseline March 2025: Aawijk six 6s and six 8s, Beewijk five 10s
    later = Wave.objects.create(survey=data.survey, name="Meting 2026", opens_on=dt.date(2026, 3, 1),
                                closes_on=dt.date(2026, 3, 15))
    for _n in range(10):
        response = Response.objects.create(wave=later, district=data.a)
        Answer.objects.create(response=response, question=data.q_ten, wave=later, district=data.a, value=9)
    tallies.rebuild([later.pk])  # written past the survey's service
    base = f"/gemeenten/{data.municipality.code}/evaluatie/"
    html = client.get(base + "?van=2026-01-01&tot=2026-12-31").content.decode()
    assert 'id="betrokkenheid-kop"' in html
    section = html.split('id="betrokkenheid-kop"', 1)[1].split("</section>", 1)[0]
    row = section.split('scope="row">Aawijk</th>', 1)[1].split("</tr>", 1)[0]
    # 7.0 ± 2.201 × √(12/11 / 12) = 6.34–7.66; after 9.0 with no spread; Welch: +2.0 (1.34–2.66), beyond chance
    assert "7,0 (6,3–7,7)" in row and "9,0 (9,0–9,0)" in row and "+2,0 (1,3–2,7) *" in row and "12 / 10" in row
    assert "minder dan 10 antwoorden" in section.split('scope="row">Beewijk</th>', 1)[1].split("</tr>", 1)[0]
    rows = list(csv.reader(io.StringIO(client.get(base + "betrokkenheid.csv?van=2026-01-01&tot=2026-12-31")
                                       .content.decode())))
    assert rows[0] == ["Wijk", "Nulmeting 2025", "Meting 2026", "Verschil", "Aantal antwoorden"]
    assert rows[1] == ["Aawijk", "7.0", "9.0", "2.0", "12 / 10"]
    assert rows[2][:4] == ["Beewijk", "", "", ""]  # suppressed
    # A period with only the baseline wave: nothing to compare, no section.
    assert 'id="betrokkenheid-kop"' not in client.get(base + "?van=2025-01-01&tot=2025-12-31").content.decode()
