"""Co-decision (district budgets): turnout as a share of the eligible, money allocated and realised, proposals
admitted to the ballot. The portfolio filter narrows the three about proposals to those whose item's theme belongs
to the portfolio (`for_portfolio`); turnout is about the voters and stays as it is.

A round belongs to the period in which its voting closed (`voting_until`). Eligible: no register of who may vote
exists in the product, so the denominator is the number of inhabitants (CBS) of the neighbourhoods that could vote
in the round's district shares (all of the district's neighbourhoods when a share names none)."""

from __future__ import annotations

from django.db.models import Count, DateTimeField, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import (
    PROPOSAL_STATUS_LABELS,
    DistrictShare,
    Proposal,
    RealisationUpdate,
    Result,
    Voter,
)
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.selectors.base import Cell, bounds, districts_of, measure, narrowable, ratio
from wijkgericht.governance.models import Portfolio

GROUP = "codecision"
ON_THE_BALLOT = (workflow.ADMITTED, workflow.SELECTED, workflow.NOT_SELECTED)


def shares(municipality: Municipality, period: Period, district: District | None = None) -> QuerySet[DistrictShare]:
    """District shares of the rounds whose voting closed in the period."""
    queryset = DistrictShare.objects.filter(round__municipality=municipality, round__voting_until__gte=period.start,
                                            round__voting_until__lte=period.end)
    return queryset if district is None else queryset.filter(district=district)


def _eligible(share_list: list[DistrictShare]) -> float | None:
    """Inhabitants of the neighbourhoods that could vote in these shares; None when any figure is unknown."""
    named = {}
    for row in (DistrictShare.neighbourhoods.through.objects.filter(districtshare__in=[s.id for s in share_list])
                .values_list("districtshare_id", "neighbourhood_id")):
        named.setdefault(row[0], []).append(row[1])
    total = 0.0
    for share in share_list:
        if share.id in named:
            figures = Neighbourhood.objects.filter(id__in=named[share.id]).values_list("key_figures", flat=True)
            values = [(f or {}).get("aantal_inwoners") for f in figures]
        else:
            values = [(share.district.key_figures or {}).get("aantal_inwoners")]
        if any(v is None for v in values):
            return None
        total += sum(float(v) for v in values)
    return total


def _voters(share_list: list[DistrictShare]) -> int:
    """Voters of these shares: per round, those living in the share's district (or its named neighbourhoods)."""
    condition = Q()
    for share in share_list:
        condition |= Q(round_id=share.round_id, neighbourhood__district_id=share.district_id)
    return Voter.objects.filter(condition).count() if share_list else 0


def _turnout(municipality: Municipality, period: Period, district: District | None):
    share_list = list(shares(municipality, period, district).select_related("district"))
    voters, eligible = _voters(share_list), _eligible(share_list)
    return ratio(voters, eligible), {str(_("stemmers")): float(voters),
                                     str(_("inwoners die mochten stemmen")): eligible}


def _eligible_by_share(share_list: list[DistrictShare]) -> dict[int, float | None]:
    """_eligible for each share on its own, in two queries for all of them."""
    named: dict[int, list[int]] = {}
    for share_id, hood_id in (DistrictShare.neighbourhoods.through.objects
                              .filter(districtshare__in=[s.id for s in share_list])
                              .values_list("districtshare_id", "neighbourhood_id")):
        named.setdefault(share_id, []).append(hood_id)
    figures = dict(Neighbourhood.objects.filter(id__in=[h for ids in named.values() for h in ids])
                   .values_list("id", "key_figures"))
    eligible: dict[int, float | None] = {}
    for share in share_list:
        if share.id in named:
            values = [(figures.get(h) or {}).get("aantal_inwoners") for h in named[share.id]]
        else:
            values = [(share.district.key_figures or {}).get("aantal_inwoners")]
        eligible[share.id] = None if any(v is None for v in values) else sum(float(v) for v in values)
    return eligible


