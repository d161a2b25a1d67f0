"""What several web nodes share, built from the environment: the cache and sessions (Redis) and uploaded files
(S3-compatible object storage). Without them each process keeps its own cache, sessions live in the database and
uploads in the data folder: the embedded default of one machine. docs/operations.md, "Scaling out".

Functions rather than module constants, so a test can build the same settings for a Redis or an S3 server it
started itself.
"""

from __future__ import annotations

from typing import Any

# A Redis that does not answer must not hold a page: give up on it within a second.
REDIS_TIMEOUT_SECONDS = 1


def caches(redis_url: str) -> dict[str, dict[str, Any]]:
    """The page cache ("default") and the rate-limit counters ("ratelimit").

    With Redis (django-redis), a connection error is ignored and logged: a cache read misses and a write is lost, so
    pages are rendered afresh instead of answering 500, and a counter that cannot be read is left to
    RATELIMIT_FAIL_OPEN and the sign-in's own rule (accounts/ratelimits.py). Without Redis, one cache per process:
    every page entry is keyed on the municipality's version counters, so it is never stale on another node."""
    if redis_url:
        default = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url,
                   "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                               "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS}}
        # Counters share the server under their own prefix (configure Redis to evict nothing, or only keys with a
        # timeout, which every page and counter has).
        return {"default": default, "ratelimit": {**default, "KEY_PREFIX": "ratelimit"}}
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}},
        # In one cache with the pages, a flood of page variants culled the counters (LocMemCache drops its oldest
        # third when full) and a password guesser started counting from zero again (#10.4).
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit",
                      "OPTIONS": {"MAX_ENTRIES": 100_000}},
    }


def session_engine(redis_url: str) -> str:
    """Sessions in the database, read through the shared cache when there is one (any node, one read of Redis);
    with Redis down they are read from the database."""
    return "django.contrib.sessions.backends.cached_db" if redis_url else "django.contrib.sessions.backends.db"


def media_storage(*, bucket: str, endpoint_url: str, region: str, access_key: str, secret_key: str,
                  ) -> dict[str, Any]:
    """STORAGES["default"]: uploads in a private bucket (core/storage.py), or in MEDIA_ROOT without a bucket."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {"bucket_name": bucket, "endpoint_url": endpoint_url or None, "region_name": region or None,
               "access_key": access_key or None, "secret_key": secret_key or None}
    return {"BACKEND": "wijkgericht.core.storage.PrivateS3Storage", "OPTIONS": options}
