"""Give every existing municipality the default activity kinds, which new ones get on creation (AgendaConfig.ready),
so that no page has to create them on a GET. Same rule as services.kinds_ensure_defaults: only a municipality
without any kind, names in the site's language."""

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

# services.DEFAULT_KINDS as it was when this migration was written (a migration keeps its own copy).
DEFAULT_KINDS = [
    ("wijkoverleg", "Wijkoverleg", "Het vaste overleg met bewoners en wijkpartners."),
    ("bijeenkomst", "Bijeenkomst", "Een avond of middag over een onderwerp."),
    ("evenement", "Evenement", "Een buurtfeest, markt of opening."),
    ("fietstocht", "Fietstocht met wijkpartners",
     "Door de wijk fietsen met politie, corporatie, welzijn en bewoners."),
    ("werkbezoek", "Werkbezoek", "Op bezoek bij een school, club of organisatie."),
    ("spreekuur", "Spreekuur", "Zonder afspraak binnenlopen bij de wijkwethouder."),
]


def add_default_kinds(apps, schema_editor):
    Municipality = apps.get_model("districts", "Municipality")
    ActivityKind = apps.get_model("agenda", "ActivityKind")
    db = schema_editor.connection.alias
    without = Municipality.objects.using(db).exclude(
        pk__in=ActivityKind.objects.using(db).values("municipality_id"))
    with translation.override(settings.LANGUAGE_CODE):
        ActivityKind.objects.using(db).bulk_create([
            ActivityKind(municipality=municipality, slug=slug, name=gettext(name), description=gettext(text), order=n)
            for municipality in without
            for n, (slug, name, text) in enumerate(DEFAULT_KINDS)
        ])


class Migration(migrations.Migration):

    dependencies = [
        ("agenda", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_default_kinds, migrations.RunPython.noop),
    ]
