"""The Barendrecht demo's facts for its statement pages: the municipality's public website, general phone number
and town hall, so the contact page leads somewhere. The pages' texts stay the defaults. Created once: what an
administrator entered later is kept."""

from __future__ import annotations

from wijkgericht.districts.models import Municipality
from wijkgericht.sitepages.models import SiteInfo

FACTS = {
    "website_url": "https://www.barendrecht.nl",
    "contact_phone": "14 0180",
    "visiting_address": "Raadhuisplein 1\n2991 BP Barendrecht",
}


def load(municipality: Municipality) -> None:
    SiteInfo.objects.get_or_create(municipality=municipality, defaults=FACTS)
