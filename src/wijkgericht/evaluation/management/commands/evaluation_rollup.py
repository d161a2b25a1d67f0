"""wijkgericht evaluation_rollup [--municipality GM0489]: rebuild the evaluation's daily rollup (models.DayFigure)
from the items and supports, after data was written past participation's services (an import, SQL, a restore)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wijkgericht.districts.models import Municipality
from wijkgericht.evaluation import rollup


class Command(BaseCommand):
    help = "Rebuild the evaluation's daily rollup of items and supports (all municipalities, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="CBS code of one municipality, e.g. GM0489")

    def handle(self, *args, **options):
        municipality_id = None
        if options["municipality"]:
            found = Municipality.objects.filter(code=options["municipality"]).first()
            if found is None:
                raise CommandError(f"Unknown municipality: {options['municipality']}")
            municipality_id = found.id
        rows = rollup.rebuild(municipality_id)
        self.stdout.write(f"Daily rollup rebuilt: {rows} rows.")
