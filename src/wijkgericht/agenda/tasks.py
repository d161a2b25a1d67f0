"""Scheduled work for the district agenda (Celery beat; `wijkgericht remind_actions` from cron without it)."""

from __future__ import annotations

from celery import shared_task

from wijkgericht.agenda.services.follow_up import actions_remind_overdue


@shared_task
def remind_overdue_actions() -> int:
    return actions_remind_overdue()
