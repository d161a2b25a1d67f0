"""wijkgericht evaluation_report --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf [--xlsx FILE.xlsx]
[--municipality GM0489]: the report for the college, made here and now (no worker needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkgericht.districts import selectors as district_selectors
from wijkgericht.evaluation import report, xlsx
from wijkgericht.evaluation.measures import Period


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = "Write the evaluation report for the college (PDF, and optionally the tables as XLSX) for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day (inclusive), YYYY-MM-DD.")
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument("--xlsx", help="Also write the report's tables to this workbook.")
        parser.add_argument("--municipality", help="CBS code (GM….); default: the site's municipality.")

    def handle(self, *args, **options) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to lies before --from.")
        municipality = district_selectors.municipality_for(options.get("municipality"))
        if municipality is None:
            raise CommandError("No such municipality (or none set up yet).")
        period = Period(start, end)
        verbosity = options["verbosity"]

        def progress(percent: int, step: str) -> None:
            if verbosity > 1:
                self.stdout.write(f"{percent:3d}% {step}")

        data = report.collect(municipality, period, progress)
        pdf = report.render_pdf(data)
        Path(options["out"]).write_bytes(pdf)
        self.stdout.write(f"Wrote {options['out']} ({len(pdf):,} bytes, {len(data.districts)} districts).")
        if options.get("xlsx"):
            Path(options["xlsx"]).write_bytes(xlsx.workbook(data.tables, title=report.title(period)))
            self.stdout.write(f"Wrote {options['xlsx']} ({len(data.tables)} sheets).")
