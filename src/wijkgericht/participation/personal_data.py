"""A person's data in participation — items, reactions, support, follows, "solved?" answers, and what staff did
(status changes, advice, moderation) — for the export and the erasure of an account (accounts/personal_data.py,
registered in apps.py)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db.models import Q

from wijkgericht.accounts.models import User
from wijkgericht.accounts.personal_data import Provider, after_commit, municipality_ids, when
from wijkgericht.participation import workflow
from wijkgericht.participation.models import (
    AdviceRequest,
    Comment,
    Flag,
    Follow,
    Item,
    ItemDraft,
    Photo,
    SolvedFeedback,
    StatusChange,
    Support,
)
from wijkgericht.participation.selectors import PUBLIC_STATUSES

log = logging.getLogger(__name__)


def participation_export(user: User) -> dict[str, Any]:
    items = Item.objects.filter(author=user).select_related("district", "theme").order_by("created_at", "pk")
    return {
        "items": [
            {"id": i.pk, "kind": i.kind, "title": i.title, "description": i.description, "status": i.status,
             "status_label": str(i.get_status_display()), "district": i.district.name, "theme": i.theme.name,
             "lat": i.lat, "lon": i.lon, "needs_decision": i.needs_decision,
             "amount_requested": str(i.amount_requested) if i.amount_requested is not None else None,
             "created_at": when(i.created_at), "status_changed_at": when(i.status_changed_at)}
            for i in items
        ],
        "comments": [
            {"id": c.pk, "item_id": c.item_id, "item_title": c.item.title, "body": c.body, "status": c.status,
             "created_at": when(c.created_at)}
            for c in Comment.objects.filter(author=user).select_related("item").order_by("created_at", "pk")
        ],
        "supports": [
            {"item_id": s.item_id, "item_title": s.item.title, "created_at": when(s.created_at)}
            for s in Support.objects.filter(user=user).select_related("item").order_by("created_at", "pk")
        ],
        "follows": [
            {"item_id": f.item_id, "item_title": f.item.title, "created_at": when(f.created_at)}
            for f in Follow.objects.filter(user=user).select_related("item").order_by("created_at", "pk")
        ],
        "solved_feedback": [
            {"item_id": f.item_id, "solved": f.solved, "comment": f.comment, "created_at": when(f.created_at)}
            for f in SolvedFeedback.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "status_changes_made": [
            {"item_id": c.item_id, "from": c.source, "to": c.target, "at": when(c.created_at)}
            for c in StatusChange.objects.filter(actor=user).order_by("created_at", "pk")
        ],
        "advice": [
            {"item_id": a.item_id, "portfolio": a.portfolio.name, "question": a.question,
             "asked_by_you": a.requested_by_id == user.pk, "answered_by_you": a.answered_by_id == user.pk,
             "answer": a.answer, "reasoning": a.reasoning if a.answered_by_id == user.pk else "",
             "requested_at": when(a.requested_at), "answered_at": when(a.answered_at)}
            for a in AdviceRequest.objects.filter(Q(requested_by=user) | Q(answered_by=user))
            .select_related("portfolio").order_by("requested_at", "pk")
        ],
        "drafts": [
            {"title": d.data.get("title", ""), "description": d.data.get("description", ""),
             "created_at": when(d.created_at)}
            for d in ItemDraft.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "abuse_reports": [
            {"item_id": f.item_id, "comment_id": f.comment_id, "reason": f.reason, "note": f.note,
             "created_at": when(f.created_at), "handled_at": when(f.handled_at) if f.handled_at else None}
            for f in Flag.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
        "comments_moderated": [
            {"comment_id": c.pk, "item_id": c.item_id, "status": c.status, "at": when(c.moderated_at)}
            for c in Comment.objects.filter(moderated_by=user).order_by("moderated_at", "pk")
        ],
    }


def participation_erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    """Published items, approved reactions and support stay (their author becomes NULL with the account, shown as
    "Voormalig inwoner"; support still counts); follows go with the account. What was never published — items and
    reactions waiting for moderation or rejected — goes now, items with their photo files (after commit), unless
    the resident chose (`keep_unpublished`) that what still waits may be published afterwards without a name."""
    unpublished_items = Item.objects.filter(author=user).exclude(status__in=PUBLIC_STATUSES)
    unpublished_comments = Comment.objects.filter(author=user).exclude(status=Comment.Status.APPROVED)
    if keep_unpublished:  # what waits for moderation stays in the queue, without a name; rejected work goes
        unpublished_items = unpublished_items.filter(status=workflow.REJECTED)
        unpublished_comments = unpublished_comments.filter(status=Comment.Status.REJECTED)
    photo_files = list(Photo.objects.filter(item__in=unpublished_items).values_list("image", flat=True))
    removed_items = len(unpublished_items.values_list("pk", flat=True))
    removed_comments = unpublished_comments.count()
    unpublished_comments.delete()
    unpublished_items.delete()
    drafts_removed, _per_model = ItemDraft.objects.filter(user=user).delete()  # never submitted: nothing to keep
    after_commit(partial(photo_files_delete, photo_files))
    return {
        "items": Item.objects.filter(author=user).count(),
        "comments": Comment.objects.filter(author=user).count(),
        "supports": Support.objects.filter(user=user).count(),
        "unpublished_items_removed": removed_items,
        "unpublished_comments_removed": removed_comments,
        "follows": Follow.objects.filter(user=user).count(),
        "drafts_removed": drafts_removed,
    }


def photo_files_delete(names: list[str]) -> None:
    """Remove the files of deleted photos (after commit: a rolled-back deletion keeps its files)."""
    storage = Photo._meta.get_field("image").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError as exc:
            log.error("photo file %s of a deleted account's item NOT removed: %s", name, exc)


def municipalities_showing(user: User) -> set[int]:
    """Their pseudonym with a reaction, their items, supports and answers (counts)."""
    return municipality_ids(
        Item.objects.filter(author=user).values_list("municipality_id", flat=True),
        Comment.objects.filter(author=user).values_list("item__municipality_id", flat=True),
        Support.objects.filter(user=user).values_list("item__municipality_id", flat=True),
        SolvedFeedback.objects.filter(user=user).values_list("item__municipality_id", flat=True),
    )


provider = Provider(
    section="participation", order=30,
    models=(Item, StatusChange, AdviceRequest, Support, Follow, Comment, SolvedFeedback, ItemDraft, Flag),
    export=participation_export, erase=participation_erase, municipalities_showing=municipalities_showing,
)
