"""The same thing sent twice is one thing: a reaction or an invitation with the same text from the same person within a
few minutes is a double click or a resent form, and the first one is given back (issue #10)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=10)

M = TypeVar("M", bound=models.Model)


def double_submit_first(same: QuerySet[M], *, author: Any, window: dt.timedelta = DOUBLE_SUBMIT_WINDOW) -> M | None:
    """The first row of `same` that `author` created within `window`, or None when this is not a copy.

    `same` holds the rows that count as the same submission (the caller filters on its target, its text and the
    statuses that still count); this adds the author (field `author`) and the time (field `created_at`). Call it in
    the transaction that creates the row when there is none: it locks the author's row first (PostgreSQL; on SQLite
    the IMMEDIATE transaction already serialises writers), so twenty identical submissions at once see each other
    instead of each finding no earlier copy."""
    if not transaction.get_connection(same.db).in_atomic_block:
        raise transaction.TransactionManagementError(
            "double_submit_first must run in the transaction that creates the submission.")
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    return (same.filter(author=author, created_at__gte=timezone.now() - window)
            .order_by("created_at", "pk").first())
