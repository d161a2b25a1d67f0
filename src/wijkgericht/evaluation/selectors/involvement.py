"""Involvement (the survey): the residents' own verdict, from the waves that closed in the period. Full results
with intervals and before/after differences: selectors.survey."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.models import Question, Response, Wave
from wijkgericht.evaluation.selectors import survey as survey_selectors
from wijkgericht.evaluation.selectors.base import districts_of, measure


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


@measure(key="involvement.score", group="involvement", label=_("Betrokkenheid volgens inwoners"), unit="score",
         definition=_("Het gemiddelde antwoord op de eerste vraag van de betrokkenheidsmeting (zoals 'Ik voel me "
                      "betrokken bij mijn wijk'), in de meetrondes die in deze periode sloten. Met minder dan 10 "
                      "antwoorden tonen we geen cijfer. Daarnaast het gemiddelde van elke andere vraag."),
         per_district=_score_per_district)
def score(municipality: Municipality, period: Period, district: District | None):
    waves = waves_in(municipality, period)
    question = headline(municipality, period)
    if question is None or not waves:
        return None, {}
    breakdown = {}
    for q in survey_selectors.scored_questions(survey=question.survey):
        breakdown[q.text] = survey_selectors.result(question=q, waves=waves, district=district).mean
    return survey_selectors.result(question=question, waves=waves, district=district).mean, breakdown


def _responses_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (Response.objects.filter(wave__in=waves_in(municipality, period)).order_by().values("district")
            .annotate(n=Count("id")))
    counts = {row["district"]: float(row["n"]) for row in rows}
    return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}


@measure(key="involvement.responses", group="involvement", label=_("Ingevulde betrokkenheidsmetingen"),
         unit="count",
         definition=_("Het aantal inwoners dat de betrokkenheidsmeting invulde in de meetrondes die in deze "
                      "periode sloten. Iedere inwoner kan één keer per meetronde meedoen."),
         per_district=_responses_per_district)
def responses(municipality: Municipality, period: Period, district: District | None):
    queryset = Response.objects.filter(wave__in=waves_in(municipality, period))
    if district is not None:
        queryset = queryset.filter(district=district)
    return float(queryset.count()), {}


MEASURES = (score, responses)
