"""The Celery application. Tasks run in a worker with Redis as broker (REDIS_URL); without it they run eagerly in the
web process, which is what the embedded demo does. Start a worker with
`celery -A wijkgericht.notifications.celery worker --beat`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgericht.conf.base")

app = Celery("wijkgericht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
