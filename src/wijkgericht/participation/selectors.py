"""Reads of resident items. The public side sees only what moderation let through and never who submitted it; the
staff side reads through the same functions, narrowed to a role's scope."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijkgericht.accounts.roles import Scope
from wijkgericht.core.support import support_counts
from wijkgericht.districts.models import District, Municipality
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Comment, Item, StatusChange, Support

PUBLIC_STATUSES = tuple(s for s in workflow.STATUSES if s not in (workflow.SUBMITTED, workflow.REJECTED))
OPEN_STATUSES = tuple(s for s in PUBLIC_STATUSES if s not in (workflow.DONE, workflow.DECLINED))


@dataclass(frozen=True)
class ItemFilter:
    """The public list's filters, each optional; values are checked against the choices by the caller's form."""

    kind: str = ""
    theme: str = ""          # theme slug
    status: str = ""         # a workflow status, or "open"/"closed"
    neighbourhood: str = ""  # CBS buurt code


@dataclass(frozen=True)
class Requested:
    """What an item asks for money or a decision, its own request and every request merged into it, each kept as
    its submitter wrote it (a merge never overwrites an amount)."""

    own: Item
    merged: tuple[Item, ...]

    @property
    def any(self) -> bool:
        return self.own.asks_itself or bool(self.merged)

    @property
    def total(self) -> Decimal | None:
        """The sum of every amount asked (None when no request names an amount)."""
        amounts = [i.amount_requested for i in (self.own, *self.merged) if i.amount_requested is not None]
        return sum(amounts, Decimal(0)) if amounts else None


def requested(*, item: Item) -> Requested:
    """The item's own request and the requests merged into it, also those merged into a merged item."""
    merged: list[Item] = []
    frontier = [item.pk]
    seen = {item.pk}
    while frontier:
        found = [i for i in Item.objects.filter(merged_into_id__in=frontier).order_by("pk") if i.pk not in seen]
        seen.update(i.pk for i in found)
        merged.extend(i for i in found if i.asks_itself)  # one that only passed a request on is no request
        frontier = [i.pk for i in found]
    return Requested(own=item, merged=tuple(merged))


def public_item_ids(*, district: District, filters: ItemFilter | None = None) -> QuerySet[Item]:
    """The ids of a district's public items, newest first, filtered: cheap to count and to page through deep."""
    items = Item.objects.filter(district=district, status__in=PUBLIC_STATUSES, merged_into__isnull=True)
    f = filters or ItemFilter()
    if f.kind:
        items = items.filter(kind=f.kind)
    if f.theme:
        items = items.filter(theme__slug=f.theme)
    if f.status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif f.status == "closed":
        items = items.exclude(status__in=OPEN_STATUSES)
    elif f.status:
        items = items.filter(status=f.status)
    if f.neighbourhood:
        items = items.filter(neighbourhood__code=f.neighbourhood)
    return items.order_by("-created_at", "-pk").values_list("pk", flat=True)


def public_items_by_ids(ids: list[int]) -> list[Item]:
    """The rows for a page of ids, in that order, with what a list shows."""
    rows = (Item.objects.filter(pk__in=ids).select_related("theme", "neighbourhood")
            .defer("description", "neighbourhood__geometry", "neighbourhood__key_figures")
            .annotate(support_count=support_counts(Support)).in_bulk())
    return [rows[pk] for pk in ids if pk in rows]


def public_items(*, district: District, filters: ItemFilter | None = None, limit: int = 10) -> list[Item]:
    """The newest public items of a district (the district page's short list)."""
    return public_items_by_ids(list(public_item_ids(district=district, filters=filters)[:limit]))


def public_item(*, district: District, item_id: int) -> Item | None:
    return (Item.objects.filter(district=district, pk=item_id, status__in=PUBLIC_STATUSES)
            .select_related("theme__portfolio", "neighbourhood", "merged_into__district")
            .defer("neighbourhood__geometry", "neighbourhood__key_figures")
            .annotate(support_count=support_counts(Support)).first())


TimelineEntry = StatusChange | AdviceRequest


def item_timeline(*, item: Item) -> list[TimelineEntry]:
    """Status changes and advice, in order: 'what happened to my idea?'. Actors are not shown publicly. The move
    into coordination is told by its advice request (to whom, and the answer), so it is not listed twice."""
    return item_timelines([item])[item.pk]


