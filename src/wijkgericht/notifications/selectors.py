"""Reading notifications for pages and the site header."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkgericht.notifications.models import Notification


def unread_count(user: Any) -> int:
    """How many notifications the user has not read yet (0 for an anonymous visitor): one COUNT query."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")
