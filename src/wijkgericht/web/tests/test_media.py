"""Uploaded photos under /media/ are served by the site with DEBUG off, as in production (issue #15): the public
ones to everyone, an item's only where the item may be seen, and nothing the database does not name."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wijkgericht.core.images import photo_process
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Photo
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_like(settings, tmp_path):
    settings.DEBUG = False  # Django's own static/media helpers serve nothing now
    settings.MEDIA_ROOT = tmp_path / "media"


def image(fmt: str, colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(out, format=fmt)
    return out.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_alderman_and_district_photos_answer_with_their_type_and_are_the_ones_the_pages_show(client, roles):
    alderman = Alderman.objects.filter(municipality=roles.municipality).first()
    alderman.photo.save("portret.jpg", ContentFile(image("JPEG")))
    district = District.objects.get(code="WK048909")
    district.photo.save("wijk.png", ContentFile(image("PNG", "blue")))

    portrait = client.get(alderman.photo.url)
    assert alderman.photo.url.startswith("/media/aldermen/")
    assert portrait.status_code == 200 and portrait["Content-Type"] == "image/jpeg"
    assert body(portrait) == image("JPEG") and "public" in portrait["Cache-Control"]
    view = client.get(district.photo.url)
    assert view.status_code == 200 and view["Content-Type"] == "image/png" and body(view) == image("PNG", "blue")
    assert f'src="{alderman.photo.url}"' in client.get(f"/wethouders/{alderman.slug}/").content.decode()


def test_an_item_photo_under_media_follows_the_item(client, roles):
    upload = SimpleUploadedFile("boom.jpg", image("JPEG"), content_type="image/jpeg")
    item = submit(roles, photos=[(photo_process(upload), "Een boom")])
    photo = Photo.objects.get(item=item)
    url = photo.image.url
    assert url.startswith("/media/items/")

    assert client.get(url).status_code == 404  # not published: not for a visitor
    client.force_login(roles.resident)  # the submitter
    mine = client.get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg" and "private" in mine["Cache-Control"]
    client.logout()
    item_transition(item=item, actor=None, target=workflow.PUBLISHED)
    public = client.get(url)
    assert public.status_code == 200 and public["Content-Type"] == "image/jpeg"
    assert body(public) == photo.image.open("rb").read()


def test_files_the_database_does_not_name_are_not_served(client, roles):
    stray = default_storage.save("aldermen/stray.jpg", ContentFile(image("JPEG")))
    assert client.get(f"/media/{stray}").status_code == 404
    alderman = Alderman.objects.filter(municipality=roles.municipality).first()
    alderman.photo.save("portret.jpg", ContentFile(image("JPEG")))
    for path in ("/media/", "/media/aldermen/", "/media/../secret_key", f"/media/{alderman.photo.name}/x",
                 "/media/%2e%2e/secret_key"):
        assert client.get(path).status_code == 404, path
    alderman.photo.storage.delete(alderman.photo.name)  # named, but gone from the folder
    assert client.get(alderman.photo.url).status_code == 404
