"""Page addresses for the API and templates: the default municipality lives at the site root, others under
/gemeenten/<code>/. One pair of URL patterns per page, with and without the municipality, under one name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from wijkgericht.districts.models import District, Municipality


def page_path(name: str, municipality: Municipality, **kwargs: Any) -> str:
    """The path of a municipality's page: `name` is a URL name, in web's namespace unless it names its own
    ("agenda:district_agenda")."""
    if municipality.code != settings.WIJKGERICHT_DEFAULT_MUNICIPALITY:
        kwargs["municipality"] = municipality.code
    return reverse(name if ":" in name else f"web:{name}", kwargs=kwargs)


def municipality_path(municipality: Municipality) -> str:
    return page_path("home", municipality)


def district_path(district: District, municipality: Municipality | None = None) -> str:
    return page_path("district", municipality or district.municipality, slug=district.slug)
