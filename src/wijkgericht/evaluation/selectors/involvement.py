"""Involvement (the survey): the residents' own verdict, from the waves that closed in the period. Full results
with intervals and before/after differences: selectors.survey."""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period, estimate
from wijkgericht.evaluation.models import Question, SurveyTally, Wave
from wijkgericht.evaluation.selectors import survey as survey_selectors
from wijkgericht.evaluation.selectors.base import Cell, districts_of, measure


def waves_in(municipality: Municipality, period: Period) -> list[Wave]:
    """Waves of the municipality's surveys that closed in the period."""
    return list(Wave.objects.filter(survey__municipality=municipality, closes_on__gte=period.start,
                                    closes_on__lte=period.end).select_related("survey"))


def headline(municipality: Municipality, period: Period | None = None) -> Question | None:
    """The first scored question ("Ik voel me betrokken bij mijn wijk") of the survey measured in the period: the
    survey of the latest wave that closed in it (without a period: of the latest wave of all). A municipality that
    replaced its survey is measured with the one it ran in that period, not with its first. None when no wave
    closed in the period."""
    waves = Wave.objects.filter(survey__municipality=municipality)
    if period is not None:
        waves = waves.filter(closes_on__gte=period.start, closes_on__lte=period.end)
    latest = waves.order_by("-closes_on", "-pk").values("survey_id")[:1]
    return (Question.objects.filter(survey_id__in=latest).exclude(scale=Question.Scale.OPEN)
            .order_by("order", "pk").first())


def _score_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    question, waves = headline(municipality, period), waves_in(municipality, period)
    if question is None or not waves:
        return {}
    cells = survey_selectors.results_by_district(question=question, waves=waves)
    return {i: cell.mean for i, cell in cells.items()}


def _score_grouped(municipality: Municipality, periods: list[Period], district: District | None,
                   by_district: bool) -> list[Cell]:
    """The scores for every period, question and district from one grouped query over the tallies (count, sum and
    sum of squares per wave, question and district; the cells' sums add up exactly). Each period is measured with
    its own survey (headline)."""
    heads = [headline(municipality, period) for period in periods]
    if not any(heads):
        return [Cell(None) for _p in periods]
    waves = list(Wave.objects.filter(survey__municipality=municipality, closes_on__gte=min(p.start for p in periods),
                                     closes_on__lte=max(p.end for p in periods)))
    scored = {q.survey_id: survey_selectors.scored_questions(survey=q.survey) for q in heads if q is not None}
    tallies = SurveyTally.objects.filter(question__in=[q for qs in scored.values() for q in qs], wave__in=waves)
    if district is not None:
        tallies = tallies.filter(district=district)
    keys = ["wave", "question", "district"] if by_district else ["wave", "question"]
    rows = list(tallies.order_by().values(*keys).annotate(n=Sum("n"), s=Sum("total"), ss=Sum("squares")))

    def mean(wave_ids: set[int], question_id: int, district_id: int | None = None) -> float | None:
        n = total = squares = 0
        for row in rows:
            if row["wave"] in wave_ids and row["question"] == question_id and (
                    district_id is None or row["district"] == district_id):
                n, total, squares = n + row["n"], total + (row["s"] or 0), squares + (row["ss"] or 0)
        return estimate(n, float(total), float(squares)).mean

    result = []
    every = districts_of(municipality) if by_district else []
    for period, question in zip(periods, heads, strict=True):
        ids = {w.id for w in waves if period.start <= w.closes_on <= period.end}
        if question is None or not ids:
            result.append(Cell(None))
            continue
        breakdown = {q.text: mean(ids, q.id) for q in scored[question.survey_id]}
        result.append(Cell(mean(ids, question.id), breakdown, {d.id: mean(ids, question.id, d.id) for d in every}))
    return result


@measure(key="involvement.score", group="involvement", label=_("Betrokkenheid volgens inwoners"), unit="score",
         definition=_("Het gemiddelde antwoord op de eerste vraag van de betrokkenheidsmeting (zoals 'Ik voel me "
                      "betrokken bij mijn wijk'), in de meetrondes die in deze periode sloten. Met minder dan 10 "
                      "antwoorden tonen we geen cijfer. Daarnaast het gemiddelde van elke andere vraag."),
         per_district=_score_per_district, grouped=_score_grouped)
def score(municipality: Municipality, period: Period, district: District | None):
    waves = waves_in(municipality, period)
    question = headline(municipality, period)
    if question is None or not waves:
        return None, {}
    breakdown = {}
    for q in survey_selectors.scored_questions(survey=question.survey):
        breakdown[q.text] = survey_selectors.result(question=q, waves=waves, district=district).mean
    return survey_selectors.result(question=question, waves=waves, district=district).mean, breakdown


def _responses(waves) -> QuerySet[SurveyTally]:  # noqa: ANN001 - waves or their ids
    """The tallies of the waves' responses (the rows without a question)."""
    return SurveyTally.objects.filter(wave__in=waves, question__isnull=True)


def _responses_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_responses(waves_in(municipality, period)).order_by().values("district").annotate(n=Sum("n")))
    counts = {row["district"]: float(row["n"]) for row in rows}
    return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}


def _responses_grouped(municipality: Municipality, periods: list[Period], district: District | None,
                       by_district: bool) -> list[Cell]:
    """Responses per period (and district) in one grouped query over the waves that closed in any of them."""
    waves = list(Wave.objects.filter(survey__municipality=municipality, closes_on__gte=min(p.start for p in periods),
                                     closes_on__lte=max(p.end for p in periods)).values_list("id", "closes_on"))
    queryset = _responses([w for w, _c in waves])
    if district is not None:
        queryset = queryset.filter(district=district)
    keys = ["wave", "district"] if by_district else ["wave"]
    rows = list(queryset.order_by().values(*keys).annotate(n=Sum("n"))) if waves else []
    every = districts_of(municipality) if by_district else []
    result = []
    for period in periods:
        ids = {w for w, closes in waves if period.start <= closes <= period.end}
        total = float(sum(r["n"] for r in rows if r["wave"] in ids))
        per = {d.id: float(sum(r["n"] for r in rows if r["wave"] in ids and r["district"] == d.id)) for d in every}
        result.append(Cell(total, {}, per))
    return result


@measure(key="involvement.responses", group="involvement", label=_("Ingevulde betrokkenheidsmetingen"),
         unit="count",
         definition=_("Het aantal inwoners dat de betrokkenheidsmeting invulde in de meetrondes die in deze "
                      "periode sloten. Iedere inwoner kan één keer per meetronde meedoen."),
         per_district=_responses_per_district, grouped=_responses_grouped)
def responses(municipality: Municipality, period: Period, district: District | None):
    queryset = _responses(waves_in(municipality, period))
    if district is not None:
        queryset = queryset.filter(district=district)
    return float(queryset.aggregate(n=Sum("n"))["n"] or 0), {}


MEASURES = (score, responses)
