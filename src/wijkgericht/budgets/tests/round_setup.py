"""Test helpers: a published round in a chosen phase (dates around today) and proposals in a chosen status, on the
Barendrecht demo with the `roles` fixture (Nieuweland, WK048909, is the civil servant's and the district alderman's
district; the Sport theme's portfolio holder is Cees Schaap)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import DistrictShare, Proposal, ProposalChange, Round
from wijkgericht.budgets.services.rounds import round_create, round_tick
from wijkgericht.districts.models import District
from wijkgericht.participation import workflow as item_workflow
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.testing import submit

NIEUWELAND = "WK048909"

# Day offsets from today for (proposals_from, review_from, voting_from, voting_until, realisation_from).
OFFSETS = {
    workflow.DRAFT: (5, 15, 25, 35, 60),
    workflow.PROPOSALS: (-5, 10, 20, 30, 60),
    workflow.REVIEW: (-20, -5, 10, 20, 60),
    workflow.VOTING: (-30, -20, -2, 10, 60),
}


def dates(phase: str) -> dict[str, dt.date]:
    today = timezone.localdate()
    names = ("proposals_from", "review_from", "voting_from", "voting_until", "realisation_from")
    return {name: today + dt.timedelta(days=days) for name, days in zip(names, OFFSETS[phase], strict=True)}


def make_round(roles, phase: str = workflow.PROPOSALS, *, district: str = NIEUWELAND, amount: int = 50_000,
               published: bool = True, slug: str = "wijkbudget-2026", **options) -> Round:
    area = District.objects.get(code=district)
    fields = {"title": "Wijkbudget Nieuweland 2026", "slug": slug, "amount": amount, "method": Round.Method.CART,
              **dates(phase), **options}
    round = round_create(municipality=roles.municipality, actor=None, district=area, **fields)
    if published:
        Round.objects.filter(pk=round.pk).update(published_at=timezone.now())
        round.refresh_from_db()
        round = round_tick(round)
    return round


def share_of(round: Round) -> DistrictShare:
    return round.shares.select_related("district", "round").get()


def proposal_in(roles, share: DistrictShare, status: str = workflow.SUBMITTED, *, cost: int = 10_000,
                title: str = "Pannakooi bij de school", theme: str = "sport", author=None) -> Proposal:
    """A proposal backed by a published item of the share's district; `admitted` (and later) with the portfolio
    holder's answered advice, so the item is in coordination as the count expects."""
    item = submit(roles, title=title, theme=theme, author=author, amount_requested=cost)
    item = item_transition(item=item, actor=roles.moderator, target=item_workflow.PUBLISHED)
    if status in (workflow.ADMITTED, workflow.SELECTED, workflow.NOT_SELECTED):
        item = item_transition(item=item, actor=roles.civil_servant, target=item_workflow.UNDER_CONSIDERATION)
        advice = advice_request(item=item, actor=roles.civil_servant, question="Past dit?")
        advice_answer(advice=advice, actor=roles.portfolio_holder, answer="agree", reasoning="Goed plan.")
    proposal = Proposal.objects.create(share=share, item=item, status=status,
                                       cost=None if status == workflow.SUBMITTED else cost)
    ProposalChange.objects.create(proposal=proposal, source="", target=status)
    return proposal
