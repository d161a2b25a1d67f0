"""The frame every page stands in: which municipality an address is about, and what frame/base.html needs to show
its header, navigation and the board's reference date. Used by the apps' page modules; no domain here."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.districts import identity, selectors
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.paths import municipality_path, page_path
from wijkgericht.governance import selectors as governance

# The names base_context supplies; a page that supplies none of them gets the default municipality's frame from
# the context processor (frame.context_processors.site).
FRAME_KEYS = ("municipality", "board", "home_url", "reference_date", "is_historic", "term", "nav", "paths",
              "geojson_url", "publisher")


def municipality_or_404(code: str | None) -> Municipality:
    """The municipality with this code, or the default one when there is none; 404 when it is not set up."""
    municipality = selectors.municipality_for(code)
    if municipality is None:
        raise Http404(_("Deze gemeente is (nog) niet ingericht."))
    return municipality


def base_context(municipality: Municipality, nav: str | None = None) -> dict[str, Any]:
    """What every page extending frame/base.html needs: the municipality, its board, the navigation."""
    board = governance.board_snapshot(municipality=municipality)
    return {
        "municipality": municipality,
        "board": board,
        "home_url": municipality_path(municipality),
        "reference_date": board.day,
        "is_historic": board.day != timezone.localdate(),
        "term": board.term,
        "nav": nav,
        "paths": {name: page_path(name, municipality) for name in ("home", "find", "board", "submit", "districts",
                                                                   "items")},
        "geojson_url": f"{reverse('api-v1:district_geojson')}?municipality={municipality.code}",
        # Whose site this is, for the header, the footer and the page title ("Gemeente Barendrecht").
        "publisher": municipality.publisher,
    }


def default_context(nav: str | None = None) -> dict[str, Any]:
    """base_context for pages that belong to no one municipality's address (account, notifications, staff)."""
    return base_context(municipality_or_404(None), nav)


def bare_context() -> dict[str, Any]:
    """The frame without a municipality (error pages, a site with none set up yet): no site navigation; the site's
    publisher is still the default municipality ("Gemeente Barendrecht" on a 404), the software's name only while
    none is set up."""
    return {**dict.fromkeys(FRAME_KEYS), "publisher": identity.publisher()}
