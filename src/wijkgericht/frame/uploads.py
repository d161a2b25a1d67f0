"""A cap on the whole upload, checked while it streams in: Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts
out, so without this anyone signed in could make the server write gigabytes to temporary files before a form
refuses a photo. A municipality's proxy should cap request bodies too (docs/architecture.md).

Files are taken only from someone who may upload (`may_upload`); anyone else's file parts are skipped as they
stream in, never buffered or written to disk, so a form can say "sign in" or "confirm your address first" without
the server having held a single photo."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.utils.crypto import constant_time_compare


def upload_cap() -> int:
    """A request carries at most the photos of one item and the form around them."""
    return settings.WIJKGERICHT_PHOTO_MAX_BYTES * settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM + 1_048_576


def may_upload(user: Any) -> bool:
    """Who may send files at all: an active account with a confirmed e-mail address (a resident's photos), or
    back-office staff (the admin's alderman and district photos). A page still checks its own rule."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.email_verified_at is not None)


def request_user(request: Any) -> Any:
    """The signed-in user, also while a middleware before AuthenticationMiddleware reads the form (the NUL-byte
    guard does): then from the session cookie, as AuthenticationMiddleware will. None without a session."""
    user = getattr(request, "user", None)
    if user is not None:
        return user
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return None
    # Read only (auth.get_user would flush or cycle a session whose hash no longer matches, under the feet of the
    # SessionMiddleware that runs next): a session that does not verify with the current secret counts as none.
    session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        backend_path = session[auth.BACKEND_SESSION_KEY]
        user_id = auth.get_user_model()._meta.pk.to_python(session[auth.SESSION_KEY])
    except (KeyError, ValidationError):
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = auth.load_backend(backend_path).get_user(user_id)
    if user is None or not constant_time_compare(session.get(auth.HASH_SESSION_KEY, ""), user.get_session_auth_hash()):
        return None
    return user


class UploadCapHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops reading once the request is larger than `upload_cap()`, and skips every
    file of someone who may not upload; it marks the request (`upload_too_large`, `upload_refused`), so the view
    can say so instead of quietly dropping the photos."""

    def __init__(self, request: Any = None):
        super().__init__(request)
        self.received = 0
        self.sender_may_upload: bool | None = None   # looked up at the first file

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int, boundary: Any,  # noqa: N803
                         encoding: Any = None) -> None:
        if content_length and content_length > upload_cap():  # known up front: refuse at the first file chunk
            self.received = upload_cap()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.received >= upload_cap():
            self._refuse()
        if self.request is None:
            return
        if self.sender_may_upload is None:
            self.sender_may_upload = may_upload(request_user(self.request))
        if not self.sender_may_upload:
            self.request.upload_refused = True
            raise SkipFile  # the parser reads past this file's bytes without keeping them

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
