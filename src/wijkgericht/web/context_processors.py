from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "TILE_URL": settings.WIJKGERICHT_TILE_URL,
        "TILE_ATTRIBUTION": settings.WIJKGERICHT_TILE_ATTRIBUTION,
    }
