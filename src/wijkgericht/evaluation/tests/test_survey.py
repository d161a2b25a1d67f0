"""The involvement survey: one answer per resident per wave (account or single-use code) stored without identity,
results with 95 % intervals and small cells suppressed (known answers), before/after differences, moderated
open answers, and the residents' page without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wijkgericht.districts.paths import page_path
from wijkgericht.evaluation import tallies
from wijkgericht.evaluation.measures import MIN_CELL, difference, estimate, t975
from wijkgericht.evaluation.models import Answer, OpenAnswer, Respondent, Response, SurveyCode, Wave
from wijkgericht.evaluation.selectors import survey as selectors
from wijkgericht.evaluation.services import survey as services
from wijkgericht.evaluation.tests.dataset import build
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 10)


@pytest.fixture
def data():
    return build()


def test_interval_known_answer():
    cell = estimate(12, 6 * 6 + 8 * 6, 36 * 6 + 64 * 6)  # six 6s and six 8s: variance 12/11
    assert (cell.mean, cell.low, cell.high) == (7.0, 6.336, 7.664)
    assert estimate(MIN_CELL - 1, 63, 441).mean is None  # fewer than 10: suppressed
    assert estimate(MIN_CELL - 1, 63, 441).suppressed


def test_difference_known_answer():
    before = estimate(12, 84, 600)
    after = estimate(12, 7 * 6 + 9 * 6, 49 * 6 + 81 * 6)  # mean 8, same spread; Welch df 22
    change = difference(before, after)
    assert (change.value, change.low, change.high) == (1.0, 0.116, 1.884)
    assert change.significant
    assert difference(before, estimate(5, 40, 320)).value is None


def test_t_quantiles():
    assert t975(11) == 2.201
    assert abs(t975(120) - 1.980) < 0.001
    assert abs(t975(1000) - 1.962) < 0.001


def test_results_per_district_with_suppression(data):
    cells = selectors.results_by_district(question=data.q_ten, waves=[data.wave])
    assert (cells[data.a.id].n, cells[data.a.id].mean, cells[data.a.id].low) == (12, 7.0, 6.336)
    assert cells[data.b.id].suppressed and cells[data.b.id].mean is None
    assert cells[data.c.id].n == 0


def test_before_after_comparison(data):
    later = Wave.objects.create(survey=data.survey, name="Meting 2026", opens_on=dt.date(2026, 3, 1),
                                closes_on=dt.date(2026, 3, 15))
    for value in [7] * 6 + [9] * 6:
        response = Response.objects.create(wave=later, district=data.a)
        Answer.objects.create(response=response, question=data.q_ten, wave=later, district=data.a, value=value)
    tallies.rebuild([later.pk])  # written past the survey's service
    rows = {row.district.code if row.district else None: row
            for row in selectors.comparison(question=data.q_ten, before=data.wave, after=later)}
    assert (rows["WK999901"].change.low, rows["WK999901"].change.high) == (0.116, 1.884)
    assert rows["WK999902"].change.value is None  # Beewijk: 5 before, 0 after
    assert rows[None].before.n == 17 and rows[None].after.n == 12


def test_one_answer_per_account_stored_without_identity(data):
    data.wave.opens_on, data.wave.closes_on = DAY, DAY
    data.wave.save()
    user = make_user("meedoen@example.nl")
    services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 9}, open_text="Meer bankjes",
                             account=user.pk, today=DAY)
    with pytest.raises(ValidationError) as caught:
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 2}, account=user.pk,
                                 today=DAY)
    assert caught.value.code == "already"
    assert Respondent.objects.filter(wave=data.wave).count() == 1
    assert Answer.objects.filter(wave=data.wave, value=9).count() == 1
    assert not Answer.objects.filter(wave=data.wave, value=2).exists()
    # Nothing in the answers' tables names the account: no user column, no time stamp, no link to the respondent.
    for model in (Respondent, Response, Answer, OpenAnswer):
        columns = {f.column for f in model._meta.concrete_fields}
        assert not columns & {"user_id", "created_at", "respondent_id", "account_id"}
    token = Respondent.objects.get(wave=data.wave).token
    assert len(token) == 64 and token == services.respondent_token(data.wave.pk, account=user.pk)
    assert services.has_answered(wave=data.wave, account=user.pk)


def test_single_use_codes(data):
    data.wave.opens_on, data.wave.closes_on, data.wave.with_code = DAY, DAY, True
    data.wave.save()
    codes = services.codes_issue(wave=data.wave, district=data.b, count=3)
    assert len(set(codes)) == 3 and all(services.code_looks_valid(c) for c in codes)
    assert not SurveyCode.objects.filter(code_hash__in=codes).exists()  # only hashes stored
    typed = services.code_format(codes[0]).lower()
    services.response_submit(wave=data.wave, district=data.a, scores={data.q_five.pk: 4}, code=typed, today=DAY)
    answer = Answer.objects.get(wave=data.wave, question=data.q_five, value=4)
    assert answer.district == data.b  # the code's district, whatever was asked
    with pytest.raises(ValidationError):
        services.response_submit(wave=data.wave, district=data.b, scores={data.q_five.pk: 1}, code=codes[0],
                                 today=DAY)
    with pytest.raises(ValidationError):
        services.response_submit(wave=data.wave, district=data.b, scores={data.q_five.pk: 1},
                                 code="ACDE-FGHJ-KMNP", today=DAY)


def test_closed_wave_and_out_of_range(data):
    user = make_user("laat@example.nl")
    with pytest.raises(ValidationError):
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 5}, account=user.pk,
                                 today=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError):
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_five.pk: 7}, account=user.pk,
                                 today=DAY)
    assert not Respondent.objects.filter(wave=data.wave).exists()  # the refusal rolled everything back


def test_open_answers_only_after_moderation_and_anonymised(data):
    data.wave.opens_on, data.wave.closes_on = DAY, DAY
    data.wave.save()
    services.response_submit(wave=data.wave, district=data.a, scores={}, open_text="Jan de Vries op nr 4 is lief",
                             account=make_user("a@example.nl").pk, today=DAY)
    services.response_submit(wave=data.wave, district=data.a, scores={}, open_text="Onzin",
                             account=make_user("b@example.nl").pk, today=DAY)
    assert selectors.approved_open_answers(municipality=data.municipality) == []
    first, second = selectors.moderation_queue(municipality=data.municipality).order_by("text")
    services.open_answer_moderate(answer=first, approve=True, public_text="[naam] is lief")
    services.open_answer_moderate(answer=second, approve=False)
    shown = selectors.approved_open_answers(municipality=data.municipality)
    assert [a.public_text for a in shown] == ["[naam] is lief"]
    assert not selectors.moderation_queue(municipality=data.municipality).exists()


def test_the_page_without_javascript(client, data, settings):
    settings.WIJKGERICHT_DEFAULT_MUNICIPALITY = "GM9999"
    today = dt.date.today()
    data.wave.opens_on, data.wave.closes_on = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    data.wave.save()
    # Districts on the map need neighbourhoods of the active division: Aawijk and Beewijk have them.
    index = client.get(page_path("evaluation:surveys", data.municipality))
    url = page_path("evaluation:survey_answer", data.municipality, wave_id=data.wave.pk)
    assert url in index.content.decode()
    assert b"Log in" in client.get(url).content  # accounts only in this wave
    user = make_user("pagina@example.nl")
    client.force_login(user)
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "<fieldset" in page and "<textarea" in page
    response = client.post(url, {"wijk": "beewijk", f"vraag_{data.q_ten.pk}": "8", f"vraag_{data.q_five.pk}": "5",
                                 f"vraag_{data.q_open.pk}": "Meer groen"})
    assert response.status_code == 302
    assert Answer.objects.filter(wave=data.wave, district=data.b, question=data.q_ten, value=8).exists()
    assert OpenAnswer.objects.filter(wave=data.wave, status="pending", text="Meer groen").exists()
    assert "al meegedaan" in client.get(url).content.decode()


def test_the_page_with_a_code(client, data, settings):
    settings.WIJKGERICHT_DEFAULT_MUNICIPALITY = "GM9999"
    today = dt.date.today()
    data.wave.opens_on, data.wave.closes_on = today, today
    data.wave.with_account, data.wave.with_code = False, True
    data.wave.save()
    code = services.codes_issue(wave=data.wave, district=data.a, count=1)[0]
    url = page_path("evaluation:survey_answer", data.municipality, wave_id=data.wave.pk)
    wrong = client.post(url, {"code": "ACDE-FGHJ-KMNX", f"vraag_{data.q_ten.pk}": "3"})
    assert wrong.status_code == 200 and "klopt niet" in wrong.content.decode()
    assert client.post(url, {"code": code, f"vraag_{data.q_ten.pk}": "3"}).status_code == 302
    assert Answer.objects.filter(wave=data.wave, district=data.a, value=3).exists()


def test_codes_command(data, tmp_path):
    from django.core.management import call_command

    data.wave.with_code = True
    data.wave.save()
    out = tmp_path / "codes.csv"
    call_command("evaluation_codes", wave=data.wave.pk, district="WK999902", count=5, out=out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code;wijk;adres" and len(lines) == 6
    code = lines[1].split(";")[0]
    assert services.code_looks_valid(code) and services.code_district(wave=data.wave, code=code) == data.b
    assert SurveyCode.objects.filter(wave=data.wave, district=data.b).count() == 5
