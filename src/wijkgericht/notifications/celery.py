"""The Celery application. Tasks run in a worker with Redis as broker (REDIS_URL); without it they run eagerly in the
web process, which is what the embedded demo does. Start workers with `celery -A wijkgericht.notifications.celery
worker` and exactly one `celery -A wijkgericht.notifications.celery beat` (docs/operations.md: a second beat would
send every digest twice).

The worker logs as the web process does (settings.LOGGING: the line or JSON format), and a task's lines carry the id
of the request that queued it (conf/requestid.py)."""

from __future__ import annotations

import os

from celery import Celery, signals

from wijkgericht.conf import requestid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkgericht.conf.base")

app = Celery("wijkgericht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
requestid.connect_celery()


@signals.setup_logging.connect(dispatch_uid="wijkgericht.celery.logging")
def _site_logging(**kwargs: object) -> None:
    """Instead of Celery's own handlers: the site's, with the request id on each record."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
