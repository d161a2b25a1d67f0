"""Notification mail against a mail server that refuses the connection: the change stands, the notification stays
unmailed for the daily run, and the log says the mail was NOT sent and why — not that it "could not be queued"
when there is no queue (issue #10, point 5: the log says what really happened)."""

from __future__ import annotations

import logging
import socket

import pytest

from wijkgericht.accounts.models import MailPreference
from wijkgericht.notifications.models import Notification
from wijkgericht.notifications.services import notify

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_notification_mail_is_logged_as_not_sent_and_stays_for_the_daily_run(
        make_user, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", closed_port(), False
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no broker: the task runs in the request, as in the demo
    caplog.set_level(logging.INFO, logger="wijkgericht.notifications")
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], event="item.published", params={"title": "Bankje"}, url="/x/")
    assert Notification.objects.get(recipient=user).mailed_at is None
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("wijkgericht.notifications")]
    assert any("NOT sent" in line and "ConnectionRefusedError" in line for line in lines), lines
    assert not any(line.endswith(" sent") and "NOT" not in line for line in lines)
