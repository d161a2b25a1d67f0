"""`wijkgericht open311_key create "Naam" [--municipality GM0489]` prints a new Open311 API key once;
`list` shows the keys by prefix; `deactivate PREFIX` withdraws one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wijkgericht.districts.selectors import municipality_for
from wijkgericht.open311.keys import key_create
from wijkgericht.open311.models import ApiKey


class Command(BaseCommand):
    help = _("Open311-API-sleutels: create (toont de sleutel eenmalig), list, deactivate.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("Maak een sleutel en toon hem eenmalig (bewaard wordt "
                                                     "alleen een hash)."))
        create.add_argument("name", help=_("Wie de sleutel gebruikt, bijvoorbeeld de naam van de meldingen-app."))
        create.add_argument("--municipality", default="",
                            help=_("CBS-code van de gemeente, bijvoorbeeld GM0489 (standaard: de standaardgemeente)."))
        actions.add_parser("list", help=_("Toon de sleutels met hun begin."))
        deactivate = actions.add_parser("deactivate", help=_("Trek een sleutel in."))
        deactivate.add_argument("prefix", help=_("Het begin van de sleutel, zoals list het toont."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            code = options["municipality"]
            municipality = municipality_for(code)
            if municipality is None:
                raise CommandError(_("Gemeente %s niet gevonden; laad eerst haar wijken.") % (code or "(standaard)"))
            name = options["name"].strip()
            if not name:
                raise CommandError(_("Geef de sleutel een naam."))
            api_key, plain = key_create(name=name, municipality=municipality)
            self.stderr.write(_("Open311-sleutel voor %(name)s (%(municipality)s); alleen nu te zien:")
                              % {"name": api_key.name, "municipality": municipality.name})
            self.stdout.write(plain)
        elif action == "list":
            for api_key in ApiKey.objects.select_related("municipality"):
                state = _("actief") if api_key.is_active else _("ingetrokken")
                used = api_key.last_used_at.isoformat(timespec="seconds") if api_key.last_used_at else "-"
                self.stdout.write(f"{api_key.prefix}…\t{state}\t{api_key.municipality.code}\t{used}\t{api_key.name}")
        else:
            count = ApiKey.objects.filter(prefix=options["prefix"].rstrip("…")).update(is_active=False)
            if count == 0:
                raise CommandError(_("Geen sleutel die begint met %s.") % options["prefix"])
            self.stdout.write(_("%d sleutel(s) ingetrokken.") % count)
