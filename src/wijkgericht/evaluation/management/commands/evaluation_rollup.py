"""wijkgericht evaluation_rollup [--municipality GM0489]: rebuild the evaluation's daily rollup (models.DayFigure)
from the items and supports, and the survey's tallies (models.SurveyTally) from its answers, after data was written
past the services (an import, SQL, a restore)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from wijkgericht.districts.models import Municipality
from wijkgericht.evaluation import rollup, tallies
from wijkgericht.evaluation.models import Wave


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
        waves = Wave.objects.all() if municipality_id is None else Wave.objects.filter(
            survey__municipality_id=municipality_id)
        counted = tallies.rebuild(None if municipality_id is None else waves.values_list("pk", flat=True))
        self.stdout.write(f"Survey tallies rebuilt: {counted} rows.")
