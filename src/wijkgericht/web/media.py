"""Uploaded photos under MEDIA_URL (/media/), served by the site itself in every environment.

Only files the database names are served: an alderman's, a district's or a budget project's realisation photo
(always public: only selected projects have them), a municipality's logo and favicon, and an item's photo under
the same rule as /fotos/<id>/ (public items for everyone; an unpublished one only for its submitter and the staff
who may see it). Anything else in the media folder is a 404, so a proxy must pass /media/ to the site
instead of serving the folder itself (docs/deploy-config.md): it would show the photos of unpublished items.
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path

from wijkgericht.accounts import secondfactor
from wijkgericht.accounts.roles import user_scope
from wijkgericht.budgets.models import RealisationUpdate
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman
from wijkgericht.participation import permissions
from wijkgericht.participation.models import Photo
from wijkgericht.participation.selectors import PUBLIC_STATUSES

#: Photos shown on public pages, whoever asks: (model, field).
PUBLIC_PHOTOS = ((Alderman, "photo"), (District, "photo"), (RealisationUpdate, "photo"), (Municipality, "logo"),
                 (Municipality, "favicon"))


def media_file(request: HttpRequest, name: str) -> HttpResponse:
    if not name:
        raise Http404
    item_photo = Photo.objects.filter(image=name).select_related("item__theme").first()
    if item_photo is not None:
        item = item_photo.item
        public = item.status in PUBLIC_STATUSES
        # The rule of the item's own photo page (/fotos/<id>/): its submitter and staff who may see it privately.
        # Staff who have not passed their second factor yet see only what anyone sees (accounts/middleware.py).
        if not public and not (request.user.is_authenticated and secondfactor.passed(request) and (
                item.author_id == request.user.pk
                or permissions.can(user_scope(request.user), permissions.VIEW_PRIVATE, item))):
            raise Http404
    elif not any(model.objects.filter(**{field: name}).exists() for model, field in PUBLIC_PHOTOS):
        raise Http404
    else:
        public = True
    try:
        opened = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=86400" if public else "private"
    response["Content-Disposition"] = "inline"
    return response


urlpatterns = [path("<path:name>", media_file, name="media")]  # under MEDIA_URL (wijkgericht/urls.py)
