"""Shared shape of the import commands: read a file, call a service, print its summary, fail cleanly."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wijkgericht.districts.importers import ImportFailed
from wijkgericht.districts.services import ImportSummary


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Controleer en tel, maar sla niets op."))

    def read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Kan %(path)s niet lezen: %(error)s") % {"path": path, "error": exc.strerror}) from exc

    def run_import(self, path: Path, action) -> None:  # type: ignore[no-untyped-def]
        try:
            summary: ImportSummary = action()
        except ImportFailed as exc:
            raise CommandError(_("Import van %(path)s afgebroken, er is niets gewijzigd:\n%(problems)s")
                               % {"path": path, "problems": exc}) from exc
        for line in summary.lines():
            self.stdout.write(line)
