"""Resident voice (participation): items per 1,000 inhabitants, support, share answered within N days, median days
to a decision, share reopened ("niet opgelost").

A portfolio narrows every one of them (the dashboards' portfolio filter): `for_portfolio(portfolio)` on a measure
function gives the same measure counting only the items whose theme belongs to that portfolio (and their
supports). The daily rollup keeps each theme apart (DayFigure.theme_id), so the narrowed figures read it too; a
theme moved to another portfolio is counted with its new one at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation import rollup
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.models import DayFigure
from wijkgericht.evaluation.selectors.base import (
    Cell,
    bounds,
    districts_of,
    in_periods,
    inhabitants,
    measure,
    median_days_and_count,
    median_days_by,
    median_days_cells,
    median_days_cells_with_total,
    narrowable,
    ratio,
)
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, StatusChange, Support, Theme

GROUP = "voice"
ANSWER_DAYS = rollup.ANSWER_DAYS  # 14
# The district team's first answer: the item is taken up, or decided on (kept on the item: first_answer_at).
ANSWERED = workflow.ANSWERS


def _items(municipality: Municipality, portfolio: Portfolio | None, path: str = "") -> Q:
    """The municipality's items (through `path`, e.g. "item__"), of the portfolio's themes when one is given."""
    condition = Q(**{f"{path}municipality": municipality})
    return condition if portfolio is None else condition & Q(**{f"{path}theme__portfolio": portfolio})


def _rollup(municipality: Municipality, portfolio: Portfolio | None) -> QuerySet[DayFigure]:
    """The municipality's daily rollup rows, of the portfolio's themes when one is given."""
    queryset = DayFigure.objects.filter(municipality_id=municipality.id)
    if portfolio is None:
        return queryset
    return queryset.filter(theme_id__in=Theme.objects.filter(portfolio=portfolio).values("id"))


def submitted(municipality: Municipality, period: Period, district: District | None = None,
              portfolio: Portfolio | None = None) -> QuerySet[Item]:
    """Items submitted in the period, without those refused at moderation (of the portfolio's themes)."""
    start, end = bounds(period)
    queryset = (Item.objects.filter(_items(municipality, portfolio), created_at__gte=start, created_at__lt=end)
                .exclude(status=workflow.REJECTED))
    return queryset if district is None else queryset.filter(district=district)


def _count_by_district(queryset: QuerySet, field: str = "district") -> dict[int, int]:
    return {row[field]: row["n"] for row in queryset.order_by().values(field).annotate(n=Count("id"))}


def _day_parts(periods: Sequence[Period]) -> tuple[Q, Case]:
    """Rollup rows of the days of the (disjoint) periods, and which period each is in (0, 1, …)."""
    within = Q(day__gte=min(p.start for p in periods), day__lte=max(p.end for p in periods))
    which = Case(*[When(day__gte=p.start, day__lte=p.end, then=Value(n)) for n, p in enumerate(periods)],
                 output_field=IntegerField())
    return within, which


# --- the measures, for every portfolio or narrowed to one ---------------------------------------------------------

def _build(portfolio: Portfolio | None) -> tuple:  # noqa: C901, PLR0915 - the five measures, told in order
    """The five measure functions, counting every item (None) or only the items of `portfolio`'s themes."""

    # --- items per 1,000 inhabitants -----------------------------------------------------------------------------

    def items_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        counts = _count_by_district(submitted(municipality, period, None, portfolio))
        return {d.id: ratio(counts.get(d.id, 0), inhabitants([d]), per=1000.0, digits=2)
                for d in districts_of(municipality)}

    def submitted_cells(municipality: Municipality, periods: Sequence[Period], district: District | None,
                        by_district: bool, *fields: str) -> list[dict[tuple, dict[str, int]]]:
        """Items submitted (not refused) per period and per combination of `fields` (district added when
        by_district): the number and those answered within ANSWER_DAYS, in one query over the daily rollup
        (models.DayFigure, a few rows per district, day and theme instead of every item; kept by
        evaluation.rollup)."""
        within, which = _day_parts(periods)
        queryset = _rollup(municipality, portfolio).filter(within).exclude(kind="")
        if district is not None:
            queryset = queryset.filter(district_id=district.id)
        keys = [*fields, "district_id"] if by_district else list(fields)
        rows = (queryset.annotate(part=which).order_by().values("part", *keys)
                .annotate(n=Sum("submitted"), ok=Sum("answered")))
        cells: list[dict[tuple, dict[str, int]]] = [{} for _p in periods]
        for row in rows:
            if row["part"] is not None:
                cells[row["part"]][tuple(row[k] for k in keys)] = {"n": row["n"], "ok": row["ok"]}
        return cells

    def items_grouped(municipality: Municipality, periods: Sequence[Period], district: District | None,
                      by_district: bool) -> list[Cell]:
        labels = dict(Item.Kind.choices)
        every = districts_of(municipality)
        scope = [district] if district is not None else every
        result = []
        for cells in submitted_cells(municipality, periods, district, by_district, "kind"):
            kinds: dict[str, float] = {}
            per: dict[int, int] = {}
            for key, counts in cells.items():
                kinds[key[0]] = kinds.get(key[0], 0.0) + counts["n"]
                if by_district:
                    per[key[1]] = per.get(key[1], 0) + counts["n"]
            breakdown = {str(labels[kind]): n for kind, n in kinds.items()}
            value = ratio(sum(kinds.values()), inhabitants(scope), per=1000.0, digits=2)
            districts = ({d.id: ratio(per.get(d.id, 0), inhabitants([d]), per=1000.0, digits=2) for d in every}
                         if by_district else {})
            result.append(Cell(value, breakdown, districts))
        return result

    @measure(key="voice.items_per_1000", group=GROUP, label=_("Ideeën en meldingen per 1.000 inwoners"),
             unit="per1000",
             definition=_("Het aantal ideeën, meldingen en bewonersinitiatieven dat in deze periode is ingediend, per "
                          "1.000 inwoners (inwonertal volgens het CBS). Wat de moderator weigerde, telt niet mee."),
             per_district=items_per_district, grouped=items_grouped)
    def items_per_1000(municipality: Municipality, period: Period, district: District | None):
        queryset = submitted(municipality, period, district, portfolio)
        rows = queryset.order_by().values("kind").annotate(n=Count("id"))
        labels = dict(Item.Kind.choices)
        breakdown = {str(labels[row["kind"]]): float(row["n"]) for row in rows}
        scope = [district] if district is not None else districts_of(municipality)
        return ratio(sum(breakdown.values()), inhabitants(scope), per=1000.0, digits=2), breakdown

    # --- support -------------------------------------------------------------------------------------------------

    def supports(municipality: Municipality, period: Period) -> QuerySet[Support]:
        start, end = bounds(period)
        return Support.objects.filter(_items(municipality, portfolio, "item__"), created_at__gte=start,
                                      created_at__lt=end)

    def support_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        counts = _count_by_district(supports(municipality, period), "item__district")
        return {d.id: float(counts.get(d.id, 0)) for d in districts_of(municipality)}

    def support_grouped(municipality: Municipality, periods: Sequence[Period], district: District | None,
                        by_district: bool) -> list[Cell]:
        """Supports per period (and district) from the daily rollup (models.DayFigure, kind "")."""
        within, which = _day_parts(periods)
        queryset = _rollup(municipality, portfolio).filter(within, kind="")
        if district is not None:
            queryset = queryset.filter(district_id=district.id)
        keys = ["part", "district_id"] if by_district else ["part"]
        rows = queryset.annotate(part=which).order_by().values(*keys).annotate(n=Sum("supports"))
        totals: list[float] = [0.0 for _p in periods]
        per: list[dict[int, float]] = [{} for _p in periods]
        for row in rows:
            if row["part"] is not None and row["n"]:
                totals[row["part"]] += row["n"]
                if by_district:
                    per[row["part"]][row["district_id"]] = float(row["n"])
        every = districts_of(municipality) if by_district else []
        return [Cell(totals[n], {}, {d.id: per[n].get(d.id, 0.0) for d in every}) for n in range(len(periods))]

    @measure(key="voice.support", group=GROUP, label=_("Steunbetuigingen"), unit="count",
             definition=_("Het aantal keren dat inwoners in deze periode ideeën en meldingen van anderen steunden ('ik steun "
                          "dit'). Iedereen kan een punt één keer steunen."),
             per_district=support_per_district, grouped=support_grouped)
    def support(municipality: Municipality, period: Period, district: District | None):
        queryset = supports(municipality, period)
        if district is not None:
            queryset = queryset.filter(item__district=district)
        return float(queryset.count()), {}

    # --- share answered within N days ----------------------------------------------------------------------------

    def answered_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        return {row["district"]: ratio(row["ok"], row["n"])
                for row in _answered_counts(submitted(municipality, period, None, portfolio), "district")}

    def answered_grouped(municipality: Municipality, periods: Sequence[Period], district: District | None,
                         by_district: bool) -> list[Cell]:
        result = []
        for cells in submitted_cells(municipality, periods, district, by_district):
            n = sum(c["n"] for c in cells.values())
            ok = sum(c["ok"] for c in cells.values())
            districts = {key[0]: ratio(c["ok"], c["n"]) for key, c in cells.items()} if by_district else {}
            result.append(Cell(ratio(ok, n), {}, districts))
        return result

    @measure(key="voice.answered_within", group=GROUP, label=_("Binnen 14 dagen opgepakt"), unit="percent",
             definition=_("Van de ideeën en meldingen die in deze periode zijn ingediend: het deel dat het wijkteam binnen 14 dagen "
                          "in behandeling nam of waarover het binnen 14 dagen besliste."),
             per_district=answered_per_district, grouped=answered_grouped)
    def answered_within(municipality: Municipality, period: Period, district: District | None):
        counts = _answered_counts(submitted(municipality, period, district, portfolio))
        return ratio(counts["ok"], counts["n"]), {}

    # --- median days to a decision -------------------------------------------------------------------------------

    def decided(municipality: Municipality, period: Period, district: District | None) -> QuerySet[Item]:
        """Items whose first decision (accepted or declined; kept on the item as first_decision_at) fell in the
        period."""
        start, end = bounds(period)
        queryset = Item.objects.filter(_items(municipality, portfolio), first_decision_at__gte=start,
                                       first_decision_at__lt=end)
        return queryset if district is None else queryset.filter(district=district)

    def decision_days_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        return median_days_by(decided(municipality, period, None), "district", "created_at", "first_decision_at")

    def decision_days_grouped(municipality: Municipality, periods: Sequence[Period], district: District | None,
                              by_district: bool) -> list[Cell]:
        within, which = in_periods("first_decision_at", periods)
        queryset = Item.objects.filter(within, _items(municipality, portfolio)).annotate(part=which)
        if district is not None:
            queryset = queryset.filter(district=district)
        # The municipality's median is over all its items (not the median of the districts' medians).
        if by_district:
            whole, per = median_days_cells_with_total(queryset, "part", "district", "created_at", "first_decision_at")
        else:
            whole, per = median_days_cells(queryset, ["part"], "created_at", "first_decision_at"), {}
        result = []
        for n in range(len(periods)):
            value, count = whole.get((n,), (None, 0))
            districts = {key[1]: days for key, (days, _count) in per.items() if key[0] == n}
            result.append(Cell(value, {str(_("besluiten")): float(count)}, districts))
        return result

    @measure(key="voice.days_to_decision", group=GROUP, label=_("Dagen tot een besluit"), unit="days",
             definition=_("Voor de ideeën en meldingen waarover in deze periode voor het eerst is besloten (toegekend of "
                          "afgewezen): de mediaan van het aantal dagen van indienen tot dat besluit. De helft ging "
                          "sneller, de helft langzamer."),
             per_district=decision_days_per_district, grouped=decision_days_grouped)
    def days_to_decision(municipality: Municipality, period: Period, district: District | None):
        days, count = median_days_and_count(decided(municipality, period, district), "created_at", "first_decision_at")
        return days, {str(_("besluiten")): float(count)}

    # --- share reopened ------------------------------------------------------------------------------------------

    def done(municipality: Municipality, period: Period, district: District | None) -> QuerySet[Item]:
        """Items reported done in the period (their first 'done' in it), with whether a resident reopened them
        after."""
        start, end = bounds(period)
        in_period = StatusChange.objects.filter(target=workflow.DONE, created_at__gte=start, created_at__lt=end)
        first_done = (in_period.filter(item=OuterRef("pk")).order_by().values("item")
                      .annotate(first=Min("created_at")).values("first"))
        reopened_after = StatusChange.objects.filter(item=OuterRef("pk"), target=workflow.REOPENED,
                                                     created_at__gt=OuterRef("done_at"))
        queryset = (Item.objects.filter(_items(municipality, portfolio), id__in=in_period.values("item"))
                    .annotate(done_at=Subquery(first_done, output_field=DateTimeField()))
                    .annotate(reopened=Exists(reopened_after)))
        return queryset if district is None else queryset.filter(district=district)

    def reopened_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        rows = (done(municipality, period, None).order_by().values("district")
                .annotate(n=Count("id"), re=Count("id", filter=Q(reopened=True))))
        return {row["district"]: ratio(row["re"], row["n"]) for row in rows}

    @measure(key="voice.reopened", group=GROUP, label=_("Heropend: 'niet opgelost'"), unit="percent",
             definition=_("Van de ideeën en meldingen die in deze periode als opgelost zijn gemeld: het deel dat een inwoner daarna "
                          "heropende omdat het toch niet was opgelost."),
             per_district=reopened_per_district)
    def reopened(municipality: Municipality, period: Period, district: District | None):
        counts = done(municipality, period, district).aggregate(n=Count("id"),
                                                                re=Count("id", filter=Q(reopened=True)))
        return ratio(counts["re"], counts["n"]), {str(_("opgelost gemeld")): float(counts["n"]),
                                                  str(_("heropend")): float(counts["re"])}

    found = (items_per_1000, support, answered_within, days_to_decision, reopened)
    return found


def _answered_counts(queryset: QuerySet[Item], group: str | None = None):  # noqa: ANN202
    """Items and those answered in time: the first answer is kept on the item (Item.first_answer_at)."""
    deadline = ExpressionWrapper(F("created_at") + dt.timedelta(days=ANSWER_DAYS), output_field=DateTimeField())
    ok = Q(first_answer_at__isnull=False, first_answer_at__lte=deadline)
    if group is None:
        return queryset.aggregate(n=Count("id"), ok=Count("id", filter=ok))
    return queryset.order_by().values(group).annotate(n=Count("id"), ok=Count("id", filter=ok))


MEASURES = narrowable(_build)
items_per_1000, support, answered_within, days_to_decision, reopened = MEASURES
