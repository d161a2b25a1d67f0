"""Pure rules about validity periods (no Django): inclusive date ranges where an open end means 'until further notice'."""

from __future__ import annotations

import datetime as dt


def periods_overlap(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    """True when the inclusive periods [a_from, a_to] and [b_from, b_to] share at least one day."""
    a_ends_before_b = a_to is not None and a_to < b_from
    b_ends_before_a = b_to is not None and b_to < a_from
    return not (a_ends_before_b or b_ends_before_a)


def valid_on(valid_from: dt.date, valid_to: dt.date | None, day: dt.date) -> bool:
    return valid_from <= day and (valid_to is None or day <= valid_to)
