"""Working days, for the term a municipality promises (pure: no Django)."""

from __future__ import annotations

import datetime as dt


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday to Friday) after `start`; `start` itself never counts, so a Saturday
    plus one working day is the Monday. Public holidays are not known here and count as working days."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    left = days
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
