"""One way to write dates and times (issue #14): '21 oktober 2026', '19.30–21.30 uur'; '7:30–9:30 pm' in English."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from wijkgericht.core import dates

AMS = ZoneInfo("Europe/Amsterdam")
EVENING = dt.datetime(2026, 10, 21, 19, 30, tzinfo=AMS)
LATER = dt.datetime(2026, 10, 21, 21, 30, tzinfo=AMS)


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", ("21 oktober 2026", "woensdag 21 oktober 2026", "19.30 uur", "19.30–21.30 uur",
            "21 oktober 2026, 19.30 uur", "woensdag 21 oktober 2026, 19.30–21.30 uur")),
    ("en", ("21 October 2026", "Wednesday 21 October 2026", "7:30 pm", "7:30–9:30 pm",
            "21 October 2026, 7:30 pm", "Wednesday 21 October 2026, 7:30–9:30 pm")),
])
def test_each_form_in_both_languages(lang, expected):
    with translation.override(lang):
        assert (dates.day(EVENING), dates.day(EVENING, weekday=True), dates.clock(EVENING),
                dates.time_range(EVENING, LATER), dates.moment(EVENING), dates.span(EVENING, LATER)) == expected


def test_utc_times_are_shown_in_the_sites_time_zone():
    utc = dt.datetime(2026, 10, 21, 17, 30, tzinfo=dt.UTC)  # 19.30 in Amsterdam (summer time)
    with translation.override("nl"):
        assert dates.moment(utc) == "21 oktober 2026, 19.30 uur"
    winter = dt.datetime(2026, 12, 5, 18, 0, tzinfo=dt.UTC)  # 19.00 in Amsterdam (winter time)
    with translation.override("en"):
        assert dates.clock(winter) == "7:00 pm"


def test_english_names_am_and_pm_on_both_ends_only_across_noon():
    morning = dt.datetime(2026, 10, 21, 11, 30, tzinfo=AMS)
    lunch = dt.datetime(2026, 10, 21, 13, 0, tzinfo=AMS)
    midnight = dt.datetime(2026, 10, 21, 0, 5, tzinfo=AMS)
    noon = dt.datetime(2026, 10, 21, 12, 0, tzinfo=AMS)
    with translation.override("en"):
        assert dates.time_range(morning, lunch) == "11:30 am–1:00 pm"
        assert dates.clock(midnight) == "12:05 am"
        assert dates.clock(noon) == "12:00 pm"
    with translation.override("nl"):
        assert dates.time_range(morning, lunch) == "11.30–13.00 uur"
        assert dates.clock(midnight) == "0.05 uur"


def test_more_days_name_both_ends_and_a_plain_date_has_no_time():
    next_day = dt.datetime(2026, 10, 22, 16, 0, tzinfo=AMS)
    with translation.override("nl"):
        assert dates.span(EVENING, next_day) == "woensdag 21 oktober 2026, 19.30 uur – donderdag 22 oktober 2026, 16.00 uur"
        assert dates.day(dt.date(2026, 1, 1)) == "1 januari 2026"
        assert dates.day(None) == "" and dates.moment(None) == ""


def test_template_filters_and_tags():
    template = Template('{% load dates %}{{ d|day }}|{{ t|day:"weekday" }}|{{ t|clock }}|{{ t|moment }}|'
                        '{% when t u %}|{% hours t u %}|{{ missing|day }}')
    context = Context({"d": dt.date(2026, 10, 21), "t": EVENING, "u": LATER})
    with translation.override("en"):
        assert template.render(context) == ("21 October 2026|Wednesday 21 October 2026|7:30 pm|21 October 2026, 7:30 pm|"
                                            "Wednesday 21 October 2026, 7:30–9:30 pm|7:30–9:30 pm|")
