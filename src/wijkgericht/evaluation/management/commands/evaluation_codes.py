"""wijkgericht evaluation_codes --wave ID --district CODE --count N --out codes.csv

Single-use codes for the letters of a survey wave (with_code on): one per letter, for addresses in the district.
The CSV holds the codes themselves (as printed: ABCD-EFGH-JKMN) and the address of the survey page; it is the only
place they exist: the database keeps only their keyed hashes. Hand it to the printer and delete it afterwards."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkgericht.core.links import absolute_url
from wijkgericht.districts.models import District
from wijkgericht.districts.paths import page_path
from wijkgericht.evaluation.models import Wave
from wijkgericht.evaluation.services import survey


class Command(BaseCommand):
    help = "Make single-use codes for the letters of an involvement survey wave (CSV: code, district, page)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wave", type=int, required=True, help="id of the wave")
        parser.add_argument("--district", required=True, help="code of the district the letters go to")
        parser.add_argument("--count", type=int, required=True, help="how many codes (one per letter)")
        parser.add_argument("--out", type=Path, required=True, help="CSV file to write (must not exist)")

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        wave = Wave.objects.select_related("survey__municipality").filter(pk=options["wave"]).first()
        if wave is None:
            raise CommandError(f"No wave {options['wave']}.")
        municipality = wave.survey.municipality
        district = District.objects.filter(municipality=municipality, code=options["district"]).first()
        if district is None:
            raise CommandError(f"{municipality} has no district {options['district']}.")
        if not 1 <= options["count"] <= 100_000:
            raise CommandError("--count is 1 to 100000.")
        try:
            with options["out"].open("x", newline="", encoding="utf-8") as handle:
                codes = survey.codes_issue(wave=wave, district=district, count=options["count"])
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(["code", "wijk", "adres"])
                page = absolute_url(page_path("evaluation:survey_answer", municipality, wave_id=wave.pk))
                for code in codes:
                    writer.writerow([survey.code_format(code), district.name, page])
        except FileExistsError:
            raise CommandError(f"{options['out']} exists; choose a new file.") from None
        except ValidationError as exc:
            options["out"].unlink(missing_ok=True)
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{len(codes)} codes for {district.name} written to {options['out']}")
