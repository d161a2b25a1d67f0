"""The involvement survey's tallies (models.SurveyTally): per wave, district and scored question the answers' count,
sum and sum of squares, and per wave and district the responses.

A response is stored once and never changed, so the tally of a wave's district is recomputed from its answers after
the response commits (core/after_commit.py: once per transaction and wave, nothing for a rollback), under a per-wave
lock on PostgreSQL so that two refreshes cannot both insert a cell. A cell holds a few thousand answers at most: the
recount is one grouped query on the answers' cell index. `rebuild` recounts everything: after answers written past
the survey's service (the demo, the bench, tests' data sets) and in the command `wijkgericht evaluation_rollup`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, Sum

from wijkgericht.core.after_commit import once_after_commit
from wijkgericht.core.locks import replace_rows
from wijkgericht.evaluation.models import Answer, Response, SurveyTally

LOCK = "wijkgericht.evaluation.tallies"


def _rows(wave_id: int, district_ids: set[int] | None) -> list[SurveyTally]:
    answers = Answer.objects.filter(wave_id=wave_id)
    responses = Response.objects.filter(wave_id=wave_id)
    if district_ids is not None:
        answers, responses = answers.filter(district_id__in=district_ids), responses.filter(district_id__in=district_ids)
    rows = [SurveyTally(wave_id=wave_id, district_id=row["district"], question_id=row["question"], n=row["n"],
                        total=row["s"] or 0, squares=row["ss"] or 0)
            for row in answers.order_by().values("district", "question").annotate(
                n=Count("id"), s=Sum("value"), ss=Sum(F("value") * F("value")))]
    rows += [SurveyTally(wave_id=wave_id, district_id=row["district"], question_id=None, n=row["n"])
             for row in responses.order_by().values("district").annotate(n=Count("id"))]
    return rows


def refresh(wave_id: int, district_ids: Iterable[int]) -> None:
    """Recount these districts of the wave."""
    district_ids = set(district_ids)
    if not district_ids:
        return
    replace_rows(LOCK, wave_id, SurveyTally.objects.filter(wave_id=wave_id, district_id__in=district_ids),
                 lambda: _rows(wave_id, district_ids))


def rebuild(wave_ids: Iterable[int] | None = None) -> int:
    """Recount the given waves (None: every wave with responses); returns the number of tally rows."""
    ids = sorted(set(wave_ids) if wave_ids is not None else
                 set(Response.objects.order_by().values_list("wave_id", flat=True).distinct()))
    total = 0
    with transaction.atomic():
        if wave_ids is None:
            SurveyTally.objects.exclude(wave_id__in=ids).delete()
        for wave_id in ids:
            total += replace_rows(LOCK, wave_id, SurveyTally.objects.filter(wave_id=wave_id),
                                  lambda wave_id=wave_id: _rows(wave_id, None))
    return total


def response_stored(wave_id: int, district_id: int) -> None:
    """A response of the wave's district was stored: its district is recounted after the commit. Robust: the
    response has committed, so a failing recount is logged (and `evaluation_rollup` puts it right)."""
    once_after_commit(("evaluation_tallies", wave_id), start=set, add=lambda ids: ids.add(district_id),
                      act=lambda ids: refresh(wave_id, ids))
