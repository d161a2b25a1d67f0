"""Dates and times as residents read them, one way everywhere (issue #14), in the active language.

    day          21 oktober 2026               21 October 2026
    day(…, weekday=True)  woensdag 21 oktober 2026  Wednesday 21 October 2026
    clock        19.30 uur                     7:30 pm
    moment       21 oktober 2026, 19.30 uur    21 October 2026, 7:30 pm
    time_range   19.30–21.30 uur               7:30–9:30 pm (11:30 am–1:00 pm across noon)

Dutch writes the hours with a full stop and "uur" once after a range (the government's writing guide, Taalunie);
English uses the 12-hour clock with lower-case am/pm. Aware datetimes are shown in the site's time zone. Pages use
the template filters in frame/templatetags/dates.py; services and mails call these functions."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext

EN_DASH = "–"


def _english() -> bool:
    return (get_language() or "nl").split("-")[0].lower() == "en"


def _local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    """'21 oktober 2026' (en: '21 October 2026'); with the day of the week in front when asked."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "l j F Y" if weekday else "j F Y")


def _hours(value: dt.datetime | dt.time, with_suffix: bool = True) -> str:
    if _english():
        hour12 = value.hour % 12 or 12
        text = f"{hour12}:{value.minute:02d}"
        return f"{text} {'am' if value.hour < 12 else 'pm'}" if with_suffix else text
    return f"{value.hour}.{value.minute:02d}"


def clock(value: dt.datetime | dt.time | None) -> str:
    """'19.30 uur' (en: '7:30 pm')."""
    if value is None:
        return ""
    value = _local(value)
    if _english():
        return _hours(value)
    return pgettext("clock time", "%(time)s uur") % {"time": _hours(value)}


def time_range(start: dt.datetime | dt.time, end: dt.datetime | dt.time | None) -> str:
    """'19.30–21.30 uur' (en: '7:30–9:30 pm'; '11:30 am–1:00 pm' when the range crosses noon). The times only: the
    caller says the day."""
    if end is None:
        return clock(start)
    start, end = _local(start), _local(end)
    if _english():
        same_half = (start.hour < 12) == (end.hour < 12)
        return f"{_hours(start, with_suffix=not same_half)}{EN_DASH}{_hours(end)}"
    return pgettext("clock time", "%(time)s uur") % {"time": f"{_hours(start)}{EN_DASH}{_hours(end)}"}


def moment(value: dt.datetime | None) -> str:
    """'21 oktober 2026, 19.30 uur' (en: '21 October 2026, 7:30 pm')."""
    if value is None:
        return ""
    return f"{day(value)}, {clock(value)}"


def span(start: dt.datetime, end: dt.datetime | None, weekday: bool = True) -> str:
    """An activity's when: 'woensdag 21 oktober 2026, 19.30–21.30 uur'; over more days both ends in full."""
    if end is None:
        return f"{day(start, weekday)}, {clock(start)}"
    if _local(start).date() == _local(end).date():
        return f"{day(start, weekday)}, {time_range(start, end)}"
    return f"{day(start, weekday)}, {clock(start)} {EN_DASH} {day(end, weekday)}, {clock(end)}"
