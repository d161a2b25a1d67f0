"""Scheduled work for district budgets (Celery beat; `wijkgericht budgets_advance` from cron without it; the
embedded default also moves a round on when its page is loaded)."""

from __future__ import annotations

from celery import shared_task

from wijkgericht.budgets.services.rounds import rounds_advance


@shared_task
def advance_rounds() -> int:
    """Move every round to its phase by date; publish the result of rounds whose voting closed."""
    return rounds_advance()


@shared_task
def publish_result(round_id: int) -> int:
    """Count and publish one round's result in the worker (results.result_publish; once: a second run returns the
    stored result), then move the round to its phase (the result phase). How many shares were counted."""
    from wijkgericht.budgets.models import Round
    from wijkgericht.budgets.services.results import result_publish
    from wijkgericht.budgets.services.rounds import round_tick

    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    counted = len(result_publish(round_))
    round_tick(Round.objects.get(pk=round_id))
    return counted
