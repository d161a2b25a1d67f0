"""Reads of the statement pages' settings: a municipality's facts (or empty ones) and its own page texts."""

from __future__ import annotations

from dataclasses import dataclass

from wijkgericht.districts.models import Municipality
from wijkgericht.sitepages.models import SiteInfo, SitePage


def site_info(*, municipality: Municipality) -> SiteInfo:
    """The municipality's facts; an unsaved empty row (the defaults) when none were set."""
    return SiteInfo.objects.filter(municipality=municipality).first() or SiteInfo(municipality=municipality)


@dataclass(frozen=True)
class OwnText:
    text: str
    language: str  # the language the text is written in (an English page may show the Dutch text)
    updated_at: object


def own_text(*, municipality: Municipality, kind: str, language: str) -> OwnText | None:
    """The municipality's own text for this page in `language`; on an English page the Dutch own text when no
    English one was written (the municipality's own words rather than the default); None: show the default."""
    page = SitePage.objects.filter(municipality=municipality, kind=kind).first()
    if page is None:
        return None
    if language != "nl" and page.text_en.strip():
        return OwnText(page.text_en, "en", page.updated_at)
    if page.text_nl.strip():
        return OwnText(page.text_nl, "nl", page.updated_at)
    return None
