import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from wijkgericht.api.v1 import api

DEFAULT = Path(__file__).resolve().parents[5] / "docs" / "openapi.json"


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1 to docs/openapi.json (committed, checked by a test)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=DEFAULT)

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        options["output"].parent.mkdir(parents=True, exist_ok=True)
        options["output"].write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(str(options["output"]))
