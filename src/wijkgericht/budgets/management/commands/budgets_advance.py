"""`wijkgericht budgets_advance [--date YYYY-MM-DD]`: move budget rounds to their phase by date (for cron, without
Celery beat); publishes the result of rounds whose voting has closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijkgericht.budgets.services.rounds import rounds_advance


class Command(BaseCommand):
    help = "Move district budget rounds to their phase by date and publish results that are due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="the day to move to (YYYY-MM-DD; default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: give a date as YYYY-MM-DD, not {options['date']!r}") from exc
        moved = rounds_advance(day)
        self.stdout.write(f"{moved} round(s) moved on")
