"""Scheduled work for district budgets (Celery beat; `wijkgericht budgets_advance` from cron without it; the
embedded default also moves a round on when its page is loaded)."""

from __future__ import annotations

from celery import shared_task

from wijkgericht.budgets.services.rounds import rounds_advance


@shared_task
def advance_rounds() -> int:
    """Move every round to its phase by date; publish the result of rounds whose voting closed."""
    return rounds_advance()
