"""The demo's identity for Barendrecht: "Gemeente Barendrecht" as the site's publisher, green and blue as its colours
(NL Design System tokens, districts/identity.py), and a logo. The logo and colours are stand-ins drawn for the demo
(three waves for the rivers around Barendrecht on the green), not the municipality's registered emblem or house
style: a municipality uploads its own in the back office (Gemeenten, Huisstijl). What an administrator set is kept."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from wijkgericht.districts.models import Municipality

PUBLISHER = "Gemeente Barendrecht"
BRAND_COLOUR = "#00703c"   # 6.2:1 against white
LINK_COLOUR = "#005a8c"    # 7.4:1 against white
LOGO_NAME = "municipalities/GM0489-voorbeeldlogo.png"
FAVICON_NAME = "municipalities/GM0489-voorbeeldicoon.png"


def _emblem(size: int) -> bytes:
    """A rounded green square with three white waves, drawn at four times the size and scaled down (smooth edges)."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=BRAND_COLOUR)
    width = max(4, big // 28)
    for row in (0.34, 0.52, 0.70):
        y = round(big * row)
        amplitude = big // 12
        # a wave of four arcs, alternately up and down
        step = (big * 0.72) / 4
        left = big * 0.14
        for i in range(4):
            box = (left + i * step, y - amplitude, left + (i + 1) * step, y + amplitude)
            start, end = (180, 360) if i % 2 == 0 else (0, 180)
            draw.arc(box, start, end, fill="white", width=width)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _stored(name: str, size: int) -> str:
    """The emblem under a fixed name in the media storage, written once (loading the demo again writes nothing)."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(_emblem(size)))
        if saved != name:  # storage renamed it (a race with a second loader): use what it wrote
            return saved
    return name


def load(municipality: Municipality) -> None:
    changed = []
    if not municipality.publisher_name:
        municipality.publisher_name = PUBLISHER
        changed.append("publisher_name")
    if not municipality.brand_colour:
        municipality.brand_colour = BRAND_COLOUR
        changed.append("brand_colour")
    if not municipality.link_colour:
        municipality.link_colour = LINK_COLOUR
        changed.append("link_colour")
    if not municipality.logo:
        municipality.logo.name = _stored(LOGO_NAME, 224)
        changed.append("logo")
    if not municipality.favicon:
        municipality.favicon.name = _stored(FAVICON_NAME, 64)
        changed.append("favicon")
    if changed:
        municipality.save(update_fields=changed)
