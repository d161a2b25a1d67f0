from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from wijkgericht.districts.management.commands._base import ImportCommand
from wijkgericht.districts.services import postcodes_import


class Command(ImportCommand):
    help = _("Importeer de CBS-tabel postcode–huisnummer–buurt (CSV) voor het zoeken op adres.")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, help=_("Jaar van de buurtindeling, als de kolomnaam dat niet zegt"))

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        path = options["file"]
        try:
            stream = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise CommandError(_("Kan %(path)s niet lezen: %(error)s") % {"path": path, "error": exc.strerror}) from exc
        with stream:
            self.run_import(path, lambda: postcodes_import(raw=stream, year=options["year"],
                                                           dry_run=options["dry_run"]))
