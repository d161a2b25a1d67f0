"""Reads of resident items for the public side: only what moderation let through, never who submitted it."""

from __future__ import annotations

from django.db.models import QuerySet

from wijkgericht.districts.models import District
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange

PUBLIC_STATUSES = tuple(s for s in workflow.STATUSES if s not in (workflow.SUBMITTED, workflow.REJECTED))


def public_items(*, district: District) -> QuerySet[Item]:
    return (Item.objects.filter(district=district, status__in=PUBLIC_STATUSES)
            .select_related("theme", "neighbourhood").defer("description").order_by("-created_at"))


def public_item(*, district: District, item_id: int) -> Item | None:
    return (Item.objects.filter(district=district, pk=item_id, status__in=PUBLIC_STATUSES)
            .select_related("theme__portfolio", "neighbourhood").first())


def item_timeline(*, item: Item) -> list[StatusChange | AdviceRequest]:
    """Status changes and advice, in order: 'what happened to my idea?'. Actors are not shown publicly."""
    entries: list[StatusChange | AdviceRequest] = [*item.changes.all(), *item.advice_requests.select_related(
        "portfolio")]
    return sorted(entries, key=lambda e: e.created_at if isinstance(e, StatusChange) else e.requested_at)
