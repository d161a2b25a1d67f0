"""Reading notifications for pages and the site header."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

from wijkgericht.notifications.models import Notification


def unread_count(user: Any) -> int:
    """How many notifications the user has not read yet (0 for an anonymous visitor): one COUNT query.

    Written out, because every signed-in page shows it: Django took longer to build
    `Notification.objects.filter(recipient_id=…, read_at__isnull=True).count()` than the database took to answer
    it (bench/participation/README.md). Table and column names come from the model; the index
    `notification_unread` (recipient, read_at) serves it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    meta, quote = Notification._meta, connection.ops.quote_name
    recipient, read_at = (quote(meta.get_field(name).column) for name in ("recipient", "read_at"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(meta.db_table)} WHERE {recipient} = %s AND {read_at} IS NULL",
                       [user.pk])
        return cursor.fetchone()[0]


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")
