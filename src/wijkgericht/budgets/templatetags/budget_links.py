"""Links between a resident's item and its budget proposal, for participation's item pages (which know nothing of
budgets in Python): `{% load budget_links %}{% proposal_link item %}` on the public page, `{% promote_link item %}` on
the staff desk."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from wijkgericht.budgets import selectors
from wijkgericht.budgets.models import Proposal
from wijkgericht.participation.models import Item

register = template.Library()


@register.inclusion_tag("budgets/_proposal_link.html")
def proposal_link(item: Item) -> dict[str, Any]:
    proposal = (Proposal.objects.filter(item=item).exclude(share__round__published_at=None)
                .select_related("share__round__municipality").first())
    if proposal is None:
        return {}
    return {"proposal": proposal, "url": selectors.proposal_path(proposal), "round": proposal.share.round}


@register.inclusion_tag("budgets/_promote_link.html")
def promote_link(item: Item) -> dict[str, Any]:
    proposal = Proposal.objects.filter(item=item).first()
    if proposal is not None:
        return {"proposal": proposal, "url": reverse("budgets:staff_proposal", kwargs={"proposal_id": proposal.pk})}
    if item.merged_into_id or not selectors.promotable_shares(item):
        return {}
    return {"promote_url": reverse("budgets:staff_promote", kwargs={"item_id": item.pk})}
