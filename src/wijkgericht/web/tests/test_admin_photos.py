"""Issue #10, point 5, siblings: the admin's alderman and district photos get the same checks and re-encoding as a
resident's photo. Before, they were stored as uploaded: a 6300 × 6300 PNG bomb went straight to every visitor's
browser, and a portrait kept the camera's EXIF (GPS position included)."""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import RequestFactory
from PIL import Image

from wijkgericht.core.tests.test_photos import _jpeg_with_gps
from wijkgericht.core.tests.test_photos_memory import png
from wijkgericht.districts.admin import DistrictForm
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db


def _alderman_form(roles, upload):
    alderman = Alderman.objects.filter(municipality=roles.municipality).first()
    request = RequestFactory().post("/admin/")
    request.user = roles.administrator
    form_class = admin.site._registry[Alderman].get_form(request, alderman)
    data = {k: v for k, v in model_to_dict(alderman).items() if k != "photo" and v is not None}
    data["terms"] = [t.pk for t in alderman.terms.all()]
    return form_class(data=data, files={"photo": upload}, instance=alderman)


def _district_form(upload):
    district = District.objects.get(code="WK048909")
    data = {k: v for k, v in model_to_dict(district).items() if k != "photo" and v is not None}
    data["neighbourhood_set"] = [n.pk for n in district.neighbourhoods.all()]
    return DistrictForm(data=data, files={"photo": upload}, instance=district)


def test_an_alderman_portrait_is_reencoded_without_its_exif(roles):
    form = _alderman_form(roles, SimpleUploadedFile("portret.jpg", _jpeg_with_gps((900, 1200)), "image/jpeg"))
    assert form.is_valid(), form.errors
    stored = form.save()
    stored.photo.open("rb")
    data = stored.photo.read()
    assert b"SecretCam" not in data and b"TRAILING" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_district_photo_bomb_is_refused(roles):
    form = _district_form(SimpleUploadedFile("wijk.png", png(6300, 6300), "image/png"))
    assert not form.is_valid()
    assert "beeldpunten" in str(form.errors["photo"])


def test_a_district_photo_is_taken(roles):
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), "green").save(out, format="JPEG")
    form = _district_form(SimpleUploadedFile("wijk.jpg", out.getvalue(), "image/jpeg"))
    assert form.is_valid(), form.errors
    with Image.open(form.save().photo) as image:
        assert image.size == (2000, 1333)
