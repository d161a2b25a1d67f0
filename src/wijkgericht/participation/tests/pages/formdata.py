"""What a resident's browser posts on the submission form, for the page tests."""

from __future__ import annotations

import uuid

from wijkgericht.participation.models import Theme
from wijkgericht.participation.testing import point_in


def submission_data(**extra) -> dict:
    """An idea about trees in Nieuweland (BU04890919), ready to post; `extra` overrides or adds fields."""
    lat, lon = point_in("BU04890919")
    data = {"kind": "idea", "theme": Theme.objects.get(slug="groen").pk, "title": "Meer bomen in de straat",
            "description": "Het is hier stenig en heet in de zomer.", "lat": lat, "lon": lon,
            "submission_key": str(uuid.uuid4()), "photo_alt": ""}
    data.update(extra)
    return data
