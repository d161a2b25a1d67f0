"""The involvement survey's reads: open waves, results per district with 95 % confidence intervals (cells with fewer
than 10 answers suppressed), before/after differences, moderated open answers. Count, sum and sum of squares per
cell come from the tallies (models.SurveyTally, kept by evaluation.tallies), the interval from those."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Difference, Estimate, difference, estimate
from wijkgericht.evaluation.models import OpenAnswer, Question, Survey, SurveyTally, Wave


def surveys(*, municipality: Municipality) -> QuerySet[Survey]:
    return Survey.objects.filter(municipality=municipality)


def open_waves(*, municipality: Municipality, on: dt.date) -> QuerySet[Wave]:
    return (Wave.objects.filter(survey__municipality=municipality, opens_on__lte=on, closes_on__gte=on)
            .select_related("survey"))


def open_wave(*, municipality: Municipality, wave_id: int, on: dt.date) -> Wave | None:
    return open_waves(municipality=municipality, on=on).filter(pk=wave_id).first()


def waves(*, survey: Survey) -> list[Wave]:
    return list(survey.waves.order_by("opens_on", "pk"))


def baseline_wave(*, survey: Survey) -> Wave | None:
    return survey.waves.filter(kind=Wave.Kind.BASELINE).order_by("opens_on", "pk").first()


def questions(*, survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("order", "pk"))


def scored_questions(*, survey: Survey) -> list[Question]:
    return [q for q in questions(survey=survey) if q.scale != Question.Scale.OPEN]


def _cells(queryset: QuerySet[SurveyTally], group: str | None) -> dict[object, Estimate]:
    sums = dict(n=Sum("n"), s=Sum("total"), ss=Sum("squares"))
    if group is None:
        row = queryset.aggregate(**sums)
        return {None: estimate(row["n"] or 0, float(row["s"] or 0), float(row["ss"] or 0))}
    rows = queryset.order_by().values(group).annotate(**sums)
    return {row[group]: estimate(row["n"], float(row["s"] or 0), float(row["ss"] or 0)) for row in rows}


def _answers(question: Question, wave_ids: list[int]) -> QuerySet[SurveyTally]:
    """The tallies of the question's answers in the waves."""
    return SurveyTally.objects.filter(question=question, wave_id__in=wave_ids)


def result(*, question: Question, waves: list[Wave], district: District | None = None) -> Estimate:
    """The mean score of one question over the waves' answers (one district, or all), with its interval."""
    queryset = _answers(question, [w.id for w in waves])
    if district is not None:
        queryset = queryset.filter(district=district)
    return _cells(queryset, None)[None]


def results_by_district(*, question: Question, waves: list[Wave]) -> dict[int, Estimate]:
    """Per district id: the mean with its interval (districts without answers: n = 0, suppressed)."""
    cells = _cells(_answers(question, [w.id for w in waves]), "district")
    ids = District.objects.filter(municipality_id=question.survey.municipality_id).values_list("id", flat=True)
    return {i: cells.get(i, estimate(0, 0.0, 0.0)) for i in ids}


@dataclass(frozen=True)
class Row:
    """One line of a results table: a district (None: the municipality), before, after and the difference."""

    district: District | None
    before: Estimate
    after: Estimate
    change: Difference


def comparison(*, question: Question, before: Wave, after: Wave) -> list[Row]:
    """The question's results per district and for the whole municipality, for two waves, with the difference."""
    first = results_by_district(question=question, waves=[before])
    second = results_by_district(question=question, waves=[after])
    rows = []
    for district in District.objects.filter(municipality_id=question.survey.municipality_id).order_by("name"):
        a, b = first[district.id], second[district.id]
        rows.append(Row(district, a, b, difference(a, b)))
    a, b = result(question=question, waves=[before]), result(question=question, waves=[after])
    rows.append(Row(None, a, b, difference(a, b)))
    return rows


def response_counts(*, wave: Wave) -> dict[int, int]:
    """Filled-in surveys per district id."""
    return {row["district"]: row["n"] for row in SurveyTally.objects.filter(wave=wave, question__isnull=True)
            .order_by().values("district").annotate(n=Sum("n"))}


def approved_open_answers(*, municipality: Municipality, district: District | None = None,
                          wave: Wave | None = None, limit: int | None = None) -> list[OpenAnswer]:
    """Open answers a moderator approved, in their anonymised form only (`public_text`)."""
    queryset = (OpenAnswer.objects.filter(wave__survey__municipality=municipality,
                                          status=OpenAnswer.Status.APPROVED)
                .exclude(public_text="").select_related("district", "wave").order_by("district__name", "id"))
    if district is not None:
        queryset = queryset.filter(district=district)
    if wave is not None:
        queryset = queryset.filter(wave=wave)
    return list(queryset[:limit] if limit else queryset)


def moderation_queue(*, municipality: Municipality) -> QuerySet[OpenAnswer]:
    return (OpenAnswer.objects.filter(wave__survey__municipality=municipality, status=OpenAnswer.Status.PENDING)
            .select_related("district", "wave", "question").order_by("wave__opens_on", "id"))
