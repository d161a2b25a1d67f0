"""The statement pages (privacy, accessibility, contact, about), the open-data page, its downloads and the
DCAT-AP-NL catalogue. Thin: the facts come from selectors, the datasets from opendata.py; every page is cached and
follows the back office's edits (PublicPagesAdmin raises the municipality's content version)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wijkgericht.core.links import absolute_url
from wijkgericht.districts import selectors as districts
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import district_path, page_path
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page
from wijkgericht.governance import selectors as governance
from wijkgericht.notifications.services import KEEP_READ_DAYS
from wijkgericht.participation import selectors as participation
from wijkgericht.sitepages import catalogue as dcat
from wijkgericht.sitepages import markup, opendata, selectors
from wijkgericht.sitepages.models import AccessibilityStatus, SitePage

Kind = SitePage.Kind
TITLES = {
    Kind.PRIVACY: _("Privacyverklaring"),
    Kind.ACCESSIBILITY: _("Toegankelijkheidsverklaring"),
    Kind.CONTACT: _("Contact"),
    Kind.ABOUT: _("Over deze site"),
}


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _context(place: Municipality, kind: str) -> dict:
    context = base_context(place)
    info = selectors.site_info(municipality=place)
    language = _language()
    own = selectors.own_text(municipality=place, kind=kind, language=language)
    context.update({
        "kind": kind,
        "title": TITLES[kind],
        "info": info,
        "own": own,
        "own_html": mark_safe(markup.to_html(own.text)) if own else "",  # noqa: S308 - markup escapes all text
        "own_lang": own.language if own and own.language != language else "",
        "default_template": f"sitepages/defaults/{kind}.{language}.html",
        "retention": {"notifications_days": KEEP_READ_DAYS, "session_days": settings.SESSION_COOKIE_AGE // 86400},
        "tile_host": urlsplit(settings.WIJKGERICHT_TILE_URL or "").hostname or "",
        "opening_hours": (info.opening_hours_en if language == "en" and info.opening_hours_en
                          else info.opening_hours_nl),
        "links": {name: page_path(f"sitepages:{name}", place)
                  for name in ("privacy", "accessibility", "contact", "about", "open_data")},
    })
    return context


def _statement(request: HttpRequest, place: Municipality, kind: str, **extra: object) -> HttpResponse:
    context = _context(place, kind)
    context.update(extra)
    return render(request, "sitepages/statement.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def privacy(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    return _statement(request, place, Kind.PRIVACY)


@cached_page(municipality_or_404, personal_slots=True)
def accessibility(request: HttpRequest, municipality: str | None = None,
                  place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    info = selectors.site_info(municipality=place)
    issues = info.accessibility_issues_en if _language() == "en" and info.accessibility_issues_en else (
        info.accessibility_issues_nl)
    return _statement(request, place, Kind.ACCESSIBILITY,
                      status=AccessibilityStatus(info.accessibility_status),
                      own_issues=[mark_safe(markup.inline(line)) for line in markup.lines(issues)])  # noqa: S308


@cached_page(municipality_or_404, personal_slots=True)
def contact(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    return _statement(request, place, Kind.CONTACT)


@cached_page(municipality_or_404, personal_slots=True)
def about(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = _context(place, Kind.ABOUT)
    board = context["board"]
    members = governance.board(term=context["term"]) if context["term"] else []
    context["members"] = [
        {"alderman": a, "url": page_path("alderman", place, slug=a.slug),
         "holdings": governance.alderman_holdings(alderman=a),
         "districts": governance.alderman_assignments(alderman=a, on=context["reference_date"])}
        for a in members
    ]
    context["districts"] = [{"district": d, "url": district_path(d, place), "alderman": board.alderman_of(d.pk)}
                            for d in districts.district_list(municipality=place)]
    return render(request, "sitepages/statement.html", context)


@cached_page(municipality_or_404, personal_slots=True)
def open_data(request: HttpRequest, municipality: str | None = None,
              place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    context = base_context(place)
    info = selectors.site_info(municipality=place)
    context.update({
        "info": info,
        "datasets": opendata.datasets(place, info),
        "licence_url": opendata.LICENCES[info.data_licence],
        "api": opendata.api_links(),
        "catalogue_url": page_path("sitepages:catalogue", place),
        "cbs_attribution": opendata.CBS_ATTRIBUTION,
        "links": {name: page_path(f"sitepages:{name}", place) for name in ("privacy", "contact")},
    })
    return render(request, "sitepages/open_data.html", context)


@cached_page(municipality_or_404)
def items_csv(request: HttpRequest, municipality: str | None = None,
              place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    body = opendata.items_csv(place, participation.open_data_items(municipality=place))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ideeen-en-meldingen-{place.slug}.csv"'
    return response


@cached_page(municipality_or_404)
def catalogue(request: HttpRequest, municipality: str | None = None,
              place: Municipality | None = None) -> HttpResponse:
    """The DCAT-AP-NL catalogue, always in Dutch (its texts carry @language nl) and with the Dutch addresses."""
    place = place or municipality_or_404(municipality)
    with translation.override("nl"):
        info = selectors.site_info(municipality=place)
        document = dcat.catalogue(
            place, info, opendata.datasets(place, info), url=absolute_url,
            catalogue_path=page_path("sitepages:catalogue", place), page_path=page_path("sitepages:open_data", place),
            contact_path=page_path("sitepages:contact", place), api=opendata.api_links(),
            publisher=str(place.publisher), modified=timezone.now().replace(microsecond=0).isoformat())
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type="application/ld+json")
