"""Coordination (participation's advice): advice requests per portfolio, waiting time to the portfolio holder's
answer, outcomes. Every figure is one grouped query per period (by portfolio, by outcome, by district), on the
indexes participation keeps for it (advice requested_at and answered_at); none loops over rows in Python (only the
embedded SQLite's medians, over the period's answered requests).

These are the measures a portfolio narrows: `for_portfolio(portfolio)` on each measure function gives the same
measure counting only the advice asked of that portfolio (the dashboards' portfolio filter). Advice requests per
portfolio stay a breakdown without it."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors.base import (
    bounds,
    districts_of,
    measure,
    median_days,
    median_days_by,
    narrowable,
)
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation.models import AdviceRequest, Item

GROUP = "coordination"
AGREED = ("agree", "conditions")


def _advice(municipality: Municipality, district: District | None, portfolio: Portfolio | None = None
            ) -> QuerySet[AdviceRequest]:
    # The advice request carries its item's municipality and district: no join to the items.
    queryset = AdviceRequest.objects.filter(municipality=municipality)
    if portfolio is not None:
        queryset = queryset.filter(portfolio=portfolio)
    return queryset if district is None else queryset.filter(district=district)


def _asked(municipality: Municipality, period: Period, district: District | None,
           portfolio: Portfolio | None = None) -> QuerySet[AdviceRequest]:
    start, end = bounds(period)
    return _advice(municipality, district, portfolio).filter(requested_at__gte=start, requested_at__lt=end)


def _answered(municipality: Municipality, period: Period, district: District | None,
              portfolio: Portfolio | None = None) -> QuerySet[AdviceRequest]:
    start, end = bounds(period)
    return (_advice(municipality, district, portfolio).exclude(answer="")
            .filter(answered_at__gte=start, answered_at__lt=end))


def _counts_per_district(queryset: QuerySet, municipality: Municipality) -> dict[int, float | None]:
    counts = {row["district"]: row["n"] for row in queryset.order_by().values("district").annotate(n=Count("id"))}
    return {d.id: float(counts.get(d.id, 0)) for d in districts_of(municipality)}


def _agreed_per_district(queryset: QuerySet) -> dict[int, float | None]:
    rows = queryset.order_by().values("district").annotate(n=Count("id"), ok=Count("id", filter=Q(
        answer__in=AGREED)))
    return {row["district"]: round(100.0 * row["ok"] / row["n"], 1) for row in rows}


def _build(portfolio: Portfolio | None) -> tuple:
    """The three measure functions, counting every portfolio (None) or only `portfolio`'s advice."""

    @measure(key="coordination.advice_requests", group=GROUP, label=_("Adviesvragen aan de wethouders van het onderwerp"),
             unit="count",
             definition=_("Het aantal keren dat het wijkteam in deze periode de wethouder van het onderwerp om advies vroeg "
                          "over ideeën en meldingen die geld of een besluit vragen, per portefeuille."),
             per_district=lambda m, p: _counts_per_district(_asked(m, p, None, portfolio), m))
    def advice_requests(municipality: Municipality, period: Period, district: District | None):
        rows = (_asked(municipality, period, district, portfolio).order_by().values("portfolio__name")
                .annotate(n=Count("id")).order_by("portfolio__name"))
        breakdown = {row["portfolio__name"]: float(row["n"]) for row in rows}
        return float(sum(breakdown.values())), breakdown

    @measure(key="coordination.advice_days", group=GROUP, label=_("Dagen tot het advies"), unit="days",
             definition=_("Voor de adviezen die de wethouders van het onderwerp in deze periode gaven: de mediaan van het aantal "
                          "dagen tussen de vraag van het wijkteam en het antwoord, per portefeuille."),
             per_district=lambda m, p: median_days_by(_answered(m, p, None, portfolio), "district", "requested_at",
                                                      "answered_at"))
    def advice_days(municipality: Municipality, period: Period, district: District | None):
        queryset = _answered(municipality, period, district, portfolio)
        breakdown = median_days_by(queryset, "portfolio__name", "requested_at", "answered_at")
        return median_days(queryset, "requested_at", "answered_at"), dict(sorted(breakdown.items()))

    @measure(key="coordination.advice_outcomes", group=GROUP, label=_("Adviezen: akkoord"), unit="percent",
             definition=_("Van de adviezen die de wethouders van het onderwerp in deze periode gaven: het deel 'akkoord' of "
                          "'akkoord onder voorwaarden'. Daarnaast het aantal per uitkomst, en hoeveel adviesvragen aan "
                          "het eind van de periode nog op antwoord wachtten."),
             per_district=lambda m, p: _agreed_per_district(_answered(m, p, None, portfolio)))
    def advice_outcomes(municipality: Municipality, period: Period, district: District | None):
        # One query: the advice given in the period by outcome, and the requests still waiting at its end (asked
        # before it, not answered by then, and not lapsed by a new consideration round).
        start, end = bounds(period)
        given = Q(answered_at__gte=start, answered_at__lt=end) & ~Q(answer="")
        waiting = (Q(requested_at__lt=end) & (Q(answered_at__isnull=True) | Q(answered_at__gte=end))
                   & ~(Q(answered_at__isnull=True) & Exists(Item.objects.filter(
                       pk=OuterRef("item_id"), consideration_round__gt=OuterRef("round")))))
        counts = (_advice(municipality, district, portfolio).filter(given | waiting).aggregate(
            waiting=Count("id", filter=waiting),
            **{value: Count("id", filter=given & Q(answer=value)) for value in AdviceRequest.Answer.values}))
        breakdown = {str(label): float(counts[value]) for value, label in AdviceRequest.Answer.choices}
        breakdown[str(_("wacht op antwoord"))] = float(counts["waiting"])
        total = sum(counts[value] for value in AdviceRequest.Answer.values)
        agree = sum(counts[value] for value in AGREED)
        return (round(100.0 * agree / total, 1) if total else None), breakdown

    found = (advice_requests, advice_days, advice_outcomes)
    return found


MEASURES = narrowable(_build)
advice_requests, advice_days, advice_outcomes = MEASURES
