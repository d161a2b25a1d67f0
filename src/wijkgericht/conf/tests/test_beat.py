"""Celery beat runs the daily work at set times of day, not every 24 hours from whenever the worker started, and
keeps its state in the data folder."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wijkgericht.conf.base import _daily_at
from wijkgericht.notifications.celery import app

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(schedule: crontab, moment: datetime) -> crontab:
    """The schedule as beat uses it (bound to our app and its time zone), with the clock standing at `moment`."""
    bound = copy.copy(schedule)
    bound.app, bound.nowfun = app, lambda: moment
    return bound


def test_the_daily_tasks_are_crontabs_at_the_configured_times():
    schedule = settings.CELERY_BEAT_SCHEDULE
    digest, reminders = schedule["daily-digest"]["schedule"], schedule["remind-overdue-actions"]["schedule"]
    assert isinstance(digest, crontab) and (digest.hour, digest.minute) == ({7}, {0})
    assert isinstance(reminders, crontab) and (reminders.hour, reminders.minute) == ({8}, {0})
    assert len(digest.day_of_week) == 7 and len(reminders.day_of_week) == 7
    cleanup = schedule["cleanup-notifications"]["schedule"]
    assert (cleanup.day_of_week, cleanup.hour, cleanup.minute) == ({0}, {3}, {30})  # Sunday 03:30
    app.loader.import_default_modules()  # what a worker does at start: the apps' tasks modules (autodiscovery)
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_a_worker_started_in_the_afternoon_still_sends_the_digest_at_seven_the_next_morning():
    digest = settings.CELERY_BEAT_SCHEDULE["daily-digest"]["schedule"]
    started = datetime(2026, 3, 10, 13, 17, tzinfo=AMSTERDAM)
    assert not at(digest, datetime(2026, 3, 11, 6, 59, tzinfo=AMSTERDAM)).is_due(started).is_due
    assert at(digest, datetime(2026, 3, 11, 7, 0, 30, tzinfo=AMSTERDAM)).is_due(started).is_due
    # The next run after 07:00 is 24 hours later, also across the change to summer time (29 March 2026).
    now = datetime(2026, 3, 28, 7, 0, 30, tzinfo=AMSTERDAM)
    remaining = at(digest, now).remaining_estimate(datetime(2026, 3, 28, 7, 0, 5, tzinfo=AMSTERDAM))
    next_run = (now.astimezone(UTC) + remaining).astimezone(AMSTERDAM)
    assert (next_run.day, next_run.hour, next_run.minute) == (29, 7, 0)
    assert remaining.total_seconds() == 23 * 3600 - 30  # the night is an hour shorter


def test_times_come_from_the_environment_and_a_bad_one_is_refused(monkeypatch):
    monkeypatch.setenv("WIJKGERICHT_DIGEST_TIME", "06:45")
    schedule = _daily_at("WIJKGERICHT_DIGEST_TIME")
    assert (schedule.hour, schedule.minute) == ({6}, {45})
    for wrong in ("7", "7 uur", "24:00", "07:60", "-1:00"):
        monkeypatch.setenv("WIJKGERICHT_DIGEST_TIME", wrong)
        with pytest.raises(ImproperlyConfigured, match="HH:MM"):
            _daily_at("WIJKGERICHT_DIGEST_TIME")


def test_the_beat_schedule_file_lives_in_the_data_folder():
    assert app.conf.beat_schedule_filename == str(settings.DATA_DIR / "celerybeat-schedule")