def _turnout_grouped(municipality: Municipality, periods: list[Period], district: District | None,
                     by_district: bool) -> list[Cell]:
    """Turnout for every period and district: the shares of the rounds closed in any of the periods, and their
    voters counted in one grouped query (per round and district)."""
    found = list(DistrictShare.objects.filter(round__municipality=municipality,
                                              round__voting_until__gte=min(p.start for p in periods),
                                              round__voting_until__lte=max(p.end for p in periods))
                 .select_related("district", "round"))
    if district is not None:
        found = [s for s in found if s.district_id == district.id]
    # Voters per round and neighbourhood (no join over every voter), the neighbourhoods' districts looked up apart.
    per_hood = list(Voter.objects.filter(round_id__in={s.round_id for s in found}).order_by()
                    .values("round_id", "neighbourhood_id").annotate(n=Count("id"))) if found else []
    district_of = dict(Neighbourhood.objects.filter(id__in={r["neighbourhood_id"] for r in per_hood})
                       .values_list("id", "district_id"))
    counts: dict[tuple[int, int | None], int] = {}
    for row in per_hood:
        key = (row["round_id"], district_of.get(row["neighbourhood_id"]))
        counts[key] = counts.get(key, 0) + row["n"]
    eligible = _eligible_by_share(found)

    def cell(share_list: list[DistrictShare]) -> tuple[float | None, dict[str, float | None]]:
        voters = sum(counts.get((s.round_id, s.district_id), 0) for s in share_list)
        known = [eligible[s.id] for s in share_list]
        total = None if any(v is None for v in known) else float(sum(v or 0.0 for v in known))
        return ratio(voters, total), {str(_("stemmers")): float(voters),
                                      str(_("inwoners die mochten stemmen")): total}

    result = []
    every = districts_of(municipality) if by_district else []
    for period in periods:
        in_period = [s for s in found if period.start <= s.round.voting_until <= period.end]
        value, breakdown = cell(in_period)
        districts = {d.id: cell([s for s in in_period if s.district_id == d.id])[0] for d in every}
        result.append(Cell(value, breakdown, districts))
    return result


@measure(key="codecision.turnout", group=GROUP, label=_("Opkomst wijkbudget"), unit="percent",
         definition=_("Van de rondes van het wijkbudget waarvan het stemmen in deze periode sloot: het aantal "
                      "stemmers als deel van het aantal inwoners (CBS) van de buurten die mochten stemmen. Wie te "
                      "jong is, telt in het inwonertal mee, dus de echte opkomst onder wie mocht stemmen is iets "
                      "hoger."),
         grouped=_turnout_grouped)
def turnout(municipality: Municipality, period: Period, district: District | None):
    return _turnout(municipality, period, district)


