"""Uploaded photos — a resident's photos of an item, the admin's alderman and district photos — checked, turned
upright, scaled down and re-encoded as a fresh JPEG, so nothing of the original file survives: no EXIF, no GPS
position, no camera serial, no hidden payload after the image data. One size limit per photo,
settings.WIJKGERICHT_PHOTO_MAX_BYTES (which also sizes the upload cap); how many photos an item may have is
participation's (settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM).

Memory is bounded before anything is decoded: the header gives the pixel size, the format and (for JPEG) how the
file decodes, and `decode_cost` turns that into the bytes decoding will take; above `MAX_DECODE_BYTES` the photo is
refused. JPEGs are decoded at 1/2, 1/4 or 1/8 scale by libjpeg itself (`draft`) when the stored size allows it, and
the decoded picture is the only full-size copy: it is flattened and scaled a band of rows at a time. The worst
accepted photo stays under 100 MB of memory (core/tests/test_photos_memory.py measures it).
"""

from __future__ import annotations

import io
import math
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, PngImagePlugin, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}   # MPO: a JPEG with a second picture (many phone cameras)
MAX_PIXELS = 50_000_000       # refuse outright above this, whatever the format (a 50-megapixel camera at most)
MAX_DECODE_BYTES = 56 * 1_048_576   # what decoding may take (decode_cost); with the rest of the work: < 100 MB
MAX_SIDE = 2000               # stored photos are at most this wide or high
QUALITY = 85
BAND_ROWS = 256               # source rows flattened and scaled at a time
# A progressive JPEG has about ten scans (MPO: twice that); libjpeg decodes each over the whole picture, so a file of
# thousands of repeated 20-byte scans takes minutes. Counted as SOS markers anywhere in the file: an upper bound (an
# EXIF thumbnail or a binary profile may hold one more), never fewer than libjpeg will decode.
MAX_SCANS = 100

# Pillow refuses to open anything over twice this anywhere in the process (and warns above it), also where a
# picture is only checked, not decoded (Django's ImageField in the admin). Its default is ~89 Mpx.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Pillow unpacks a PNG's text chunks (zTXt/iTXt) when it opens the file, up to 64 MB by default, and keeps them while
# the picture decodes: 63 × 1 MB of text packs into a few kB of file. Nothing of it is stored (the JPEG carries no
# metadata), so beyond this much the file is refused (a ValueError, "not a photo we can open").
PngImagePlugin.MAX_TEXT_MEMORY = 1_048_576

# Bytes per pixel that decoding takes beyond Pillow's own picture (4 bytes a pixel in every mode we flatten):
# libwebp decodes into a frame buffer and a canvas of its own, and Pillow copies the frame once more.
_WEBP_EXTRA = 12


class PhotoRejected(ValueError):
    """The upload is not a photo we can take; the message says why, in the user's language."""


def stored_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size a photo is stored at: at most MAX_SIDE wide and high, aspect ratio kept, never enlarged."""
    width, height = size
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode_cost(image: Image.Image) -> int:
    """The bytes decoding `image` takes, from its header alone (call before draft/load).

    Pillow holds a decoded picture in 4 bytes a pixel (1 for L and P; 4 is the bound). A JPEG decodes at the scale
    `draft` picks for the stored size. A progressive JPEG also keeps all its DCT coefficients at full size while the
    scans come in: 2 bytes each, per component at its sampling. WebP decodes through buffers of libwebp's own."""
    width, height = image.size
    if image.format in ("JPEG", "MPO"):
        scale = _draft_scale(image.size, stored_size(image.size))
        cost = 4 * math.ceil(width / scale) * math.ceil(height / scale)
        if image.info.get("progressive"):
            layers = getattr(image, "layer", None) or [("", 1, 1, 0)] * max(1, len(image.getbands()))
            h_max = max(h for _, h, _, _ in layers)
            v_max = max(v for _, _, v, _ in layers)
            blocks = sum(_ceil_to(width * h / h_max, 8) * _ceil_to(height * v / v_max, 8) for _, h, v, _ in layers)
            cost += 2 * blocks
        return cost
    cost = 4 * width * height
    if image.format == "WEBP":
        cost += _WEBP_EXTRA * width * height
    return cost


def photo_check(image: Image.Image) -> None:
    """Refuse, from the header, what we do not take or cannot decode within bounds; call right after Image.open."""
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRejected(_("Dit bestandstype kan niet; kies een foto in JPEG, PNG of WebP."))
    if image.width * image.height > MAX_PIXELS or decode_cost(image) > MAX_DECODE_BYTES:
        raise PhotoRejected(_("Deze foto heeft te veel beeldpunten; verklein hem en probeer opnieuw."))


