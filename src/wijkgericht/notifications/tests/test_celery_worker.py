"""One task through a real Celery worker with Redis as broker and result backend, as in production.

Skipped only when Redis is not reachable on this machine; under CI=true an unreachable Redis is a failure.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from wijkgericht.accounts.models import MailPreference
from wijkgericht.notifications.celery import app
from wijkgericht.notifications.models import Notification
from wijkgericht.notifications.tasks import send_notification_mail

REDIS = "redis://127.0.0.1:6379/15"


def _require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS} is not reachable ({error}): the real-worker test needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _forget_connections(celery_app) -> None:
    """The app caches its broker pool, producer pool and result backend: built anew from the changed settings."""
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.__dict__["amqp"]._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local = threading.local()


@pytest.fixture
def redis_app():
    _require_redis()
    changed = {"broker_url": REDIS, "result_backend": REDIS, "task_always_eager": False,
               "task_eager_propagates": False, "broker_connection_retry_on_startup": False,
               "result_expires": 300}
    before = {key: app.conf.get(key) for key in changed}
    app.conf.update(changed)
    _forget_connections(app)
    try:
        yield app
    finally:
        app.conf.update(before)
        _forget_connections(app)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection: the rows must be committed
def test_send_notification_mail_runs_in_a_real_worker(redis_app, make_user, mailoutbox, site_url):
    from celery.contrib.testing.worker import start_worker

    queue = f"wijkgericht-test-{uuid.uuid4().hex}"  # a queue of its own: parallel runs never take each other's tasks

    user = make_user(MailPreference.IMMEDIATE)
    # created directly, not through notify (whose on-commit hook would already queue a mail for it)
    notification = Notification.objects.create(recipient=user, event="item.published", params={"title": "Bankje"},
                                               url="/wijk/x/inbreng/7/")
    with start_worker(redis_app, pool="solo", concurrency=1, queues=[queue], perform_ping_check=False,
                      shutdown_timeout=10):
        result = send_notification_mail.apply_async(([notification.pk],), queue=queue)
        assert result.get(timeout=30) == 1
        again = send_notification_mail.apply_async(([notification.pk],), queue=queue)
        assert again.get(timeout=30) == 0  # retry-safe: not mailed again
    assert len(mailoutbox) == 1 and "https://wijken.example.nl/wijk/x/inbreng/7/" in mailoutbox[0].body
    notification.refresh_from_db()
    assert notification.mailed_at is not None
