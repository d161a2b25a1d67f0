"""Shared state with REDIS_URL (issue #16): the page cache, the rate-limit counters and sessions (cached_db) live
in Redis, and a Redis that stops answering turns nothing into a 500. Pages are rendered afresh (no cache), signed-in
visitors keep their session (read from the database), forms keep working (their limits fail open), and only the
ways in (sign-in) fail closed with the site's 429 page. A redis-server of the test's own is killed mid-test."""

from __future__ import annotations

import pytest
import redis
from django.test import Client
from django.urls import reverse

from tests.backing_services import redis_server
from wijkgericht.conf import shared
from wijkgericht.participation.models import Item, Support
from wijkgericht.participation.tests.pages.formdata import submission_data

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord"  # participation.testing.make_user's


@pytest.fixture
def with_redis(settings):
    with redis_server() as server:
        settings.CACHES = shared.caches(server.url)
        settings.SESSION_ENGINE = shared.session_engine(server.url)
        yield server


def _sign_in(client: Client, email: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})


def test_the_settings_follow_redis_url():
    assert shared.session_engine("") == "django.contrib.sessions.backends.db"
    assert shared.session_engine("redis://r:6379/0") == "django.contrib.sessions.backends.cached_db"
    assert shared.caches("")["default"]["BACKEND"].endswith("LocMemCache")
    shared_caches = shared.caches("redis://r:6379/0")
    assert shared_caches["ratelimit"]["KEY_PREFIX"] == "ratelimit"
    assert all(c["OPTIONS"]["IGNORE_EXCEPTIONS"] for c in shared_caches.values())


def test_with_redis_down_pages_still_serve_forms_work_and_sign_in_fails_closed(with_redis, roles):
    store = redis.Redis.from_url(with_redis.url)
    item = Item.objects.get(title="Bankjes langs het water")
    anonymous, resident = Client(), Client()

    # Redis answering: pages are cached there, a sign-in works and its session is read through Redis.
    assert anonymous.get("/").status_code == 200
    signed_in = _sign_in(resident, roles.resident.email)
    assert signed_in.status_code == 302, signed_in.content.decode()[:1000]
    assert resident.get(reverse("accounts:account")).status_code == 200
    assert _sign_in(Client(), roles.other_resident.email).status_code == 302  # the same sign-in as below, let in
    keys = [key.decode() for key in store.keys("*")]
    assert any("django.contrib.sessions.cached_db" in key for key in keys), keys
    assert any(key.startswith("ratelimit:") for key in keys), keys

    with_redis.kill()

    # Pages: rendered without a cache, for visitors and for the signed-in resident, whose session is in the database.
    # A page's query-string variants are counted in the cache (frame/pagecache.py): without an answer, none is
    # stored, and the page is still served (a 500 before: bench/load's Redis phase).
    for path in ("/", f"/wijken/{item.district.slug}/", f"/wijken/{item.district.slug}/inbreng/{item.pk}/",
                 "/inbreng/?kind=idea", f"/wijken/{item.district.slug}/inbreng/?pagina=2", "/activiteiten/?voorbij=1"):
        assert anonymous.get(path).status_code == 200, path
        assert resident.get(path).status_code == 200, path
    assert resident.get(reverse("accounts:account")).status_code == 200

    # Sign-in without its counters: refused with the site's own "even wachten" page, for the right password too.
    refused = _sign_in(Client(), roles.other_resident.email)
    assert refused.status_code == 429 and "Even wachten" in refused.content.decode()
    assert refused["Retry-After"] == "60"

    # Other forms keep their work going: supporting an item and filing a new one (both rate-limited elsewhere).
    supported = resident.post(f"/inbreng/{item.pk}/steun/")
    assert supported.status_code == 302 and Support.objects.filter(item=item, user=roles.resident).exists()
    filed = resident.post("/inbreng/nieuw/", submission_data(title="Ook zonder Redis"))
    assert filed.status_code == 302 and Item.objects.filter(title="Ook zonder Redis").exists()
