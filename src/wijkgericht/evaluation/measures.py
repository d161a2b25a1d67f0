"""Pure building blocks of the evaluation's figures (no Django): a period and its comparison period, and a measure
as every selector returns it. Pages, API, charts and the report only read these."""

from __future__ import annotations

import datetime as dt
import math
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


# --- survey statistics: means with 95 % confidence intervals, suppression of small cells ---------------------------

MIN_CELL = 10  # cells with fewer answers are not shown (neither mean nor interval)

# Student's t, two-sided 95 % (0.975 quantile), for 1 … 30 degrees of freedom.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
_Z975 = 1.959963984540054


def t975(df: float) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom (fractional df rounded down: conservative)."""
    if df < 1:
        raise ValueError("At least one degree of freedom.")
    whole = int(df)
    if whole <= len(_T975):
        return _T975[whole - 1]
    z = _Z975  # Cornish-Fisher expansion, accurate to 0.001 beyond 30 df
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95 % confidence interval; `suppressed` when fewer than MIN_CELL answers (then only n < 10 is
    known to the reader, and mean, low and high are None)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    variance: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_CELL


def estimate(n: int, total: float, total_squares: float) -> Estimate:
    """From a cell's count, sum and sum of squares (SQL aggregates) to its mean and interval."""
    if n < MIN_CELL:
        return Estimate(n, None, None, None)
    mean = total / n
    variance = max(0.0, (total_squares - total * total / n) / (n - 1))
    half = t975(n - 1) * math.sqrt(variance / n)
    return Estimate(n, round(mean, 3), round(mean - half, 3), round(mean + half, 3), variance)


@dataclass(frozen=True)
class Difference:
    """after − before with its 95 % interval (Welch); None where either side is suppressed."""

    value: float | None
    low: float | None
    high: float | None

    @property
    def significant(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def difference(before: Estimate, after: Estimate) -> Difference:
    if before.suppressed or after.suppressed or before.variance is None or after.variance is None:
        return Difference(None, None, None)
    a, b = before.variance / before.n, after.variance / after.n
    value = (after.mean or 0.0) - (before.mean or 0.0)
    se = math.sqrt(a + b)
    if se == 0:
        return Difference(round(value, 3), round(value, 3), round(value, 3))
    df = (a + b) ** 2 / ((a * a) / (before.n - 1) + (b * b) / (after.n - 1)) if a or b else before.n + after.n - 2
    half = t975(df) * se
    return Difference(round(value, 3), round(value - half, 3), round(value + half, 3))
