"""Residents' photos are re-encoded by `wijkgericht.core.images`, which the admin's alderman and district photos use
too (districts and governance may not import participation). These names stay here for the page modules and forms
that still import them from participation; new code imports `core.images`."""

from wijkgericht.core.images import (  # noqa: F401
    MAX_DECODE_BYTES,
    MAX_SIDE,
    PhotoRejected,
    decode_cost,
    photo_check,
    photo_field_clean,
    photo_process,
)
