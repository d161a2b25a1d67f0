from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wijkgericht.agenda.services.follow_up import actions_remind_overdue


class Command(BaseCommand):
    help = _("Herinner eigenaren aan vervolgacties die over tijd zijn (voor cron, waar geen Celery beat draait).")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        self.stdout.write(_("%d vervolgacties herinnerd.") % actions_remind_overdue())
