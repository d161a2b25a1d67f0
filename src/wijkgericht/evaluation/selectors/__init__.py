"""The evaluation's reads: every figure is computed by ONE measure function, in SQL aggregates.

The measure interface (evaluation.measures holds the pure types):

    def some_measure(municipality: Municipality, period: Period, district: District | None = None, *,
                     by_district: bool = False) -> Measure

- `period` is a `measures.Period(start, end)` of whole days, both inclusive (dates in the site's time zone);
- the result is a `measures.Measure`: key, group, label and definition (Dutch, B1, shown on screen), unit, the value
  for the period, `comparison` (the same figure for `period.previous()`, the previous period of equal length),
  `breakdown` (by kind, portfolio, outcome …, where the measure has one) with `comparison_breakdown`;
- `district` limits the figure to one district; without it the figure is municipality-wide, and `by_district=True`
  also fills `districts` / `comparison_districts` (district code → value) for every district of the municipality;
- `public=False` marks internal measures (staff dashboard only; never in the public API).

One module per measure group: acquaintance (getting to know the district), voice (resident voice), coordination,
codecision (district budgets), involvement (the survey's headline items). `MEASURES` lists them in display order;
`evaluate` computes them all. Survey results with confidence intervals are in `survey`, the district profile in
`profile`, decisions in `decisions`.
"""

from __future__ import annotations

from collections.abc import Callable

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.measures import Measure, Period
from wijkgericht.evaluation.selectors import acquaintance, codecision, coordination, involvement, voice

MeasureFunction = Callable[..., Measure]

GROUPS: tuple[str, ...] = ("acquaintance", "voice", "coordination", "codecision", "involvement")

MEASURES: tuple[MeasureFunction, ...] = (
    *acquaintance.MEASURES, *voice.MEASURES, *coordination.MEASURES, *codecision.MEASURES, *involvement.MEASURES,
)


def evaluate(municipality: Municipality, period: Period, district: District | None = None, *,
             by_district: bool = False, public_only: bool = True) -> list[Measure]:
    """Every measure for the period (and its comparison period), in display order."""
    results = [measure(municipality, period, district, by_district=by_district) for measure in MEASURES]
    return [m for m in results if m.public or not public_only]


def measure_keys() -> list[str]:
    """The keys decisions may refer to (fixed per measure function: its `key` attribute)."""
    return [fn.key for fn in MEASURES]  # type: ignore[attr-defined]
