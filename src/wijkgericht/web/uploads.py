"""A cap on the whole upload, checked while it streams in: Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts
out, so without this anyone signed in could make the server write gigabytes to temporary files before a form
refuses a photo. A municipality's proxy should cap request bodies too (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def upload_cap() -> int:
    """A request carries at most the photos of one item and the form around them."""
    return settings.WIJKGERICHT_PHOTO_MAX_BYTES * settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM + 1_048_576


class UploadCapHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops reading once the request is larger than `upload_cap()` and marks the
    request, so the view can say so instead of quietly dropping the photos."""

    def __init__(self, request: Any = None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int, boundary: Any,  # noqa: N803
                         encoding: Any = None) -> None:
        if content_length and content_length > upload_cap():  # known up front: refuse at the first file chunk
            self.received = upload_cap()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_cap():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)
