"""Photos are checked (type, size, pixels) and re-encoded: nothing of the original file — EXIF, GPS, trailing
bytes — is kept."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wijkgericht.core.images import MAX_SIDE, PhotoRejected, photo_process


def _jpeg_with_gps(size=(800, 600), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"                       # Make
    exif[0x0131] = "SecretCam 1.0"                    # Software
    gps = {1: "N", 2: (51.0, 51.0, 30.0), 3: "E", 4: (4.0, 32.0, 10.0)}
    exif[0x8825] = gps                                # GPSInfo
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue() + b"TRAILING-PAYLOAD<script>"


def _upload(data: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_exif_and_trailing_bytes_are_gone_after_reencoding():
    original = _jpeg_with_gps()
    assert b"SecretCam" in original
    result = photo_process(_upload(original)).read()
    assert b"SecretCam" not in result and b"TRAILING" not in result and b"PhoneMaker" not in result
    with Image.open(io.BytesIO(result)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (800, 600)


def test_orientation_is_applied_before_the_exif_goes():
    result = photo_process(_upload(_jpeg_with_gps((800, 600), orientation=6))).read()
    with Image.open(io.BytesIO(result)) as image:
        assert image.size == (600, 800)


def test_large_photos_are_scaled_down():
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), "blue").save(out, format="PNG")
    with Image.open(photo_process(_upload(out.getvalue(), "groot.png"))) as image:
        assert image.size == (MAX_SIDE, 500)


def test_transparent_png_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")
    with Image.open(photo_process(_upload(out.getvalue(), "leeg.png"))) as image:
        assert image.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize("data,message", [
    (b"%PDF-1.4 not an image", "geen foto"),
    (b"GIF89a" + b"\x00" * 100, "geen foto"),
])
def test_other_files_are_refused(data, message):
    with pytest.raises(PhotoRejected, match=message):
        photo_process(_upload(data, "x.jpg"))


def test_gif_is_not_an_accepted_type():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(PhotoRejected, match="JPEG, PNG of WebP"):
        photo_process(_upload(out.getvalue(), "x.gif"))


def test_too_large_files_are_refused_before_decoding():
    with pytest.raises(PhotoRejected, match="te groot"):
        photo_process(_upload(b"\xff" * 2048), max_bytes=1024)


def test_decompression_bombs_are_refused():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")  # 50 Mpx, a few kB on disk
    with pytest.raises(PhotoRejected, match="beeldpunten"):
        photo_process(_upload(out.getvalue(), "bom.png"))


def test_the_size_limit_is_the_setting(settings):
    """One limit: settings.WIJKGERICHT_PHOTO_MAX_BYTES (which also sizes the upload cap), not a second constant."""
    settings.WIJKGERICHT_PHOTO_MAX_BYTES = 1024
    with pytest.raises(PhotoRejected, match="te groot"):
        photo_process(_upload(_jpeg_with_gps()))


def test_orientation_is_applied_to_a_photo_that_is_scaled_down():
    with Image.open(photo_process(_upload(_jpeg_with_gps((3000, 1000), orientation=6)))) as image:
        assert image.size == (667, MAX_SIDE)


def test_a_phone_photo_with_a_second_picture_is_taken():
    """Many phone cameras write MPO: a JPEG with a depth map or preview after it. The first picture is kept."""
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "red").save(out, format="MPO", save_all=True,
                                             append_images=[Image.new("RGB", (160, 120), "blue")])
    with Image.open(io.BytesIO(out.getvalue())) as original:
        assert original.format == "MPO"
    with Image.open(photo_process(_upload(out.getvalue()))) as image:
        assert image.format == "JPEG" and image.size == (640, 480) and image.getpixel((5, 5))[0] > 200


@pytest.mark.parametrize("mode,fmt", [("1", "PNG"), ("L", "PNG"), ("LA", "PNG"), ("P", "PNG"), ("RGBA", "PNG"),
                                      ("I;16", "PNG"), ("L", "JPEG"), ("CMYK", "JPEG"), ("RGBA", "WEBP")])
def test_every_mode_comes_out_as_an_rgb_jpeg_of_the_stored_size(mode, fmt):
    """Flattening and scaling go a band of rows at a time (photos._shrink_flat); every mode takes that path."""
    grey = Image.linear_gradient("L").resize((2400, 1200) if fmt != "WEBP" else (1200, 600))
    image = grey.convert("I").point(lambda v: v * 257).convert("I;16") if mode == "I;16" else grey.convert(mode)
    out = io.BytesIO()
    image.save(out, format=fmt)
    with Image.open(photo_process(_upload(out.getvalue()))) as stored:
        assert stored.mode == "RGB" and stored.size == ((MAX_SIDE, 1000) if fmt != "WEBP" else (1200, 600))
        assert 100 < stored.getpixel((stored.width // 2, stored.height // 2))[0] < 156  # mid-grey stays mid-grey
