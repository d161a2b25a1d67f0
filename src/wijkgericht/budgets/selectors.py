"""Reads of district budgets: public rounds and their proposals, a proposal's history, the ballot's projects, the
review desk, and the realised projects of a district. Also the pages' addresses (services use them in
notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from shapely.geometry import shape

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import (
    REALISATION_LABELS,
    DistrictShare,
    Proposal,
    ProposalChange,
    RealisationUpdate,
    Round,
)
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.participation.models import AdviceRequest, Item
from wijkgericht.participation.selectors import PUBLIC_STATUSES

#: Proposal statuses shown on public pages: all but the merged and withdrawn ones (their page still exists).
LISTED = (workflow.SUBMITTED, workflow.FEASIBLE, workflow.NOT_FEASIBLE, workflow.ADMITTED, workflow.SELECTED,
          workflow.NOT_SELECTED)


# --- addresses --------------------------------------------------------------------------------------------------

def round_path(round: Round) -> str:
    return page_path("budgets:round", round.municipality, round_slug=round.slug)


def proposal_path(proposal: Proposal) -> str:
    round = proposal.share.round
    return page_path("budgets:proposal", round.municipality, round_slug=round.slug, proposal_id=proposal.pk)


def proposal_submit_path(round: Round) -> str:
    return page_path("budgets:proposal_submit", round.municipality, round_slug=round.slug)


def staff_proposal_path(proposal: Proposal) -> str:
    return reverse("budgets:staff_proposal", kwargs={"proposal_id": proposal.pk})


# --- places -----------------------------------------------------------------------------------------------------

def district_point(district: District) -> tuple[float, float] | None:
    """A point inside the district (lat, lon), for a proposal for the whole district; None without a boundary."""
    if not district.geometry:
        return None
    point = shape(district.geometry).representative_point()
    return round(point.y, 6), round(point.x, 6)


def is_district_wide(proposal: Proposal) -> bool:
    """A proposal for the whole district sits on the district's own point (`district_point`)."""
    point = district_point(proposal.share.district)
    return point is not None and (round(proposal.item.lat, 6), round(proposal.item.lon, 6)) == point


# --- rounds -----------------------------------------------------------------------------------------------------

def public_rounds(*, municipality: Municipality) -> QuerySet[Round]:
    return (Round.objects.filter(municipality=municipality).exclude(published_at=None)
            .select_related("district", "municipality").order_by("-voting_from", "title"))


def public_round(*, municipality: Municipality, slug: str) -> Round | None:
    return public_rounds(municipality=municipality).filter(slug=slug).first()


def round_shares(round: Round) -> list[DistrictShare]:
    return list(round.shares.select_related("district").order_by("district__name"))


def district_rounds(*, district: District) -> list[Round]:
    """Published rounds with a share for this district (newest first)."""
    return list(public_rounds(municipality=district.municipality).filter(shares__district=district).distinct())


# --- proposals --------------------------------------------------------------------------------------------------

def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("item", "item__theme", "item__theme__portfolio", "item__district",
                                           "share", "share__district", "share__round",
                                           "share__round__municipality")


def public_proposals(share: DistrictShare) -> list[Proposal]:
    """A share's proposals on public pages: those whose item passed moderation, merged and withdrawn ones not."""
    return list(_proposals().filter(share=share, status__in=LISTED, item__status__in=PUBLIC_STATUSES)
                .order_by("item__title", "pk"))


def public_proposal(*, round: Round, proposal_id: int) -> Proposal | None:
    """One proposal of a round, if its item is public (a merged or withdrawn one too: its page says where it went)."""
    return _proposals().filter(share__round=round, pk=proposal_id, item__status__in=PUBLIC_STATUSES).first()


def ballot_proposals(share: DistrictShare) -> list[Proposal]:
    """The proposals on this share's ballot (admitted, or already counted) with their cost, by title."""
    return list(_proposals().filter(share=share, status__in=(workflow.ADMITTED, workflow.SELECTED,
                                                               workflow.NOT_SELECTED))
                .order_by("item__title", "pk"))


def advice_answered(item: Item) -> bool:
    """Did the holder of the item theme's portfolio answer an advice asked in the item's current consideration
    round (participation's coordination rule)?"""
    return AdviceRequest.objects.filter(item=item, round=item.consideration_round,
                                        portfolio_id=item.theme.portfolio_id).exclude(answer="").exists()


def current_advice(item: Item) -> AdviceRequest | None:
    """The advice request of the item's current consideration round for its theme's portfolio, if any."""
    return (AdviceRequest.objects.filter(item=item, round=item.consideration_round,
                                         portfolio_id=item.theme.portfolio_id)
            .select_related("portfolio").order_by("-pk").first())


def proposal_history(proposal: Proposal) -> list[ProposalChange]:
    return list(proposal.changes.all())


def realisation(proposal: Proposal) -> list[RealisationUpdate]:
    return list(proposal.updates.all())


def realisation_status(proposal: Proposal) -> str:
    """Where a selected proposal's realisation stands: the last update's status, planned before any."""
    last = proposal.updates.order_by("-created_at", "-id").values_list("status", flat=True).first()
    return last or workflow.PLANNED


@dataclass(frozen=True)
class Realised:
    proposal: Proposal
    status: str
    url: str

    @property
    def status_label(self) -> str:
        return str(REALISATION_LABELS[self.status])


def district_realisations(*, district: District, limit: int = 5) -> list[Realised]:
    """Selected proposals of this district with where their realisation stands (for the district's page)."""
    last_update = Prefetch("updates", queryset=RealisationUpdate.objects.order_by("-created_at", "-id"))
    found = (_proposals().filter(share__district=district, status=workflow.SELECTED)
             .exclude(share__round__published_at=None).prefetch_related(last_update)
             .order_by("-share__round__voting_from", "item__title")[:limit])
    rows = []
    for proposal in found:
        updates = list(proposal.updates.all())
        rows.append(Realised(proposal, updates[0].status if updates else workflow.PLANNED, proposal_path(proposal)))
    return rows


# --- the review desk --------------------------------------------------------------------------------------------

def desk_proposals(*, district_ids: list[int], administered: list[int]) -> QuerySet[Proposal]:
    """Proposals the user reviews: in their districts, or anywhere in a municipality they administer; open ones
    first (not yet decided by the count)."""
    where = Q(share__district_id__in=district_ids) | Q(share__round__municipality_id__in=administered)
    return (_proposals().filter(where)
            .exclude(status__in=(workflow.MERGED, workflow.WITHDRAWN, workflow.NOT_FEASIBLE))
            .order_by("share__round__title", "share__district__name", "item__title"))


def promotable_shares(item: Item) -> list[DistrictShare]:
    """Shares of published rounds still taking proposals (proposal or review phase) for the item's district."""
    return list(DistrictShare.objects.filter(district_id=item.district_id, round__phase__in=workflow.REVIEW_PHASES)
                .exclude(round__published_at=None).select_related("round", "district"))


def merge_candidates(proposal: Proposal) -> list[Proposal]:
    """Other open proposals of the same share, to merge into."""
    return list(_proposals().filter(share=proposal.share, status__in=(workflow.SUBMITTED, workflow.FEASIBLE))
                .exclude(pk=proposal.pk).order_by("item__title"))


def totals(proposals: list[Proposal]) -> dict[str, Any]:
    return {"count": len(proposals), "cost": sum(p.cost or 0 for p in proposals)}
