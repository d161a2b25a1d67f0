from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from wijkgericht.districts.management.commands._base import ImportCommand
from wijkgericht.districts.services import key_figures_import


class Command(ImportCommand):
    help = _("Importeer CBS-kerncijfers wijken en buurten (CSV) voor al geladen wijken en buurten.")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--skip-unknown", action="store_true",
                            help=_("Sla regels over van gebieden die hier niet geladen zijn (landelijke bestanden)."))

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        raw = self.read(options["file"])
        self.run_import(options["file"], lambda: key_figures_import(
            raw=raw, skip_unknown=options["skip_unknown"], dry_run=options["dry_run"]))
