"""Background tasks: e-mail for notifications (placeholder implementation until the notifications work lands)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_notification_mail(notification_ids: list[int]) -> int:
    return 0


@shared_task
def send_daily_digests() -> int:
    return 0