def item_timelines(items: Iterable[Item]) -> dict[int, list[TimelineEntry]]:
    """The timelines of many items (see item_timeline) by item id, in two queries however many items there are:
    one for the status changes, one for the advice requests with their portfolio."""
    by_pk = {item.pk: item for item in items}
    changes: dict[int, list[TimelineEntry]] = {pk: [] for pk in by_pk}
    advice: dict[int, list[TimelineEntry]] = {pk: [] for pk in by_pk}
    if by_pk:
        # Each in its model's order (time, then pk), so that equal times sort the same way on every database.
        # The actor comes along: the staff item page names who took each step (public pages do not).
        for change in (StatusChange.objects.filter(item_id__in=by_pk).exclude(target=workflow.COORDINATION)
                       .select_related("actor")):
            change.item = by_pk[change.item_id]  # no query per entry for entry.item
            changes[change.item_id].append(change)
        for request in AdviceRequest.objects.filter(item_id__in=by_pk).select_related("portfolio"):
            request.item = by_pk[request.item_id]
            advice[request.item_id].append(request)
    # A stable sort: at equal times a status change comes before an advice request.
    return {pk: sorted([*changes[pk], *advice[pk]], key=_timeline_time) for pk in by_pk}


def _timeline_time(entry: TimelineEntry) -> dt.datetime:
    return entry.created_at if isinstance(entry, StatusChange) else entry.requested_at


def public_comments(*, item: Item) -> QuerySet[Comment]:
    return item.comments.filter(status=Comment.Status.APPROVED).select_related("author").order_by("created_at")


# --- similar items, shown before a resident submits ------------------------------------------------------------

