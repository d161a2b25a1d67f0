"""Every measure on the hand-made data set (dataset.py) against its known answer, for the municipality, per
district and for the comparison period. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest

from wijkgericht.evaluation import selectors, tallies
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors import acquaintance, codecision, coordination, involvement, voice
from wijkgericht.evaluation.tests.dataset import MARCH, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def test_period_and_its_comparison():
    assert MARCH.days == 31
    assert MARCH.previous() == Period(dt.date(2025, 1, 29), dt.date(2025, 2, 28))


def _check(fn, data, value, comparison, districts, breakdown=None):
    result = fn(data.municipality, MARCH, by_district=True)
    assert result.value == value
    assert result.comparison == comparison
    assert {code: result.districts.get(code) for code in districts} == districts
    if breakdown is not None:
        assert result.breakdown == breakdown
    for code, expected in districts.items():  # the same figure asked for one district
        district = {d.code: d for d in (data.a, data.b, data.c)}[code]
        assert fn(data.municipality, MARCH, district).value == expected
    assert result.definition and result.label
    return result


def test_activities_held_by_kind(data):
    _check(acquaintance.activities, data, 2.0, 1.0, {"WK999901": 2.0, "WK999902": 1.0, "WK999903": 0.0},
           {"Fietstocht": 1.0, "Wijkavond": 1.0})


def test_residents_and_partners_reached(data):
    _check(acquaintance.residents_reached, data, 42.0, 7.0, {"WK999901": 42.0, "WK999902": 12.0, "WK999903": 0.0})
    _check(acquaintance.partners_reached, data, 2.0, 0.0, {"WK999901": 2.0, "WK999902": 2.0, "WK999903": 0.0})


def test_districts_not_visited_for_90_days(data):
    result = _check(acquaintance.not_visited, data, 1.0, 2.0, {"WK999901": 0.0, "WK999902": 0.0, "WK999903": 1.0})
    assert result.breakdown == {"Ceewijk": 1.0}


def test_requests_honoured_and_how_fast(data):
    _check(acquaintance.requests_honoured, data, 50.0, None, {"WK999901": 50.0, "WK999902": 50.0,
                                                               "WK999903": None},
           {"open": 1.0, "ingepland": 2.0, "niet ingepland": 1.0})
    _check(acquaintance.request_days, data, 11.0, None, {"WK999901": 19.0, "WK999902": 3.0, "WK999903": None})


def test_follow_up_actions_on_time(data):
    _check(acquaintance.actions_on_time, data, 50.0, None, {"WK999901": 50.0, "WK999902": 100.0, "WK999903": None})


def test_items_per_1000_inhabitants(data):
    _check(voice.items_per_1000, data, 0.75, 0.25, {"WK999901": 1.0, "WK999902": 2.0, "WK999903": 0.0},
           {"idee": 1.0, "melding": 1.0, "bewonersinitiatief": 1.0})


def test_items_per_1000_unknown_when_inhabitants_are(data):
    data.c.key_figures = {"aantal_inwoners": None}  # CBS suppressed: unknown, never zero
    data.c.save()
    assert voice.items_per_1000(data.municipality, MARCH).value is None


def test_support(data):
    _check(voice.support, data, 4.0, 0.0, {"WK999901": 3.0, "WK999902": 1.0, "WK999903": 0.0})


def test_answered_within_14_days(data):
    _check(voice.answered_within, data, 33.3, 0.0, {"WK999901": 50.0, "WK999902": 0.0, "WK999903": None})


def test_median_days_to_a_decision(data):
    _check(voice.days_to_decision, data, 25.0, None, {"WK999901": 25.0, "WK999902": None, "WK999903": None})


def test_share_reopened(data):
    _check(voice.reopened, data, 50.0, 100.0, {"WK999901": 100.0, "WK999902": 0.0, "WK999903": None})


def test_advice_requests_per_portfolio(data):
    _check(coordination.advice_requests, data, 3.0, 1.0, {"WK999901": 2.0, "WK999902": 1.0, "WK999903": 0.0},
           {"Sport": 2.0, "Verkeer": 1.0})


def test_waiting_time_to_the_advice(data):
    _check(coordination.advice_days, data, 10.0, None, {"WK999901": 10.0, "WK999902": None, "WK999903": None},
           {"Sport": 7.0, "Verkeer": 10.0})


def test_advice_outcomes(data):
    _check(coordination.advice_outcomes, data, 66.7, None, {"WK999901": 66.7, "WK999902": None, "WK999903": None},
           {"akkoord": 1.0, "akkoord onder voorwaarden": 1.0, "bezwaar": 1.0, "wacht op antwoord": 1.0})


def test_budget_turnout(data):
    # 130 voters of 2000 (Aawijk) + 300 (the one neighbourhood of Beewijk that could vote) inhabitants
    _check(codecision.turnout, data, 5.7, None, {"WK999901": 5.0, "WK999902": 10.0, "WK999903": None})


def test_money_allocated_and_realised(data):
    _check(codecision.allocated, data, 12000.0, 0.0, {"WK999901": 8000.0, "WK999902": 4000.0},
           {"beschikbaar budget": 15000.0})
    _check(codecision.realised, data, 5000.0, 0.0, {"WK999901": 5000.0, "WK999902": 0.0, "WK999903": 0.0})


def test_proposals_admitted(data):
    result = _check(codecision.admitted, data, 4.0, 0.0, {"WK999901": 3.0, "WK999902": 1.0, "WK999903": 0.0})
    assert result.breakdown == {"niet gekozen": 1.0, "niet haalbaar": 1.0, "gekozen": 3.0, "ingetrokken": 1.0}


def test_involvement_score_suppresses_small_cells(data):
    # Aawijk: six 6s and six 8s; Beewijk: five answers, fewer than 10, not shown
    result = _check(involvement.score, data, 7.882, None, {"WK999901": 7.0, "WK999902": None, "WK999903": None})
    assert result.breakdown == {"Ik voel me betrokken bij mijn wijk": 7.882,  # 134 / 17
                                "De gemeente weet wat er in mijn wijk speelt": 3.588}  # 61 / 17
    _check(involvement.responses, data, 17.0, 0.0, {"WK999901": 12.0, "WK999902": 5.0, "WK999903": 0.0})


def test_evaluate_all_in_order(data):
    measures = selectors.evaluate(data.municipality, MARCH, by_district=True)
    assert [m.key for m in measures] == selectors.measure_keys()
    assert len(set(selectors.measure_keys())) == len(selectors.measure_keys())
    assert {m.group for m in measures} == set(selectors.GROUPS)


def test_involvement_follows_the_survey_run_in_the_period(data):
    """Two surveys: the data set's baseline (closing 15 March 2025) and a new survey with another first statement
    whose wave closed in 2026. Each period is measured with the survey of its latest wave, not with the first."""
    from wijkgericht.evaluation.models import Answer, Question, Response, Survey, Wave

    new = Survey.objects.create(municipality=data.municipality, title="Betrokkenheid, nieuwe vragen")
    first = Question.objects.create(survey=new, key="wethouder", scale="five", order=1,
                                    text="Ik weet wie mijn wijkwethouder is")
    Question.objects.create(survey=new, key="open", scale="open", order=0, text="Wat kan beter?")
    wave = Wave.objects.create(survey=new, name="Meting 2026", opens_on=dt.date(2026, 3, 1),
                               closes_on=dt.date(2026, 3, 15))
    for value in [4] * 5 + [2] * 5:
        response = Response.objects.create(wave=wave, district=data.a)
        Answer.objects.create(response=response, question=first, wave=wave, district=data.a, value=value)
    tallies.rebuild([wave.pk])  # written past the survey's service
    year_2026 = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))

    assert involvement.headline(data.municipality, MARCH) == data.q_ten
    assert involvement.headline(data.municipality, year_2026) == first
    assert involvement.headline(data.municipality) == first  # the latest wave of all
    assert involvement.headline(data.municipality, Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))) is None
    result = involvement.score(data.municipality, year_2026, by_district=True)
    assert result.value == 3.0 and result.districts["WK999901"] == 3.0
    assert result.breakdown == {"Ik weet wie mijn wijkwethouder is": 3.0}
    assert result.comparison == 7.882  # 2025 is measured with the survey of its own wave, the old one
