"""Run as `python -m wijkgericht.core.tests.photo_peak FILE MAX_BYTES`: re-encodes FILE with
core.images.photo_process (MAX_BYTES: the caller's settings.WIJKGERICHT_PHOTO_MAX_BYTES) in a fresh process and
prints, as JSON, how far the resident memory rose above what it was just before (in KiB).

The peak is the kernel's high-water mark of this process (VmHWM in /proc/self/status), read before and after; a
fresh process (exec) starts its own mark, unlike ru_maxrss, which a child inherits from the process that forked it.
tracemalloc would miss Pillow's allocations in C."""

from __future__ import annotations

import json
import sys

from django.conf import settings


def _status_kib(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise LookupError(key)


def main(path: str, max_bytes: int) -> None:
    settings.configure(USE_I18N=False, WIJKGERICHT_PHOTO_MAX_BYTES=max_bytes)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wijkgericht.core.images import photo_process

    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("foto", handle.read())
    before = _status_kib("VmRSS")
    stored = photo_process(upload)
    print(json.dumps({"rise_kib": _status_kib("VmHWM") - before, "stored_bytes": len(stored.read())}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
