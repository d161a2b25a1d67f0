"""Resident voice (participation): items per 1,000 inhabitants, support, share answered within N days, median days
to a decision, share reopened ("niet opgelost")."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors.base import (
    bounds,
    districts_of,
    inhabitants,
    measure,
    median_days,
    median_days_by,
    ratio,
)
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, StatusChange, Support

GROUP = "voice"
ANSWER_DAYS = 14
# The district team's first answer: the item is taken up, or decided on.
ANSWERED = (workflow.UNDER_CONSIDERATION, workflow.COORDINATION, workflow.ACCEPTED, workflow.DECLINED,
            workflow.IN_PROGRESS, workflow.DONE)


def submitted(municipality: Municipality, period: Period, district: District | None = None) -> QuerySet[Item]:
    """Items submitted in the period, without those refused at moderation."""
    start, end = bounds(period)
    queryset = (Item.objects.filter(municipality=municipality, created_at__gte=start, created_at__lt=end)
                .exclude(status=workflow.REJECTED))
    return queryset if district is None else queryset.filter(district=district)


def _count_by_district(queryset: QuerySet, field: str = "district") -> dict[int, int]:
    return {row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("id"))}


# --- items per 1,000 inhabitants ---------------------------------------------------------------------------------

def _items_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    counts = _count_by_district(submitted(municipality, period))
    return {d.id: ratio(counts.get(d.id, 0), inhabitants([d]), per=1000.0, digits=2)
            for d in districts_of(municipality)}


@measure(key="voice.items_per_1000", group=GROUP, label=_("Ideeën en meldingen per 1.000 inwoners"), unit="per1000",
         definition=_("Het aantal ideeën, meldingen en bewonersinitiatieven dat in deze periode is ingediend, per "
                      "1.000 inwoners (inwonertal volgens het CBS). Wat de moderator weigerde, telt niet mee."),
         per_district=_items_per_district)
def items_per_1000(municipality: Municipality, period: Period, district: District | None):
    queryset = submitted(municipality, period, district)
    rows = queryset.order_by().values("kind").annotate(n=Count("id"))
    labels = dict(Item.Kind.choices)
    breakdown = {str(labels[row["kind"]]): float(row["n"]) for row in rows}
    scope = [district] if district is not None else districts_of(municipality)
    return ratio(sum(breakdown.values()), inhabitants(scope), per=1000.0, digits=2), breakdown


# --- support -----------------------------------------------------------------------------------------------------

def _supports(municipality: Municipality, period: Period) -> QuerySet[Support]:
    start, end = bounds(period)
    return Support.objects.filter(item__municipality=municipality, created_at__gte=start, created_at__lt=end)


def _support_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    counts = _count_by_district(_supports(municipality, period), "item__district")
    return {d.id: float(counts.get(d.id, 0)) for d in districts_of(municipality)}


@measure(key="voice.support", group=GROUP, label=_("Steunbetuigingen"), unit="count",
         definition=_("Het aantal keren dat inwoners in deze periode ideeën en meldingen van anderen steunden ('ik steun "
                      "dit'). Iedereen kan een punt één keer steunen."),
         per_district=_support_per_district)
def support(municipality: Municipality, period: Period, district: District | None):
    queryset = _supports(municipality, period)
    if district is not None:
        queryset = queryset.filter(item__district=district)
    return float(queryset.count()), {}


# --- share answered within N days --------------------------------------------------------------------------------

def _with_first_answer(queryset: QuerySet[Item]) -> QuerySet[Item]:
    first = (StatusChange.objects.filter(item=OuterRef("pk"), target__in=ANSWERED).order_by()
             .values("item").annotate(first=Min("created_at")).values("first"))
    return queryset.annotate(first_answer=Subquery(first, output_field=DateTimeField()))


def _answered_counts(queryset: QuerySet[Item], group: str | None = None):
    deadline = ExpressionWrapper(F("created_at") + dt.timedelta(days=ANSWER_DAYS), output_field=DateTimeField())
    annotated = _with_first_answer(queryset).annotate(deadline=deadline)
    ok = Q(first_answer__isnull=False, first_answer__lte=F("deadline"))
    if group is None:
        return annotated.aggregate(n=Count("id"), ok=Count("id", filter=ok))
    return annotated.order_by().values(group).annotate(n=Count("id"), ok=Count("id", filter=ok))


def _answered_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    return {row["district"]: ratio(row["ok"], row["n"])
            for row in _answered_counts(submitted(municipality, period), "district")}


@measure(key="voice.answered_within", group=GROUP, label=_("Binnen 14 dagen opgepakt"), unit="percent",
         definition=_("Van de ideeën en meldingen die in deze periode zijn ingediend: het deel dat het wijkteam binnen 14 dagen "
                      "in behandeling nam of waarover het binnen 14 dagen besliste."),
         per_district=_answered_per_district)
def answered_within(municipality: Municipality, period: Period, district: District | None):
    counts = _answered_counts(submitted(municipality, period, district))
    return ratio(counts["ok"], counts["n"]), {}


# --- median days to a decision -----------------------------------------------------------------------------------

def _decided(municipality: Municipality, period: Period, district: District | None) -> QuerySet[Item]:
    """Items whose first decision (accepted or declined) fell in the period, with its moment."""
    start, end = bounds(period)
    first = (StatusChange.objects.filter(item=OuterRef("pk"), target__in=workflow.DECISIONS).order_by()
             .values("item").annotate(first=Min("created_at")).values("first"))
    decisions = StatusChange.objects.filter(target__in=workflow.DECISIONS, created_at__gte=start, created_at__lt=end)
    queryset = (Item.objects.filter(municipality=municipality, id__in=decisions.values("item"))
                .annotate(decided_at=Subquery(first, output_field=DateTimeField()))
                .filter(decided_at__gte=start, decided_at__lt=end))
    return queryset if district is None else queryset.filter(district=district)


def _decision_days_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    return median_days_by(_decided(municipality, period, None), "district", "created_at", "decided_at")


@measure(key="voice.days_to_decision", group=GROUP, label=_("Dagen tot een besluit"), unit="days",
         definition=_("Voor de ideeën en meldingen waarover in deze periode voor het eerst is besloten (toegekend of "
                      "afgewezen): de mediaan van het aantal dagen van indienen tot dat besluit. De helft ging "
                      "sneller, de helft langzamer."),
         per_district=_decision_days_per_district)
def days_to_decision(municipality: Municipality, period: Period, district: District | None):
    queryset = _decided(municipality, period, district)
    return median_days(queryset, "created_at", "decided_at"), {str(_("besluiten")): float(queryset.count())}


# --- share reopened ----------------------------------------------------------------------------------------------

def _done(municipality: Municipality, period: Period, district: District | None) -> QuerySet[Item]:
    """Items reported done in the period (their first 'done' in it), with whether a resident reopened them after."""
    start, end = bounds(period)
    in_period = StatusChange.objects.filter(target=workflow.DONE, created_at__gte=start, created_at__lt=end)
    first_done = (in_period.filter(item=OuterRef("pk")).order_by().values("item").annotate(first=Min("created_at"))
                  .values("first"))
    reopened_after = StatusChange.objects.filter(item=OuterRef("pk"), target=workflow.REOPENED,
                                                 created_at__gt=OuterRef("done_at"))
    queryset = (Item.objects.filter(municipality=municipality, id__in=in_period.values("item"))
                .annotate(done_at=Subquery(first_done, output_field=DateTimeField()))
                .annotate(reopened=Exists(reopened_after)))
    return queryset if district is None else queryset.filter(district=district)


def _reopened_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
    rows = (_done(municipality, period, None).order_by().values("district")
            .annotate(n=Count("id"), re=Count("id", filter=Q(reopened=True))))
    return {row["district"]: ratio(row["re"], row["n"]) for row in rows}


@measure(key="voice.reopened", group=GROUP, label=_("Heropend: 'niet opgelost'"), unit="percent",
         definition=_("Van de ideeën en meldingen die in deze periode als opgelost zijn gemeld: het deel dat een inwoner daarna "
                      "heropende omdat het toch niet was opgelost."),
         per_district=_reopened_per_district)
def reopened(municipality: Municipality, period: Period, district: District | None):
    counts = _done(municipality, period, district).aggregate(n=Count("id"), re=Count("id", filter=Q(reopened=True)))
    return ratio(counts["re"], counts["n"]), {str(_("opgelost gemeld")): float(counts["n"]),
                                              str(_("heropend")): float(counts["re"])}


MEASURES = (items_per_1000, support, answered_within, days_to_decision, reopened)
