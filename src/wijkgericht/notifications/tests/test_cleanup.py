"""Data minimisation: read notifications are deleted after a while; unread ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wijkgericht.accounts.models import MailPreference
from wijkgericht.notifications.models import Notification
from wijkgericht.notifications.services import notifications_delete_read

pytestmark = pytest.mark.django_db


def _at(user, *, created_days_ago: int, read_days_ago: int | None) -> Notification:
    now = timezone.now()
    notification = Notification.objects.create(recipient=user, event="item.published", params={"title": "x"})
    Notification.objects.filter(pk=notification.pk).update(
        created_at=now - timedelta(days=created_days_ago),
        read_at=None if read_days_ago is None else now - timedelta(days=read_days_ago))
    return notification


def test_cleanup_removes_only_old_read_notifications(make_user):
    user = make_user(MailPreference.NONE)
    old_read = _at(user, created_days_ago=400, read_days_ago=300)
    old_unread = _at(user, created_days_ago=400, read_days_ago=None)
    recent_read = _at(user, created_days_ago=10, read_days_ago=5)
    old_but_recently_read = _at(user, created_days_ago=400, read_days_ago=20)
    assert notifications_delete_read() == 1
    left = set(Notification.objects.values_list("pk", flat=True))
    assert old_read.pk not in left
    assert {old_unread.pk, recent_read.pk, old_but_recently_read.pk} <= left


def test_cleanup_command_takes_days(make_user, capsys):
    user = make_user(MailPreference.NONE)
    _at(user, created_days_ago=40, read_days_ago=35)
    keep = _at(user, created_days_ago=40, read_days_ago=None)
    call_command("cleanup_notifications")
    assert Notification.objects.count() == 2
    call_command("cleanup_notifications", "--days", "30")
    assert list(Notification.objects.values_list("pk", flat=True)) == [keep.pk]
    assert "1 read notification(s) deleted." in capsys.readouterr().out


def test_cleanup_refuses_negative_days():
    with pytest.raises(ValueError):
        notifications_delete_read(older_than_days=-1)


def test_cleanup_task_for_celery_beat(make_user):
    from wijkgericht.notifications.tasks import delete_old_read_notifications

    user = make_user(MailPreference.NONE)
    _at(user, created_days_ago=400, read_days_ago=200)
    _at(user, created_days_ago=400, read_days_ago=100)
    assert delete_old_read_notifications.delay().get() == 1
    assert delete_old_read_notifications(days=90) == 1
    assert Notification.objects.count() == 0