def photo_process(upload: IO[bytes], *, max_bytes: int | None = None) -> ContentFile:
    """Check and re-encode an uploaded photo; returns a new JPEG file with a random name.
    `max_bytes` defaults to settings.WIJKGERICHT_PHOTO_MAX_BYTES, the one limit per photo."""
    max_bytes = settings.WIJKGERICHT_PHOTO_MAX_BYTES if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise PhotoRejected(_("Deze foto is te groot (%(size).1f MB); het maximum is %(max)d MB.")
                            % {"size": size / 1_048_576, "max": max_bytes // 1_048_576})
    upload.seek(0)
    try:
        with Image.open(upload) as probe:  # reads the header only
            photo_check(probe)
            probe.verify()
            jpeg = probe.format in ("JPEG", "MPO")
        upload.seek(0)
        if jpeg and upload.read().count(b"\xff\xda") > MAX_SCANS:  # entropy data stuffs every 0xFF: no false SOS
            raise PhotoRejected(_("Dit bestand is geen foto die we kunnen openen."))
        upload.seek(0)
        with Image.open(upload) as image:
            photo_check(image)
            target = stored_size(image.size)
            orientation = image.getexif().get(0x0112)
            image.draft("RGB", target)  # JPEG: libjpeg decodes at 1/2, 1/4 or 1/8 scale; a no-op elsewhere
            if 4 * image.width * image.height > MAX_DECODE_BYTES:  # had draft not scaled as decode_cost expects
                raise PhotoRejected(_("Deze foto heeft te veel beeldpunten; verklein hem en probeer opnieuw."))
            image.load()
            small = _shrink_flat(image, target)
        small = _upright(small, orientation)
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=QUALITY, optimize=True)  # no exif= argument: nothing carried
    except PhotoRejected:
        raise
    except Image.DecompressionBombError as exc:  # Image.open refuses above 2 × MAX_PIXELS before we look
        raise PhotoRejected(_("Deze foto heeft te veel beeldpunten; verklein hem en probeer opnieuw.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoRejected(_("Dit bestand is geen foto die we kunnen openen.")) from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def photo_field_clean(value: Any) -> Any:
    """For a form's image field (the admin's alderman and district photos): a new upload gets the same checks and
    re-encoding as a resident's photo (bounded memory, no EXIF or GPS kept); a stored photo or none passes as is."""
    if not isinstance(value, UploadedFile):
        return value
    try:
        return photo_process(value)
    except PhotoRejected as exc:
        raise ValidationError(str(exc)) from exc


def _shrink_flat(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`image` at `size`, as RGB on white, made a band of rows at a time: a band is cut (with the rows the filter
    reaches beyond it), flattened and scaled into its place, so no second full-size copy is ever made (Pillow's own
    resize of a picture with transparency would make two). The result equals scaling the whole picture at once."""
    width, height = image.size
    out_w, out_h = size
    same = size == image.size
    scale_y = height / out_h
    reach = 0 if same else math.ceil(3 * max(scale_y, 1.0)) + 2   # Lanczos looks 3 output pixels either way
    step = max(1, int(BAND_ROWS / scale_y))                        # output rows per band
    out = Image.new("RGB", size, "white")
    for top in range(0, out_h, step):
        bottom = min(out_h, top + step)
        y0, y1 = top * scale_y, bottom * scale_y
        cut0, cut1 = max(0, math.floor(y0) - reach), min(height, math.ceil(y1) + reach)
        band = _flat(image.crop((0, cut0, width, cut1)))
        if not same:
            band = band.resize((out_w, bottom - top), Image.Resampling.LANCZOS, box=(0, y0 - cut0, width, y1 - cut0))
        out.paste(band, (0, top))
    return out


def _flat(image: Image.Image) -> Image.Image:
    """RGB, with anything transparent laid on white."""
    if image.mode == "RGB":
        return image
    if image.mode == "L":
        return image.convert("RGB")
    has_alpha = "A" in image.getbands() or "a" in image.getbands() or "transparency" in image.info
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 257).convert("L")  # 16-bit grey to 8-bit
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _upright(image: Image.Image, orientation: int | None) -> Image.Image:
    """Apply the EXIF orientation the camera wrote (read before decoding; the result carries no EXIF)."""
    steps = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
             5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
             8: Image.Transpose.ROTATE_90}
    return image.transpose(steps[orientation]) if orientation in steps else image


def _draft_scale(size: tuple[int, int], target: tuple[int, int]) -> int:
    """The scale (1, 2, 4 or 8) Pillow's JpegImageFile.draft picks for `target`."""
    ratio = min(size[0] // target[0], size[1] // target[1])
    return next(s for s in (8, 4, 2, 1) if ratio >= s)


def _ceil_to(value: float, multiple: int) -> int:
    return math.ceil(value / multiple) * multiple


#: A logo or favicon (the municipality's identity) is at most this many pixels before decoding, and this wide or high
#: once stored; its transparency is kept (a PNG), unlike a photo's.
LOGO_MAX_PIXELS = 16_000_000
LOGO_MAX_BYTES = 2 * 1_048_576


def logo_process(upload: IO[bytes], *, max_side: int) -> ContentFile:
    """Check and re-encode an uploaded logo or favicon as a fresh PNG (transparency kept, no metadata), at most
    `max_side` pixels wide and high; PhotoRejected says why not in the user's language."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > LOGO_MAX_BYTES:
        raise PhotoRejected(_("Dit bestand is te groot (%(size).1f MB); het maximum is %(max)d MB.")
                            % {"size": size / 1_048_576, "max": LOGO_MAX_BYTES // 1_048_576})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "WEBP", "JPEG"}:
                raise PhotoRejected(_("Dit bestandstype kan niet; kies een afbeelding in PNG, WebP of JPEG."))
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise PhotoRejected(_("Deze afbeelding heeft te veel beeldpunten; verklein haar en probeer opnieuw."))
            image.load()
            picture = image.convert("RGBA")
        picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        picture.save(out, format="PNG", optimize=True)
    except PhotoRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoRejected(_("Deze afbeelding heeft te veel beeldpunten; verklein haar en probeer opnieuw.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoRejected(_("Dit bestand is geen afbeelding die we kunnen openen.")) from exc
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")


def logo_field_clean(value: Any, *, max_side: int) -> Any:
    """For the back office's logo and favicon fields: a new upload re-encoded by logo_process; a stored one passes."""
    if not isinstance(value, UploadedFile):
        return value
    try:
        return logo_process(value, max_side=max_side)
    except PhotoRejected as exc:
        raise ValidationError(str(exc)) from exc
