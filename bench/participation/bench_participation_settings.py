"""Settings for the participation benchmark: bench/http's settings (production settings plus the bare `bench/hello`
view) with the per-user submit rate limit switched off, so one bench resident can post thousands of items.

Everything else stays as in production, including CSRF and sessions: the submission case pays for both.
The database comes from DATABASE_URL (the driver points it at a fresh PostgreSQL database).
"""

from bench_settings import *  # noqa: F403

RATELIMIT_ENABLE = False  # django-ratelimit honours this; SUBMIT_RATE ("10/h") is a constant in participation/pages/public.py

# Notification mail is still built in the request (Celery runs eagerly without REDIS_URL), but not written to the
# console: gunicorn's log would grow by a few kB per submission.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
