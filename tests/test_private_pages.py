"""Issue #10, point 7: pages that show someone's own data answer `Cache-Control: no-store, private`, so no browser
cache or proxy keeps them (a shared computer in a library, a company proxy). One middleware sets it for every
response to a visitor with a session; this walks the pages that show personal data."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Partner
from wijkgericht.participation.models import Item
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_a_residents_own_pages_are_never_stored(client, roles):
    item = submit(roles)
    client.force_login(roles.resident)
    pages = ["/mijn-inbreng/", "/berichten/", "/account/", "/account/gegevens.json", "/inbreng/nieuw/",
             "/inbreng/nieuw/?buurt=BU04890918", "/", "/en/mijn-inbreng/",
             f"/wijken/{Item.objects.exclude(pk=item.pk).filter(status='published').first().district.slug}/"]
    walked = {url: client.get(url) for url in pages}
    assert [url for url, r in walked.items() if not _no_store(r)] == []
    assert walked["/mijn-inbreng/"].status_code == 200 and walked["/account/gegevens.json"].status_code == 200


@pytest.mark.parametrize("who", ["civil_servant", "moderator", "administrator", "district_alderman"])
def test_staff_pages_are_never_stored(client, roles, who):
    user = getattr(roles, who)
    item = submit(roles)
    partner = Partner.objects.filter(municipality=roles.municipality).first()
    sign_in_verified(client, user)  # staff pages open only after the second factor
    pages = ["/werkplek/", f"/werkplek/inbreng/{item.pk}/", "/werkplek/planning/", "/werkplek/acties/",
             "/werkplek/partners/", "/werkplek/activiteiten/nieuw/", "/berichten/", "/account/"]
    if partner is not None:
        pages.append(f"/werkplek/partners/{partner.pk}/")  # contact persons revealed (and logged) here
    walked = {url: client.get(url) for url in pages}
    assert [url for url, r in walked.items() if not _no_store(r)] == []
    assert walked["/werkplek/"].status_code == 200


def test_the_admin_is_never_stored(client, roles):
    roles.administrator.is_staff = roles.administrator.is_superuser = True
    roles.administrator.save()
    sign_in_verified(client, roles.administrator)
    for url in ["/admin/", "/admin/accounts/user/"]:
        assert _no_store(client.get(url)), url


def test_signing_in_and_a_pending_message_are_never_stored(client, roles):
    response = client.post("/account/inloggen/", {"username": "bewoner@example.nl", "password": "een-lang-wachtwoord"})
    assert response.status_code == 302 and _no_store(response)  # the response that starts the session


def test_public_pages_for_visitors_without_a_session_stay_cacheable(roles):
    response = Client().get("/")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


def test_a_photo_of_a_published_item_stays_public(client, roles):
    """A response that says it is public keeps that, also for a signed-in visitor."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from wijkgericht.core.images import photo_process
    from wijkgericht.participation.models import Photo

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, format="JPEG")
    item = Item.objects.filter(status="published").first()
    photo = Photo.objects.create(item=item, image=photo_process(SimpleUploadedFile("a.jpg", out.getvalue())))
    client.force_login(roles.resident)
    assert "public" in client.get(f"/fotos/{photo.pk}/")["Cache-Control"]
