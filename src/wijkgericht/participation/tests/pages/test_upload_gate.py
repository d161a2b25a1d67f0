"""Issue #10, point 5: who may upload is checked before any file is read. An unconfirmed account could make the
server decode three photos per request before being told to confirm its address; anyone could make it buffer
files before being sent to the sign-in page. Now their file parts are skipped as they stream in."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from wijkgericht.frame.uploads import may_upload
from wijkgericht.participation.models import Item
from wijkgericht.participation.testing import make_user
from wijkgericht.participation.tests.pages.formdata import submission_data  # noqa: E402

pytestmark = pytest.mark.django_db


def _photo(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), "green").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _form(**extra):
    return submission_data(**extra)


def test_an_unconfirmed_account_is_told_before_its_photos_are_read(client, roles):
    roles.resident.email_verified_at = None
    roles.resident.save()
    client.force_login(roles.resident)
    response = client.post("/inbreng/nieuw/", _form(photos=[_photo("a.png"), _photo("b.png"), _photo("c.png")]))
    # issue #14: the text is kept as a draft until the address is confirmed; photos were never taken (the page said
    # so before the form: a draft has no photo field)
    assert response.status_code == 302 and response["Location"] == "/inbreng/concept/"
    request = response.wsgi_request
    assert request.upload_refused and not request.FILES   # skipped while streaming in: nothing held, nothing decoded
    assert request.POST["title"] == "Meer bomen in de straat"  # the rest of the form is read as usual
    assert not Item.objects.filter(title="Meer bomen in de straat").exists()
    assert "Bevestig" in client.get("/inbreng/concept/").content.decode().replace("bevestig", "Bevestig")


def test_a_visitor_who_is_not_signed_in_sends_no_file_to_the_server(roles):
    response = Client().post("/inbreng/nieuw/", _form(photos=[_photo("a.png")]))
    assert response.status_code == 302 and response["Location"] == "/inbreng/concept/"  # a draft (issue #14)
    assert not response.wsgi_request.FILES


def test_a_confirmed_resident_still_adds_photos(client, roles):
    client.force_login(roles.resident)
    response = client.post("/inbreng/nieuw/", _form(photos=[_photo("a.png")]))
    assert response.status_code == 302
    assert Item.objects.get(title="Meer bomen in de straat").photos.count() == 1


def test_who_may_upload(roles):
    unconfirmed, inactive, admin_staff = make_user("a@example.nl"), make_user("b@example.nl"), make_user("c@example.nl")
    unconfirmed.email_verified_at = None
    inactive.is_active = False
    admin_staff.email_verified_at, admin_staff.is_staff = None, True  # createsuperuser confirms no address
    assert may_upload(roles.resident) and may_upload(admin_staff)
    assert not any(may_upload(u) for u in (unconfirmed, inactive, AnonymousUser(), None))


def test_the_uploader_is_known_from_the_session_before_authentication_runs(client, roles, settings):
    """A middleware before AuthenticationMiddleware may read the form (the NUL-byte guard does); the handler then
    reads the session itself, without writing it."""
    from django.contrib.sessions.models import Session
    from django.test import RequestFactory

    from wijkgericht.frame.uploads import request_user

    client.force_login(roles.resident)
    key = client.session.session_key
    request = RequestFactory().post("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={key}")
    assert not hasattr(request, "user") and request_user(request) == roles.resident
    roles.resident.set_password("een-ander-lang-wachtwoord")  # every session of this account is now void
    roles.resident.save()
    assert request_user(request) is None
    assert Session.objects.filter(session_key=key).exists()  # left for SessionMiddleware to deal with
    assert request_user(RequestFactory().post("/")) is None
