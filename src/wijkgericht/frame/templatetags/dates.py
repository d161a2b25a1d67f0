"""Dates and times one way on every page (core/dates.py): '21 oktober 2026', '19.30–21.30 uur'; in English
'21 October 2026', '7:30–9:30 pm'.

    {% load dates %}
    <time datetime="{{ item.created_at|date:'c' }}">{{ item.created_at|day }}</time>
    {{ activity.starts_at|day:"weekday" }} · {{ comment.created_at|moment }} · {{ activity.starts_at|clock }}
    {% when activity.starts_at activity.ends_at %}      woensdag 21 oktober 2026, 19.30–21.30 uur
    {% hours activity.starts_at activity.ends_at %}     19.30–21.30 uur
"""

from django import template

from wijkgericht.core import dates

register = template.Library()


@register.filter
def day(value, arg: str = "") -> str:
    return dates.day(value or None, weekday=arg == "weekday")


@register.filter
def clock(value) -> str:
    return dates.clock(value or None)


@register.filter
def moment(value) -> str:
    return dates.moment(value or None)


@register.simple_tag(name="when")
def when(start, end=None, weekday: bool = True) -> str:
    return dates.span(start, end or None, weekday=weekday) if start else ""


@register.simple_tag(name="hours")
def hours(start, end=None) -> str:
    return dates.time_range(start, end or None) if start else ""
