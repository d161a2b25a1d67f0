"""The forms a meeting with the district can take (activity kinds): every municipality starts with the defaults."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from wijkgericht.agenda.models import ActivityKind
from wijkgericht.districts.models import Municipality

DEFAULT_KINDS = [
    ("wijkoverleg", gettext_lazy("Wijkoverleg"), gettext_lazy("Het vaste overleg met bewoners en wijkpartners.")),
    ("bijeenkomst", gettext_lazy("Bijeenkomst"), gettext_lazy("Een avond of middag over een onderwerp.")),
    ("evenement", gettext_lazy("Evenement"), gettext_lazy("Een buurtfeest, markt of opening.")),
    ("fietstocht", gettext_lazy("Fietstocht met wijkpartners"),
     gettext_lazy("Door de wijk fietsen met politie, corporatie, welzijn en bewoners.")),
    ("werkbezoek", gettext_lazy("Werkbezoek"), gettext_lazy("Op bezoek bij een school, club of organisatie.")),
    ("spreekuur", gettext_lazy("Spreekuur"), gettext_lazy("Zonder afspraak binnenlopen bij de wijkwethouder.")),
]


def kinds_ensure_defaults(municipality: Municipality) -> None:
    """Give a municipality the default activity kinds once; it edits the list in the back office after that. Runs
    when a municipality is created (AgendaConfig.ready); migration 0002 keeps a copy of DEFAULT_KINDS for the ones
    that existed before. Idempotent: a municipality with any kind is left alone."""
    if not ActivityKind.objects.filter(municipality=municipality).exists():
        with translation.override(settings.LANGUAGE_CODE):  # stored data, in the site's language, not the visitor's
            ActivityKind.objects.bulk_create([
                ActivityKind(municipality=municipality, slug=slug, name=str(name), description=str(text), order=n)
                for n, (slug, name, text) in enumerate(DEFAULT_KINDS)
            ])
    kinds_english_defaults(municipality)


def kinds_english_defaults(municipality: Municipality) -> int:
    """The English name and description of each default kind the municipality kept as it was (same slug, the Dutch
    default name) and has not named in English itself; its own kinds and its own English are never touched.
    Returns the number of kinds given an English name (issue #14)."""
    filled = 0
    for slug, name, text in DEFAULT_KINDS:
        with translation.override(settings.LANGUAGE_CODE):
            dutch_name, dutch_text = str(name), str(text)
        with translation.override("en"):
            english_name, english_text = str(name), str(text)
        kinds = ActivityKind.objects.filter(municipality=municipality, slug=slug, name_nl=dutch_name)
        filled += kinds.filter(name_en__isnull=True).update(name_en=english_name)
        kinds.filter(description_nl=dutch_text, description_en__isnull=True).update(description_en=english_text)
    return filled
