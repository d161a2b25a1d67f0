"""Uploaded files in S3-compatible object storage (django-storages), kept private: the site stays the gate.

Photos of unpublished items may only be seen by their submitter and the staff who may see them (web/media.py checks
that before it streams a file). A bucket URL, public or signed, would bypass the check and leak the bucket's
address into pages and caches, so `url()` names the file under MEDIA_URL (/media/…) exactly as the local file
storage does, and the site streams it from the bucket through `open()`. No ACL is sent, so objects take the
bucket's own (private) policy.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    # Never replace a stored object: two photos uploaded under the same name get distinct names, as on disk.
    file_overwrite = False
    default_acl = None

    def url(self, name: str, parameters=None, expire=None, http_method=None) -> str:  # noqa: ARG002
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
