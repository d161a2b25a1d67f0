"""`wijkgericht setup_status [--municipality CODE]`: the set-up page's steps on the command line; the exit status is
1 while an essential step is missing (for scripts and health checks after an install)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from wijkgericht.districts.selectors import municipality_by_code
from wijkgericht.setup.status import SetupStatus, municipalities, setup_status


class Command(BaseCommand):
    help = _("Toon hoe ver de inrichting is (de stappen van de pagina Inrichting); niet 0 zolang iets nodigs "
             "ontbreekt.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help=_("CBS-gemeentecode, bijv. GM0489 (standaard: alle gemeenten)"))

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            statuses = self._statuses(options["municipality"])
        except DatabaseError as exc:  # no tables yet: say what to do rather than show a traceback
            raise CommandError(_("De database is nog niet klaar (%(error)s): voer eerst `wijkgericht migrate` "
                                 "uit.") % {"error": str(exc).strip().splitlines()[0]}) from exc
        for status in statuses:
            self._print(status)
        if not all(status.complete for status in statuses):
            raise SystemExit(1)

    def _statuses(self, code: str | None) -> list[SetupStatus]:
        if code:
            municipality = municipality_by_code(code)
            if municipality is None:
                raise CommandError(_("Geen gemeente met code %(code)s.") % {"code": code.upper()})
            return [setup_status(municipality=municipality)]
        return [setup_status(municipality=m) for m in municipalities()] or [setup_status(municipality=None)]

    def _print(self, status: SetupStatus) -> None:
        name = f"{status.municipality_name} ({status.municipality_code})" if status.municipality_code else _(
            "Geen gemeente")
        self.stdout.write(_("%(name)s: %(done)d van %(total)d klaar") % {
            "name": name, "done": status.done_count, "total": len(status.steps)})
        for n, step in enumerate(status.steps, start=1):
            state = _("klaar") if step.done else (_("nog te doen") if step.essential else _("nog te doen (niet verplicht)"))
            self.stdout.write(f"{n:2d}. [{state}] {step.title}: {step.detail}")
            for note in step.notes:
                self.stdout.write(f"    - {note}")
