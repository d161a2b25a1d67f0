"""Uploads in S3-compatible object storage (issue #16): a real S3 API on loopback (moto in server mode) stands in
for the bucket. A photo sent through the submission form lands in the bucket, not on disk; the site streams it
under /media/ to those who may see it and refuses it to everyone else while the item is unpublished; no page names
the bucket's address. Crosses participation, districts, evaluation and web, so it lives here."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.backing_services import s3_server
from wijkgericht.evaluation import report
from wijkgericht.participation.models import Item, Photo
from wijkgericht.participation.tests.pages.formdata import submission_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bucket():
    with s3_server() as server:
        yield server


@pytest.fixture
def in_bucket(bucket, settings, tmp_path):
    """The default storage is the bucket; MEDIA_ROOT an empty folder that must stay empty."""
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_settings()}
    settings.MEDIA_ROOT = tmp_path / "media"
    return bucket


def _jpeg(colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(out, format="JPEG")
    return out.getvalue()


def _files_on_disk(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_a_submitted_photo_goes_to_the_bucket_and_is_served_only_to_who_may_see_it(in_bucket, client, roles,
                                                                                      settings):
    client.force_login(roles.resident)
    photo = SimpleUploadedFile("boom.jpg", _jpeg(), content_type="image/jpeg")
    response = client.post("/inbreng/nieuw/", submission_data(title="Een boom in de emmer", photos=[photo],
                                                             photo_alt="Een jonge boom"))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(title="Een boom in de emmer")
    stored = Photo.objects.get(item=item)

    assert stored.image.name in in_bucket.keys()  # in the bucket …
    assert _files_on_disk(settings) == []          # … and nowhere on this node's disk
    url = stored.image.url
    assert url == f"/media/{stored.image.name}"    # the site's own address, not the bucket's

    mine = client.get(url)
    assert mine.status_code == 200 and mine["Cache-Control"].startswith("private")
    body = b"".join(mine.streaming_content)
    assert body == in_bucket.client().get_object(Bucket=in_bucket.bucket, Key=stored.image.name)["Body"].read()
    assert client.get(f"/fotos/{stored.pk}/").status_code == 200

    anonymous = Client()
    assert item.status not in ("published",)
    assert anonymous.get(url).status_code == 404
    assert anonymous.get(f"/fotos/{stored.pk}/").status_code == 404

    for path in (response["Location"], "/account/", "/"):  # where the submitter lands, their account, the home
        page = client.get(path, follow=True)
        assert page.status_code == 200, path
        assert in_bucket.endpoint_url not in page.content.decode(), path


def test_public_photos_from_the_bucket_are_named_under_media_and_read_for_the_report(in_bucket, client, roles,
                                                                                    settings):
    """District photos (and aldermen's, logos) are shown with `{{ x.photo.url }}`: with the bucket that must still be
    /media/…, and the evaluation report reads the photo through the storage, not from a local path."""
    district = roles.municipality.districts.order_by("code").first()
    district.photo.save("wijk.jpg", ContentFile(_jpeg("blue")), save=True)
    assert district.photo.name in in_bucket.keys() and _files_on_disk(settings) == []

    page = client.get(f"/wijken/{district.slug}/").content.decode()
    assert f'src="/media/{district.photo.name}"' in page
    assert in_bucket.endpoint_url not in page
    served = Client().get(district.photo.url)
    assert served.status_code == 200 and served["Cache-Control"] == "public, max-age=86400"

    uri = report._photo_uri(district)
    assert uri.startswith("data:image/jpeg;base64,")


def test_a_file_the_bucket_does_not_have_is_a_404(in_bucket, client, roles):
    district = roles.municipality.districts.order_by("code").first()
    district.photo.name = "districts/gone.jpg"  # named in the database, never uploaded
    district.save(update_fields=["photo"])
    assert client.get("/media/districts/gone.jpg").status_code == 404
    assert report._photo_uri(district) == ""
