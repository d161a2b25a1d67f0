"""Delete read notifications older than N days (data minimisation): `wijkgericht cleanup_notifications`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wijkgericht.notifications.services import KEEP_READ_DAYS, notifications_delete_read


class Command(BaseCommand):
    help = "Delete notifications that were read more than --days days ago."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=KEEP_READ_DAYS,
                            help=f"Keep read notifications this many days (default {KEEP_READ_DAYS}).")

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            raise CommandError("--days must not be negative.")
        deleted = notifications_delete_read(older_than_days=days)
        self.stdout.write(f"{deleted} read notification(s) deleted.")
