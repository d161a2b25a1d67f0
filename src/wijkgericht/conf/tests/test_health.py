"""The load balancer's probes (conf/health.py): liveness asks nothing, readiness asks every dependency and names
the one that fails with a 503."""

from __future__ import annotations

import json

import pytest
from celery import current_app
from django.test import Client

# Nothing listens on port 1: a Redis that is down, refused at once.
REDIS_DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def media(settings, tmp_path):
    """The storage check writes and deletes a file: in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_liveness_answers_without_touching_the_database(client):
    """No django_db mark: a query here would fail the test."""
    response = client.get("/health/live")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readiness_lists_every_dependency_and_answers_200_when_all_answer(client, media):
    response = client.get("/health/ready")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "Database(alias='default'): OK", "Cache(alias='default'): OK", "Cache(alias='ratelimit'): OK",
        "Storage(alias='default'): OK"]
    assert "no-cache" in response["Cache-Control"]  # never a stored answer
    assert not any(media.rglob("*.txt"))  # the probe file is gone again


@pytest.mark.django_db
def test_readiness_says_503_and_names_the_cache_when_redis_is_down_while_liveness_still_answers(
        client, settings, media):
    settings.REDIS_URL = REDIS_DOWN
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                      "LOCATION": REDIS_DOWN}}
    previous = current_app.conf.broker_url
    current_app.conf.broker_url = REDIS_DOWN
    try:
        response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    finally:
        current_app.conf.broker_url = previous
    assert response.status_code == 503
    results = json.loads(response.content)
    assert results["Cache(alias='default')"] != "OK" and "Connection" in results["Cache(alias='default')"]
    assert results["Broker()"] == "Unavailable: no connection to the Celery broker"
    assert results["Database(alias='default')"] == "OK" and results["Storage(alias='default')"] == "OK"
    assert "127.0.0.1" not in response.content.decode()  # the answer is public: no host names
    assert client.get("/health/live").status_code == 200


@pytest.mark.django_db
def test_the_broker_is_asked_only_with_redis_and_passes_when_it_connects(client, settings, media):
    assert "Broker" not in client.get("/health/ready").content.decode()
    settings.REDIS_URL = "redis://broker.invalid:6379/0"  # only whether there is one; the app's broker answers
    response = client.get("/health/ready")
    assert response.status_code == 200 and "Broker(): OK" in response.content.decode().splitlines()


@pytest.mark.django_db
def test_a_failing_database_makes_the_node_not_ready(client, media, monkeypatch):
    from django.db import connections

    def refused(*args, **kwargs):
        raise connections["default"].Database.OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "get_new_connection", refused)
    monkeypatch.setattr(type(connections["default"]), "is_usable", lambda self: False)
    response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert json.loads(response.content)["Database(alias='default')"].startswith("Unavailable")


def test_the_probes_are_not_redirected_to_https_or_to_a_language(client, settings):
    assert client.get("/health/live", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    settings.SECURE_SSL_REDIRECT = True
    behind_tls = Client()  # SecurityMiddleware reads the setting when it is made
    assert behind_tls.get("/health/live").status_code == 200
    assert behind_tls.get("/metrics").status_code == 200
    assert behind_tls.get("/").status_code == 301  # other pages still go to HTTPS


@pytest.mark.django_db
def test_with_the_sites_own_redis_cache_settings_a_silent_cache_still_fails_readiness(client, settings, media):
    """The site's Redis cache ignores connection errors so pages keep serving (conf/shared.py); the readiness check
    must still see that nothing is stored."""
    from wijkgericht.conf import shared

    settings.CACHES = shared.caches(REDIS_DOWN)
    response = client.get("/health/ready", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    results = json.loads(response.content)
    assert results["Cache(alias='default')"] != "OK" and results["Cache(alias='ratelimit')"] != "OK"
    assert results["Database(alias='default')"] == "OK"
    assert client.get("/health/live").status_code == 200