def _build(portfolio: Portfolio | None) -> tuple:  # noqa: C901 - the three measures of the proposals, in order
    """Allocated, realised and admitted, counting every proposal (None) or only those whose item's theme belongs to
    `portfolio` (the dashboards' portfolio filter). Turnout is about the voters, not one portfolio: it stays as it
    is."""

    def proposals(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
        return queryset if portfolio is None else queryset.filter(item__theme__portfolio=portfolio)

    def allocated_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        if portfolio is not None:  # the chosen projects of the portfolio's themes
            rows = (proposals(Proposal.objects.filter(share__in=shares(municipality, period), share__result__isnull=False,
                                                      status=workflow.SELECTED))
                    .order_by().values("share__district").annotate(n=Sum("cost")))
            return {row["share__district"]: float(row["n"] or 0) for row in rows}
        rows = (Result.objects.filter(share__in=shares(municipality, period)).order_by().values("share__district")
                .annotate(n=Sum("cost")))
        return {row["share__district"]: float(row["n"] or 0) for row in rows}

    @measure(key="codecision.allocated", group=GROUP, label=_("Geld toegekend door inwoners"), unit="euro",
             definition=_("Het geld voor de projecten die inwoners kozen in de rondes van het wijkbudget waarvan het "
                          "stemmen in deze periode sloot, volgens de gepubliceerde uitslag."),
             per_district=allocated_per_district)
    def allocated(municipality: Municipality, period: Period, district: District | None):
        budget = shares(municipality, period, district).aggregate(n=Sum("amount"))["n"]
        if portfolio is not None:
            chosen = proposals(Proposal.objects.filter(share__in=shares(municipality, period, district),
                                                       share__result__isnull=False, status=workflow.SELECTED))
            value = chosen.aggregate(n=Sum("cost"))["n"]
        else:
            value = Result.objects.filter(share__in=shares(municipality, period, district)).aggregate(n=Sum("cost"))["n"]
        return float(value or 0), {str(_("beschikbaar budget")): float(budget or 0)}

    def realised_proposals(municipality: Municipality, period: Period, district: District | None
                           ) -> QuerySet[Proposal]:
        start, end = bounds(period)
        first_done = (RealisationUpdate.objects.filter(proposal=OuterRef("pk"), status=workflow.DONE).order_by()
                      .values("proposal").annotate(first=Min("created_at")).values("first"))
        queryset = (proposals(Proposal.objects.filter(share__round__municipality=municipality,
                                                      status=workflow.SELECTED))
                    .annotate(done_at=Subquery(first_done, output_field=DateTimeField()))
                    .filter(done_at__gte=start, done_at__lt=end))
        return queryset if district is None else queryset.filter(share__district=district)

    def realised_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        rows = (realised_proposals(municipality, period, None).order_by().values("share__district")
                .annotate(n=Sum("cost")))
        sums = {row["share__district"]: float(row["n"] or 0) for row in rows}
        return {d.id: sums.get(d.id, 0.0) for d in districts_of(municipality)}

    @measure(key="codecision.realised", group=GROUP, label=_("Geld gerealiseerd"), unit="euro",
             definition=_("De kosten van de gekozen projecten van het wijkbudget die in deze periode klaar zijn gemeld "
                          "(voortgangsbericht 'klaar'), ongeacht in welke ronde ze gekozen werden."),
             per_district=realised_per_district)
    def realised(municipality: Municipality, period: Period, district: District | None):
        counts = realised_proposals(municipality, period, district).aggregate(n=Count("id"), cost=Sum("cost"))
        return float(counts["cost"] or 0), {str(_("projecten klaar")): float(counts["n"])}

    def admitted_per_district(municipality: Municipality, period: Period) -> dict[int, float | None]:
        rows = (proposals(Proposal.objects.filter(share__in=shares(municipality, period), status__in=ON_THE_BALLOT))
                .order_by().values("share__district").annotate(n=Count("id")))
        counts = {row["share__district"]: float(row["n"]) for row in rows}
        return {d.id: counts.get(d.id, 0.0) for d in districts_of(municipality)}

    @measure(key="codecision.admitted", group=GROUP, label=_("Voorstellen op het stembiljet"), unit="count",
             definition=_("Het aantal voorstellen van inwoners dat op het stembiljet kwam in de rondes van het "
                          "wijkbudget waarvan het stemmen in deze periode sloot. Daarnaast alle voorstellen van die "
                          "rondes per uitkomst."),
             per_district=admitted_per_district)
    def admitted(municipality: Municipality, period: Period, district: District | None):
        rows = (proposals(Proposal.objects.filter(share__in=shares(municipality, period, district))).order_by()
                .values("status").annotate(n=Count("id")))
        counts = {row["status"]: row["n"] for row in rows}
        breakdown = {str(PROPOSAL_STATUS_LABELS[status]): float(n) for status, n in sorted(counts.items())}
        return float(sum(counts.get(s, 0) for s in ON_THE_BALLOT)), breakdown

    found = (allocated, realised, admitted)
    return found


allocated, realised, admitted = narrowable(_build)
MEASURES = (turnout, allocated, realised, admitted)