_WORD = re.compile(r"\w{4,}", re.UNICODE)
NEARBY_METRES = 400


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def similar_nearby(*, municipality: Municipality, lat: float, lon: float, title: str = "", theme_slug: str = "",
                   limit: int = 5) -> list[tuple[Item, int]]:
    """Open public items near a point, closest and most alike first, with their distance in metres.

    A bounding box narrows the candidates in the database (index-friendly); distance and word overlap rank them.
    """
    dlat = NEARBY_METRES / 111_320
    dlon = NEARBY_METRES / (111_320 * math.cos(math.radians(lat)))
    candidates = (Item.objects.filter(municipality=municipality, status__in=OPEN_STATUSES, merged_into__isnull=True,
                                      lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
                  .select_related("district", "theme").defer("description")[:200])
    words = _words(title)
    ranked = []
    for item in candidates:
        metres = _metres(lat, lon, item.lat, item.lon)
        if metres > NEARBY_METRES:
            continue
        overlap = len(words & _words(item.title))
        score = metres / NEARBY_METRES - overlap - (0.5 if theme_slug and item.theme.slug == theme_slug else 0)
        ranked.append((score, item.pk, item, round(metres)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [(item, metres) for _, _, item, metres in ranked[:limit]]


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough within a municipality."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


# --- staff ----------------------------------------------------------------------------------------------------

def visible_to_staff(scope: Scope) -> Q:
    """Items a staff scope may see unpublished: its districts, its municipalities (moderator/administrator), and
    its portfolios' items."""
    q = Q(district_id__in=scope.team_district_ids) | Q(theme__portfolio_id__in=scope.portfolio_ids)
    q |= Q(municipality_id__in=scope.moderator_municipality_ids | scope.administrator_municipality_ids)
    return Q() if scope.is_superuser else q


@dataclass(frozen=True)
class InboxEntry:
    item: Item
    waiting_since: dt.datetime
    advice: AdviceRequest | None = None

    @property
    def waiting_days(self) -> int:
        return (timezone.now() - self.waiting_since).days


# Statuses that wait for the district team's next step.
TEAM_WAITING = (workflow.SUBMITTED, workflow.PUBLISHED, workflow.UNDER_CONSIDERATION, workflow.ACCEPTED,
                workflow.IN_PROGRESS, workflow.REOPENED)


def district_inbox_items(*, scope: Scope) -> QuerySet[Item]:
    """New and ongoing items in the districts of the user's district team, as a query to page through, longest
    waiting first (`waiting_since`); an item in coordination whose advice of the current consideration round came
    back waits for the team again, since that answer (only that round's answers count: workflow.py)."""
    if not scope.team_district_ids:
        return Item.objects.none()
    current = AdviceRequest.objects.filter(item=OuterRef("pk"), round=OuterRef("consideration_round"))
    last_answer = current.exclude(answer="").order_by("-answered_at").values("answered_at")[:1]
    return (Item.objects.filter(district_id__in=scope.team_district_ids, merged_into__isnull=True)
            .annotate(advice_back=Exists(current.filter(answered_at__isnull=False)))
            .filter(Q(status__in=TEAM_WAITING) | Q(status=workflow.COORDINATION, advice_back=True))
            .annotate(waiting_since=Case(
                When(status=workflow.COORDINATION, then=Coalesce(Subquery(last_answer), F("status_changed_at"))),
                default=F("status_changed_at")))
            .select_related("district", "theme__portfolio").order_by("waiting_since", "pk"))


def district_inbox_entries(items: Iterable[Item]) -> list[InboxEntry]:
    """Inbox entries for items of `district_inbox_items` (a page of them): an item in coordination with the
    latest answer of its current round, in one query for all."""
    items = list(items)
    waiting = {i.pk: i for i in items if i.status == workflow.COORDINATION}
    latest: dict[int, AdviceRequest] = {}
    for advice in (AdviceRequest.objects.filter(item_id__in=waiting).exclude(answer="")
                   .order_by("-answered_at", "-pk")):
        if advice.round == waiting[advice.item_id].consideration_round:
            latest.setdefault(advice.item_id, advice)
    return [InboxEntry(i, i.waiting_since, latest.get(i.pk)) for i in items]


def district_inbox(*, scope: Scope) -> list[InboxEntry]:
    """The whole district inbox as entries (the page shows it a page at a time)."""
    return district_inbox_entries(district_inbox_items(scope=scope))


def open_advice_requests(*, scope: Scope) -> QuerySet[AdviceRequest]:
    """Open advice requests to the user's portfolios, from every district, longest waiting first. A request of an
    earlier consideration round has lapsed (a request was merged in; the team asks again)."""
    if not scope.portfolio_ids:
        return AdviceRequest.objects.none()
    return (AdviceRequest.objects.filter(portfolio_id__in=scope.portfolio_ids, answer="",
                                         round=F("item__consideration_round"))
            .select_related("item__district", "item__theme", "portfolio").order_by("requested_at", "pk"))


def advice_entries(requests: Iterable[AdviceRequest]) -> list[InboxEntry]:
    return [InboxEntry(r.item, r.requested_at, r) for r in requests]


def advice_inbox(*, scope: Scope) -> list[InboxEntry]:
    return advice_entries(open_advice_requests(scope=scope))


def moderation_queue(*, scope: Scope) -> tuple[QuerySet[Item], QuerySet[Comment]]:
    """Submitted items and pending comments the user may moderate, oldest first, as queries to page through."""
    municipalities = scope.moderator_municipality_ids | scope.administrator_municipality_ids
    where = Q(district_id__in=scope.team_district_ids) | Q(municipality_id__in=municipalities)
    if scope.is_superuser:
        where = Q()
    elif not (scope.team_district_ids or municipalities):
        return Item.objects.none(), Comment.objects.none()
    # A submission merged into another item is not moderated any more: its request lives on there.
    items = (Item.objects.filter(where, status=workflow.SUBMITTED, merged_into__isnull=True)
             .select_related("district", "theme").order_by("created_at", "pk"))
    comment_where = Q(item__district_id__in=scope.team_district_ids) | Q(item__municipality_id__in=municipalities)
    comments = (Comment.objects.filter(comment_where if not scope.is_superuser else Q(),
                                       status=Comment.Status.PENDING)
                .select_related("item__district").order_by("created_at", "pk"))
    return items, comments


def public_item_counts(*, municipality: Municipality) -> dict[int, int]:
    """The number of public items per district id (the district index)."""
    rows = (Item.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES, merged_into__isnull=True)
            .order_by().values("district_id").annotate(n=Count("pk")).values_list("district_id", "n"))
    return dict(rows)


# The open-data export's columns: what the public pages show of an item, nothing about who submitted it (no
# author, no photo, no reactions, no one's support). Rows in the order they came in.
OPEN_DATA_FIELDS = ("pk", "kind", "title", "description", "theme__name", "district__code", "district__name",
                    "district__slug", "neighbourhood__name", "status", "created_at", "status_changed_at", "lat", "lon",
                    "merged_into_id", "is_example")


def open_data_items(*, municipality: Municipality) -> QuerySet[Item]:
    """Every public item of the municipality as plain rows (dicts of OPEN_DATA_FIELDS and support_count)."""
    return (Item.objects.filter(municipality=municipality, status__in=PUBLIC_STATUSES)
            .annotate(support_count=support_counts(Support))
            .order_by("created_at", "pk").values(*OPEN_DATA_FIELDS, "support_count"))
