"""Photos residents add to an item: checked, turned upright, scaled down and re-encoded as a fresh JPEG, so nothing
of the original file survives — no EXIF, no GPS position, no camera serial, no hidden payload after the image data.
"""

from __future__ import annotations

import io
import uuid
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000       # refuse decompression bombs before decoding
MAX_SIDE = 2000               # stored photos are at most this wide or high
QUALITY = 85


class PhotoRejected(ValueError):
    """The upload is not a photo we can take; the message says why, in the user's language."""


def photo_process(upload: IO[bytes], *, max_bytes: int = MAX_BYTES) -> ContentFile:
    """Check and re-encode an uploaded photo; returns a new JPEG file with a random name."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise PhotoRejected(_("Deze foto is te groot (%(size).1f MB); het maximum is %(max)d MB.")
                            % {"size": size / 1_048_576, "max": max_bytes // 1_048_576})
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            fmt = probe.format
            if fmt not in ACCEPTED_FORMATS:
                raise PhotoRejected(_("Dit bestandstype kan niet; kies een foto in JPEG, PNG of WebP."))
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoRejected(_("Deze foto heeft te veel beeldpunten; verklein hem en probeer opnieuw."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            if upright.mode not in ("RGB", "L"):
                background = Image.new("RGB", upright.size, "white")
                rgba = upright.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                upright = background
            upright = upright.convert("RGB")
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=QUALITY, optimize=True)  # no exif= argument: nothing carried
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise PhotoRejected(_("Dit bestand is geen foto die we kunnen openen.")) from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
