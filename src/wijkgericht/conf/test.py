"""Test settings: the base settings with fast password hashing; the database still comes from DATABASE_URL."""

from wijkgericht.conf import env

# A fixed key unless DJANGO_SECRET_KEY is set: tests never depend on (or race over) the data folder's key file.
env.set_default("DJANGO_SECRET_KEY", "wijkgericht-tests-only-not-secret-" + "x" * 30)

from wijkgericht.conf.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Tests run as a configured site (links on SITE_URL); the served-address fallback is tested with SITE_URL_SET=False.
SITE_URL_SET = True
