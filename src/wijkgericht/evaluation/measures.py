"""Pure building blocks of the evaluation's figures (no Django): a period and its comparison period, and a measure
as every selector returns it. Pages, API, charts and the report only read these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Period:
    """Whole days, both ends inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The comparison period: the same number of days, ending the day before this one starts."""
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass
class Measure:
    """One figure, computed by one selector, for one municipality (or one district) and one period.

    - key: stable identifier ("voice.items_per_1000"), used by decisions, the API and the report;
    - group: "acquaintance" | "voice" | "coordination" | "codecision" | "involvement";
    - label, definition: Dutch (B1), shown on screen next to the figure;
    - value / comparison: the figure for the period and for the previous period of equal length (None: no data);
    - unit: "count" | "percent" | "days" | "per1000" | "euro" | "score";
    - breakdown: the figure split by a category (activity kind, portfolio, outcome …), label → value;
    - districts / comparison_districts: per district code, when asked (by_district=True);
    - public: False for internal measures (staff dashboard only).
    """

    key: str
    group: str
    label: str
    definition: str
    unit: str
    value: float | None
    comparison: float | None = None
    breakdown: dict[str, float | None] = field(default_factory=dict)
    comparison_breakdown: dict[str, float | None] = field(default_factory=dict)
    districts: dict[str, float | None] = field(default_factory=dict)
    comparison_districts: dict[str, float | None] = field(default_factory=dict)
    public: bool = True

    @property
    def change(self) -> float | None:
        if self.value is None or self.comparison is None:
            return None
        return self.value - self.comparison


def median(values: list[float]) -> float | None:
    """The median of a small (already aggregated) list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def share(part: float | None, whole: float | None) -> float | None:
    """A percentage, None when the whole is zero or unknown."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole
