"""Issue #10, point 5: one photo must not take more than ~100 MB of memory to process. A 170 KB PNG of 6300 × 6300
pixels used to take about 0.8 GB. The worst photos we still accept, one per way of decoding, are processed in a
fresh process each, and the rise of its resident memory is measured (photo_peak.py)."""

from __future__ import annotations

import io
import json
import math
import struct
import subprocess
import sys
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wijkgericht.core.images import (
    MAX_DECODE_BYTES,
    MAX_SIDE,
    PhotoRejected,
    decode_cost,
    photo_check,
    photo_process,
)

LIMIT_MIB = 100


def png(width: int, height: int, *, colour_type: int = 6, depth: int = 8, extra: bytes = b"") -> bytes:
    """A PNG written row by row (a few hundred kB however large), as a bomb would be made."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(i * 7 % 251 for i in range(width * channels * depth // 8))
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def encoded(width: int, height: int, fmt: str, mode: str = "RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert(mode).save(out, format=fmt, **options)
    return out.getvalue()


def _side(bytes_per_pixel: float) -> int:
    return math.isqrt(int(MAX_DECODE_BYTES / bytes_per_pixel))


# The largest accepted photo for each way of decoding. JPEGs whose longest side is under 2 × MAX_SIDE decode at
# full size (draft cannot halve them); a progressive JPEG also holds its coefficients (3 bytes a pixel at 4:2:0).
WORST = {
    "png-rgba": lambda: png(_side(4), _side(4)),
    "png-palette-transparent": lambda: png(_side(4), _side(4), colour_type=3, extra=_palette()),
    "png-grey-16bit": lambda: png(_side(4), _side(4), colour_type=0, depth=16),
    "jpeg": lambda: encoded(min(_side(4), 2 * MAX_SIDE - 1), min(_side(4), 2 * MAX_SIDE - 1), "JPEG", quality=90),
    "jpeg-cmyk": lambda: encoded(min(_side(4), 2 * MAX_SIDE - 1), min(_side(4), 2 * MAX_SIDE - 1), "JPEG",
                                 mode="CMYK"),
    "jpeg-progressive": lambda: encoded(_side(7) - 16, _side(7) - 16, "JPEG", progressive=True),
    "webp-rgba": lambda: encoded(_side(16), _side(16), "WEBP", mode="RGBA", quality=50),
}


def _palette() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return chunk(b"PLTE", bytes(range(256)) * 3) + chunk(b"tRNS", b"\x00" * 16)


def peak_rise_mib(data: bytes, tmp_path) -> float:
    path = tmp_path / "foto"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "wijkgericht.core.tests.photo_peak", str(path),
                           str(settings.WIJKGERICHT_PHOTO_MAX_BYTES)],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)["rise_kib"] / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
@pytest.mark.parametrize("kind", list(WORST))
def test_the_worst_accepted_photo_stays_under_100_mb(kind, tmp_path):
    data = WORST[kind]()
    with Image.open(io.BytesIO(data)) as image:
        photo_check(image)                                        # accepted ...
        assert decode_cost(image) > 0.85 * MAX_DECODE_BYTES       # ... and close to the bound
    rise = peak_rise_mib(data, tmp_path)
    print(f"{kind}: {len(data) // 1024} kB file, peak memory rise {rise:.1f} MiB")
    assert rise < LIMIT_MIB


def test_the_bomb_from_the_issue_is_refused_from_its_header():
    data = png(6300, 6300)  # 0.8 GB to process before
    with pytest.raises(PhotoRejected, match="beeldpunten"):
        photo_process(SimpleUploadedFile("bom.png", data))


def test_just_over_the_bound_is_refused():
    side = _side(4) + 1
    with pytest.raises(PhotoRejected, match="beeldpunten"):
        photo_process(SimpleUploadedFile("groot.png", png(side, side)))


def test_jpeg_is_decoded_at_a_reduced_scale():
    """A 48-megapixel camera photo is accepted: libjpeg decodes it at a quarter of its size (draft)."""
    data = encoded(8000, 6000, "JPEG", quality=80)
    with Image.open(io.BytesIO(data)) as image:
        assert decode_cost(image) == 4 * 2000 * 1500
    with Image.open(photo_process(SimpleUploadedFile("camera.jpg", data))) as stored:
        assert stored.size == (MAX_SIDE, 1500)


def _text_chunks(count: int, size: int) -> bytes:
    """`count` zTXt chunks, each unpacking to `size` bytes of text from a few hundred bytes of file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join(chunk(b"zTXt", b"k%d\x00\x00" % n + zlib.compress(b"a" * size, 9)) for n in range(count))


def test_text_chunks_do_not_add_their_unpacked_size_to_the_bound():
    """Pillow unpacks a PNG's text chunks when it opens the file (up to 64 MB by default) and keeps them while the
    picture decodes: the worst accepted PNG plus 63 × 1 MB of zTXt (a 289 kB file) rose to 207 MB. Photos keep no
    text, so more than a little is refused."""
    data = png(_side(4), _side(4), extra=_text_chunks(63, 1_000_000))
    assert len(data) < 400_000
    with pytest.raises(PhotoRejected):
        photo_process(SimpleUploadedFile("tekst.png", data))


def test_a_photo_with_ordinary_metadata_text_is_still_taken():
    data = png(400, 300, extra=_text_chunks(3, 50_000))
    with Image.open(photo_process(SimpleUploadedFile("gewoon.png", data))) as stored:
        assert stored.size == (400, 300)


def _scan_bomb(side: int, extra_scans: int) -> bytes:
    """A plain progressive JPEG whose last scan (some 20 bytes) is repeated: libjpeg decodes every scan over the whole
    picture and only warns about the odd progression."""
    data = encoded(side, side, "JPEG", progressive=True, quality=50)
    last = data[data.rfind(b"\xff\xda"):-2]
    return data[:-2] + last * extra_scans + b"\xff\xd9"


def test_a_jpeg_of_endless_scans_is_refused_before_decoding():
    """Memory is bounded, time was not: a 2800 × 2800 progressive JPEG with its last scan repeated 2,000 times, an
    84 kB file, took 5.8 s to process (about 3 ms a scan); 8 MB of such scans would hold a worker some 20 minutes,
    three photos to a form. An ordinary progressive JPEG has about ten scans."""
    import time

    data = _scan_bomb(1000, 300)
    started = time.monotonic()
    with pytest.raises(PhotoRejected):
        photo_process(SimpleUploadedFile("scans.jpg", data))
    assert time.monotonic() - started < 1


def test_an_ordinary_progressive_jpeg_is_taken():
    with Image.open(photo_process(SimpleUploadedFile("p.jpg", encoded(1200, 900, "JPEG", progressive=True)))) as out:
        assert out.size == (1200, 900)
