"""What every template may use: the visitor's account links and languages, the map tiles, and the default
municipality's frame for a page whose view supplies none (the account and notification pages, which sit below the
frame and import nothing of it)."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext

from wijkgericht.accounts.roles import request_scope
from wijkgericht.conf import env
from wijkgericht.frame.context import FRAME_KEYS, bare_context, default_context
from wijkgericht.notifications.selectors import unread_count

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language, never translated


def site(request: HttpRequest) -> dict[str, Any]:
    current = get_language()
    path = request.get_full_path()
    return {
        **visitor(request),
        "TILE_URL": settings.WIJKGERICHT_TILE_URL,
        "TILE_ATTRIBUTION": tile_attribution(),
        "alternate_languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES if code != current
        ],
        **default_frame(request),
    }


def visitor(request: HttpRequest) -> dict[str, Any]:
    """What the account links (frame/_account_nav.html) show of the visitor besides their name."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "unread_notifications": unread_count(user) if signed_in else 0,
        "is_staff_member": signed_in and request_scope(request).is_staff_member,
        "is_council_member": signed_in and request_scope(request).is_council_member,
    }


def tile_attribution() -> str:
    """The map's credit line in the page's language: the default (PDOK's map) is translated; one a municipality
    configured itself (WIJKGERICHT_TILE_ATTRIBUTION) is shown as written."""
    configured = settings.WIJKGERICHT_TILE_ATTRIBUTION
    if configured == env.VARIABLES["WIJKGERICHT_TILE_ATTRIBUTION"].default:
        return gettext("Kaartgegevens &copy; Kadaster (PDOK BRT-Achtergrondkaart)")
    return configured


def default_frame(request: HttpRequest) -> dict[str, Any]:
    """frame.context.default_context, each name lazily. A view's own context comes before a context processor's, so
    a page that supplies its frame (base_context, or bare_context on the error pages) never computes this; a page
    that supplies none gets the default municipality's, computed once per request, or the bare frame while no
    municipality is set up (the pages still work)."""

    def frame() -> dict[str, Any]:
        if not hasattr(request, "_default_frame"):
            try:
                request._default_frame = default_context()  # type: ignore[attr-defined]
            except Http404:
                request._default_frame = bare_context()  # type: ignore[attr-defined]
        return request._default_frame  # type: ignore[attr-defined]

    return {key: SimpleLazyObject(lambda key=key: frame()[key]) for key in FRAME_KEYS}
