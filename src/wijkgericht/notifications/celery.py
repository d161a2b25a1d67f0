"""The Celery application. Tasks run in a worker with Redis as broker (REDIS_URL); without it they run eagerly in the
web process, which is what the embedded demo does. Start workers with `celery -A wijkgericht.notifications.celery
worker` and exactly one `celery -A wijkgericht.notifications.celery beat` (docs/operations.md: a second beat would
send every digest twice)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgericht.conf.base")

app = Celery("wijkgericht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
