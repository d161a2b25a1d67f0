from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from wijkgericht.districts.management.commands._base import ImportCommand
from wijkgericht.districts.services import boundaries_import


class Command(ImportCommand):
    help = _("Importeer CBS-wijk- en buurtgrenzen (GeoJSON, WGS84 of RD New) van één gemeente.")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--municipality", required=True, help=_("CBS-gemeentecode, bijv. GM0489"))
        parser.add_argument("--municipality-name", help=_("Naam, als het bestand die niet noemt"))
        parser.add_argument("--year", type=int, help=_("Jaar van de CBS-indeling, als het bestand dat niet noemt"))
        parser.add_argument("--skip-other-municipalities", action="store_true",
                            help=_("Sla features van andere gemeenten over (landelijke bestanden)."))
        parser.add_argument("--repair", action="store_true",
                            help=_("Herstel ongeldige polygonen (bijv. zelfdoorsnijding na afronding) in plaats "
                                   "van te stoppen; de herstelde codes worden gemeld."))
        parser.add_argument("--kind", choices=["gemeente", "wijk", "buurt"],
                            help=_("Soort gebied in het bestand; zonder deze optie moeten alle features dezelfde "
                                   "soort code hebben. Een feature zonder code van deze soort wordt geweigerd."))
        parser.add_argument("--activate", action="store_true",
                            help=_("Bouw de wijken voortaan op deze indeling (standaard alleen de eerste keer)."))

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        raw = self.read(options["file"])
        self.run_import(options["file"], lambda: boundaries_import(
            raw=raw,
            municipality_code=options["municipality"].upper(),
            municipality_name=options["municipality_name"],
            year=options["year"],
            skip_other_municipalities=options["skip_other_municipalities"],
            activate=True if options["activate"] else None,
            repair=options["repair"],
            kind=options["kind"],
            dry_run=options["dry_run"],
        ))
