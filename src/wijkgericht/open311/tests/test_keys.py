"""API keys: stored as a hash only, shown once (admin message or command output), withdrawn by switching off."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.open311.keys import key_check, key_create
from wijkgericht.open311.models import ApiKey

pytestmark = pytest.mark.django_db


def test_only_the_hash_and_a_prefix_are_stored(barendrecht):
    api_key, plain = key_create(name="Buitenbeter", municipality=barendrecht)
    assert plain.startswith("wg311_") and len(plain) > 40
    stored = ApiKey.objects.values().get(pk=api_key.pk)
    assert plain not in str(stored)
    assert stored["key_hash"] == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(stored["prefix"]) and len(stored["prefix"]) == 12
    assert key_check(plain) == api_key and key_check(plain + "x") is None and key_check("") is None
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None
    ApiKey.objects.update(is_active=False)
    assert key_check(plain) is None


def test_command_creates_lists_and_withdraws(barendrecht):
    out = StringIO()
    call_command("open311_key", "create", "Fixi", "--municipality", "GM0489", stdout=out, stderr=StringIO())
    plain = out.getvalue().strip()
    api_key = key_check(plain)
    assert api_key is not None and api_key.name == "Fixi" and api_key.municipality == barendrecht
    listing = StringIO()
    call_command("open311_key", "list", stdout=listing)
    assert api_key.prefix in listing.getvalue() and plain not in listing.getvalue()
    call_command("open311_key", "deactivate", api_key.prefix, stdout=StringIO())
    assert key_check(plain) is None
    with pytest.raises(CommandError):
        call_command("open311_key", "create", "Elders", "--municipality", "GM9999", stdout=StringIO())


def test_admin_shows_the_new_key_once(client, barendrecht, django_user_model):
    admin = django_user_model.objects.create_superuser("beheer@example.nl", "een-lang-wachtwoord")
    sign_in_verified(client, admin)
    response = client.post("/admin/open311/apikey/add/", {"name": "Meldingen-app", "municipality": barendrecht.pk,
                                                          "is_active": "on"})
    assert response.status_code == 302, response.content[:2000]
    api_key = ApiKey.objects.get(name="Meldingen-app")
    (message,) = [str(m) for m in get_messages(response.wsgi_request) if "kopieer" in str(m)]
    plain = next(word for word in message.split() if word.startswith("wg311_") and len(word) > 40)
    assert key_check(plain) == api_key
    assert plain in client.get(response.url).content.decode()  # shown on the page after saving …
    assert plain not in client.get(response.url).content.decode()  # … and never again
    # editing later does not make or show a new key
    response = client.post(f"/admin/open311/apikey/{api_key.pk}/change/", {"name": "Hernoemd",
                                                                           "municipality": barendrecht.pk})
    assert response.status_code == 302
    assert not any("kopieer" in str(m) for m in get_messages(response.wsgi_request))
    api_key.refresh_from_db()
    assert api_key.name == "Hernoemd" and not api_key.is_active and key_check(plain) is None
    page = client.get("/admin/open311/apikey/").content.decode()
    assert api_key.prefix in page and plain not in page
