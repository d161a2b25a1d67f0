"""The survey's tallies (models.SurveyTally) stay equal to a recount of the answers after each response the
survey's service stores: counted once the response commits, nothing for one refused or rolled back; the command
evaluation_rollup recounts them. Runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wijkgericht.evaluation import tallies
from wijkgericht.evaluation.models import SurveyTally
from wijkgericht.evaluation.selectors import survey as selectors
from wijkgericht.evaluation.services import survey as services
from wijkgericht.evaluation.tests.dataset import build
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 10)


def _stored(wave_id: int) -> set[tuple]:
    return {(t.district_id, t.question_id, t.n, t.total, t.squares) for t in SurveyTally.objects.filter(wave_id=wave_id)}


def _counted(wave_id: int) -> set[tuple]:
    return {(t.district_id, t.question_id, t.n, t.total, t.squares) for t in tallies._rows(wave_id, None)}


@pytest.fixture
def data():
    found = build()
    found.wave.opens_on = found.wave.closes_on = DAY
    found.wave.save()
    return found


def test_a_response_is_counted_once_it_commits(data, django_capture_on_commit_callbacks):
    before = selectors.result(question=data.q_ten, waves=[data.wave], district=data.a)
    responses = selectors.response_counts(wave=data.wave)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 10, data.q_five.pk: 1},
                                 account=make_user("een@example.nl").pk, today=DAY)
        services.response_submit(wave=data.wave, district=data.b, scores={data.q_ten.pk: 2},
                                 account=make_user("twee@example.nl").pk, today=DAY)
    assert selectors.result(question=data.q_ten, waves=[data.wave], district=data.a).n == before.n  # not yet
    for callback in waiting:
        callback()
    after = selectors.result(question=data.q_ten, waves=[data.wave], district=data.a)
    assert after.n == before.n + 1 and after.mean > before.mean
    assert selectors.response_counts(wave=data.wave) == {
        data.a.pk: responses[data.a.pk] + 1, data.b.pk: responses[data.b.pk] + 1}
    assert _stored(data.wave.pk) == _counted(data.wave.pk)


def test_a_refused_response_counts_nothing(data, django_capture_on_commit_callbacks):
    user = make_user("dubbel@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 8}, account=user.pk,
                                 today=DAY)
    stored = _stored(data.wave.pk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.response_submit(wave=data.wave, district=data.a, scores={data.q_ten.pk: 1}, account=user.pk,
                                 today=DAY)
    assert _stored(data.wave.pk) == stored == _counted(data.wave.pk)


def test_the_command_recounts_answers_written_past_the_service(data):
    SurveyTally.objects.all().delete()
    out = io.StringIO()
    call_command("evaluation_rollup", "--municipality", data.municipality.code, stdout=out)
    assert "Survey tallies rebuilt" in out.getvalue()
    assert _stored(data.wave.pk) == _counted(data.wave.pk) != set()
