"""The second factor's pages load what they need and nothing private (issue #14): the municipality's style sheet
and public media pass the guard, an unpublished item's photo does not. Crosses accounts, web and participation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.core.images import photo_process
from wijkgericht.participation.models import Photo
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def test_the_second_factor_pages_load_their_style_but_no_private_photo(client, roles, settings, tmp_path):
    """The set-up page is styled in the municipality's colours (no 'refused to apply style' in the browser), while a
    photo of an unpublished item stays hidden until the code is typed, as any private page does."""
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(out, format="JPEG")
    item = submit(roles, photos=[(photo_process(SimpleUploadedFile("b.jpg", out.getvalue(), "image/jpeg")), "Boom")])
    photo_url = Photo.objects.get(item=item).image.url
    sign_in_verified(client, roles.moderator)
    assert client.get(photo_url).status_code == 200  # the moderator, verified, sees it
    client.logout()

    client.force_login(roles.moderator)  # signed in, no code typed yet
    style = client.get(reverse("theme_stylesheet", args=[roles.municipality.code]))
    assert style.status_code == 200 and style["Content-Type"].startswith("text/css")
    assert client.get(photo_url).status_code == 404
