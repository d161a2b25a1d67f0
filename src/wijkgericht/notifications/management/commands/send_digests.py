"""Send the daily notification digests now: for cron where no Celery beat runs (`wijkgericht send_digests`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wijkgericht.notifications.tasks import DIGEST_DAYS, send_daily_digests


class Command(BaseCommand):
    help = "Send one digest mail to each recipient who chose the daily digest (safe to run more than once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=DIGEST_DAYS,
                            help=f"List unmailed notifications of this many days back (default {DIGEST_DAYS}).")

    def handle(self, *args, days: int, **options) -> None:
        sent = send_daily_digests.run(days=days)  # in this process, whether or not a worker runs
        self.stdout.write(f"{sent} digest(s) sent.")
