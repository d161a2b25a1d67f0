"""Reads of the governance domain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from wijkgericht.districts.models import Municipality
from wijkgericht.governance.models import Alderman, DistrictAssignment, Portfolio, PortfolioHolding, Term


def today() -> dt.date:
    return timezone.localdate()


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def district_aldermen(*, district_ids: Iterable[int], on: dt.date | None = None) -> dict[int, Alderman]:
    """The district alderman of each district on a date (default today), in one query."""
    day = on or today()
    rows = DistrictAssignment.objects.filter(_valid_on(day), district_id__in=list(district_ids)).select_related(
        "alderman"
    )
    return {row.district_id: row.alderman for row in rows}


def district_alderman(*, district_id: int, on: dt.date | None = None) -> Alderman | None:
    return district_aldermen(district_ids=[district_id], on=on).get(district_id)


def alderman_assignments(*, alderman: Alderman, on: dt.date | None = None) -> QuerySet[DistrictAssignment]:
    """The districts an alderman is district alderman of on a date (default today)."""
    day = on or today()
    return alderman.assignments.filter(_valid_on(day)).select_related("district").order_by("district__name")


def alderman_holdings(*, alderman: Alderman) -> QuerySet[PortfolioHolding]:
    """Portfolios held by the alderman, the current term's first."""
    return alderman.holdings.select_related("portfolio", "term").order_by("-term__start", "portfolio__name")


def current_term(*, municipality_id: int, on: dt.date | None = None) -> Term | None:
    day = on or today()
    return (
        Term.objects.filter(municipality_id=municipality_id, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("-start")
        .first()
    )


def term_for_display(*, municipality_id: int, on: dt.date | None = None) -> Term | None:
    """The current term, or else the latest one (a demo with a historic college still shows it)."""
    return current_term(municipality_id=municipality_id, on=on) or (
        Term.objects.filter(municipality_id=municipality_id).order_by("-start").first()
    )


def board(*, term: Term) -> QuerySet[Alderman]:
    return term.aldermen.order_by("-role", "name")


def reference_date(*, municipality_id: int) -> dt.date:
    """The date pages show the board for: today during a term; after the last term ended, its last day.

    So a municipality between terms, or the demo's historic college 2018–2022, still shows its district aldermen,
    and the page says which date it shows.
    """
    day = today()
    if current_term(municipality_id=municipality_id, on=day):
        return day
    latest = Term.objects.filter(municipality_id=municipality_id, start__lte=day).order_by("-start").first()
    if latest is not None and latest.end is not None and latest.end < day:
        return latest.end
    return day


def district_history(*, district_id: int) -> QuerySet[DistrictAssignment]:
    """Every district alderman the district has had, newest first."""
    return DistrictAssignment.objects.filter(district_id=district_id).select_related("alderman").order_by(
        "-valid_from"
    )


@dataclass(frozen=True)
class BoardSnapshot:
    """Who governs a municipality on its reference date: cached per process, keyed on the content version."""

    day: dt.date
    term: Term | None
    assignments: dict[int, DistrictAssignment]  # district id → the assignment valid on `day`

    def alderman_of(self, district_id: int) -> Alderman | None:
        assignment = self.assignments.get(district_id)
        return assignment.alderman if assignment else None


_snapshots: dict[tuple[int, int, str], BoardSnapshot] = {}


def board_snapshot(*, municipality: Municipality) -> BoardSnapshot:
    """Kept in this process (no pickling on the hot path), keyed on the content version and the day."""
    key = (municipality.pk, municipality.content_version, today().isoformat())
    snapshot = _snapshots.get(key)
    if snapshot is None:
        day = reference_date(municipality_id=municipality.pk)
        assignments = DistrictAssignment.objects.filter(_valid_on(day), district__municipality=municipality)
        snapshot = BoardSnapshot(
            day=day,
            term=term_for_display(municipality_id=municipality.pk, on=day),
            assignments={a.district_id: a for a in assignments.select_related("alderman")},
        )
        for stale in [k for k in _snapshots if k[0] == municipality.pk]:
            _snapshots.pop(stale, None)
        _snapshots[key] = snapshot
    return snapshot


def holds_portfolio(*, user_id: int | None, portfolio_id: int, on: dt.date | None = None) -> bool:
    """Is this user the alderman holding the portfolio in the term running on the date (default: the reference date
    of the portfolio's municipality, so an outgoing college acts until the next is entered)?"""
    if user_id is None:
        return False
    if on is None:
        municipality_id = Portfolio.objects.filter(pk=portfolio_id).values_list("municipality_id", flat=True).first()
        day = reference_date(municipality_id=municipality_id) if municipality_id else today()
    else:
        day = on
    return PortfolioHolding.objects.filter(
        alderman__user_id=user_id, portfolio_id=portfolio_id, term__start__lte=day
    ).filter(Q(term__end__isnull=True) | Q(term__end__gte=day)).exists()
