import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from wijkgericht.demo.serve import serve
from wijkgericht.demo.services import barendrecht_demo_load


class Command(BaseCommand):
    help = _("Maak of werk de database bij, laad de demo van Barendrecht en start de site op 127.0.0.1.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help=_("Alleen laden, de site niet starten."))

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        for line in barendrecht_demo_load():
            self.stdout.write(line)
        if options["no_serve"]:
            return
        self.stdout.write(_("Wijkgericht draait op http://127.0.0.1:%d/ (stoppen met Ctrl-C)") % options["port"])
        self.stdout.flush()
        # The demo's staff sign-ins skip the second factor (docs/sign-in.md); `check --deploy` refuses this setting.
        os.environ.setdefault("WIJKGERICHT_OTP_DEMO_SKIP", "true")
        # gunicorn with threads, not the development server: that one resets connections under a burst (#10).
        serve(port=options["port"])
