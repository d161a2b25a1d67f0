from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language, never translated


def site(request: HttpRequest) -> dict[str, Any]:
    current = get_language()
    path = request.get_full_path()
    return {
        "TILE_URL": settings.WIJKGERICHT_TILE_URL,
        "TILE_ATTRIBUTION": settings.WIJKGERICHT_TILE_ATTRIBUTION,
        "alternate_languages": [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": translate_url(path, code)}
            for code, _name in settings.LANGUAGES if code != current
        ],
    }
