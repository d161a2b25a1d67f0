"""Coordination (participation's advice): advice requests per portfolio, waiting time to the portfolio holder's
answer, outcomes."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors.base import bounds, districts_of, measure, median_days, median_days_by
from wijkgericht.participation.models import AdviceRequest

GROUP = "coordination"


def _advice(municipality: Municipality, district: District | None) -> QuerySet[AdviceRequest]:
    queryset = AdviceRequest.objects.filter(item__municipality=municipality)
    return queryset if district is None else queryset.filter(item__district=district)


def _asked(municipality: Municipality, period: Period, district: District | None) -> QuerySet[AdviceRequest]:
    start, end = bounds(period)
    return _advice(municipality, district).filter(requested_at__gte=start, requested_at__lt=end)


def _answered(municipality: Municipality, period: Period, district: District | None) -> QuerySet[AdviceRequest]:
    start, end = bounds(period)
    return _advice(municipality, district).exclude(answer="").filter(answered_at__gte=start, answered_at__lt=end)


def _per_district(queryset: QuerySet, municipality: Municipality) -> dict[int, float | None]:
    counts = {row["item__district"]: row["n"]
              for row in queryset.order_by().values("item__district").annotate(n=Count("id"))}
    return {d.id: float(counts.get(d.id, 0)) for d in districts_of(municipality)}


@measure(key="coordination.advice_requests", group=GROUP, label=_("Adviesvragen aan de wethouders van het onderwerp"),
         unit="count",
         definition=_("Het aantal keren dat het wijkteam in deze periode de wethouder van het onderwerp om advies vroeg "
                      "over ideeën en meldingen die geld of een besluit vragen, per portefeuille."),
         per_district=lambda m, p: _per_district(_asked(m, p, None), m))
def advice_requests(municipality: Municipality, period: Period, district: District | None):
    rows = (_asked(municipality, period, district).order_by().values("portfolio__name").annotate(n=Count("id"))
            .order_by("portfolio__name"))
    breakdown = {row["portfolio__name"]: float(row["n"]) for row in rows}
    return float(sum(breakdown.values())), breakdown


@measure(key="coordination.advice_days", group=GROUP, label=_("Dagen tot het advies"), unit="days",
         definition=_("Voor de adviezen die de wethouders van het onderwerp in deze periode gaven: de mediaan van het aantal "
                      "dagen tussen de vraag van het wijkteam en het antwoord, per portefeuille."),
         per_district=lambda m, p: median_days_by(_answered(m, p, None), "item__district", "requested_at",
                                                  "answered_at"))
def advice_days(municipality: Municipality, period: Period, district: District | None):
    queryset = _answered(municipality, period, district)
    breakdown = median_days_by(queryset, "portfolio__name", "requested_at", "answered_at")
    return median_days(queryset, "requested_at", "answered_at"), dict(sorted(breakdown.items()))


def _outcome_counts(municipality: Municipality, period: Period, district: District | None) -> dict[str, int]:
    rows = _answered(municipality, period, district).order_by().values("answer").annotate(n=Count("id"))
    return {row["answer"]: row["n"] for row in rows}


@measure(key="coordination.advice_outcomes", group=GROUP, label=_("Adviezen: akkoord"), unit="percent",
         definition=_("Van de adviezen die de wethouders van het onderwerp in deze periode gaven: het deel 'akkoord' of "
                      "'akkoord onder voorwaarden'. Daarnaast het aantal per uitkomst, en hoeveel adviesvragen aan "
                      "het eind van de periode nog op antwoord wachtten."),
         per_district=lambda m, p: {
             row["item__district"]: round(100.0 * row["ok"] / row["n"], 1) for row in
             _answered(m, p, None).order_by().values("item__district").annotate(
                 n=Count("id"), ok=Count("id", filter=Q(answer__in=["agree", "conditions"])))})
def advice_outcomes(municipality: Municipality, period: Period, district: District | None):
    counts = _outcome_counts(municipality, period, district)
    breakdown = {str(label): float(counts.get(value, 0)) for value, label in AdviceRequest.Answer.choices}
    _start, end = bounds(period)
    waiting = (_advice(municipality, district).filter(requested_at__lt=end)
               .filter(Q(answered_at__isnull=True) | Q(answered_at__gte=end))
               .exclude(answered_at__isnull=True, round__lt=F("item__consideration_round")).count())  # lapsed
    breakdown[str(_("wacht op antwoord"))] = float(waiting)
    total = sum(counts.values())
    agree = counts.get("agree", 0) + counts.get("conditions", 0)
    return (round(100.0 * agree / total, 1) if total else None), breakdown


MEASURES = (advice_requests, advice_days, advice_outcomes)
