"""/api/v1/evaluation: the public measures of district-oriented working for a period, per district, each with its
definition and the figure for the previous period of equal length (the comparison period). Aggregates only; the
internal measures of the staff dashboard are not here."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from wijkgericht.districts.api import ERRORS, NO_NUL, MunicipalityParam, municipality_or_404
from wijkgericht.districts.models import District
from wijkgericht.evaluation import selectors
from wijkgericht.evaluation.measures import Measure, Period

router = Router(tags=["evaluatie"])

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)
LONGEST = 3660  # days: ten years

FromParam = Annotated[dt.date, Query(alias="from", examples=["2019-01-01"],
                                     description="eerste dag van de periode (JJJJ-MM-DD)")]
ToParam = Annotated[dt.date, Query(alias="to", examples=["2019-12-31"],
                                   description="laatste dag van de periode (JJJJ-MM-DD), op of na `from`")]
DistrictParam = Annotated[str | None, Query(pattern=NO_NUL, max_length=20, examples=["WK048909"], description=(
    "code van één wijk (CBS-wijkcode); leeg: de hele gemeente en elke wijk apart"))]


class PeriodOut(Schema):
    start: str
    end: str
    days: int


class PartOut(Schema):
    label: str
    value: float | None
    comparison: float | None


class DistrictValueOut(Schema):
    code: str
    name: str
    value: float | None
    comparison: float | None


class MeasureOut(Schema):
    key: str
    group: str
    label: str
    definition: str
    unit: str
    value: float | None
    comparison: float | None
    change: float | None
    breakdown: list[PartOut]
    districts: list[DistrictValueOut]


class EvaluationOut(Schema):
    municipality: str
    district: str | None
    period: PeriodOut
    comparison_period: PeriodOut
    measures: list[MeasureOut]


def _period(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "days": period.days}


def _measure(measure: Measure, names: dict[str, str]) -> dict[str, Any]:
    labels = list(dict.fromkeys([*measure.breakdown, *measure.comparison_breakdown]))
    return {
        "key": measure.key, "group": measure.group, "label": measure.label, "definition": measure.definition,
        "unit": measure.unit, "value": measure.value, "comparison": measure.comparison, "change": measure.change,
        "breakdown": [{"label": label, "value": measure.breakdown.get(label),
                       "comparison": measure.comparison_breakdown.get(label)} for label in labels],
        "districts": [{"code": code, "name": names.get(code, code), "value": value,
                       "comparison": measure.comparison_districts.get(code)}
                      for code, value in measure.districts.items()],
    }


@router.get("/evaluation", response={200: EvaluationOut, **ERRORS}, summary="Evaluatie: maatstaven per wijk")
def evaluation(request: HttpRequest, date_from: FromParam, date_to: ToParam, district: DistrictParam = None,
               municipality: MunicipalityParam = None) -> dict[str, Any]:
    """The public measures for the period `from`–`to` (both days included), each with its definition (Dutch),
    unit, value and the value in the comparison period: the same number of days just before. Without `district`:
    for the whole municipality, with every district's figure in `districts`; with it, for that district only.
    A period runs from 1900 to 2999 and is at most ten years long; `to` before `from` is a 400."""
    if date_to < date_from:
        raise HttpError(400, _("De laatste dag ligt vóór de eerste."))
    if date_from < EARLIEST or date_to > LATEST or (date_to - date_from).days >= LONGEST:
        raise HttpError(400, _("Kies een periode tussen 1900 en 2999 van hooguit tien jaar."))
    place = municipality_or_404(municipality)
    area = None
    if district:
        area = District.objects.filter(municipality=place, code=district).first()
        if area is None:
            raise HttpError(404, _("Wijk %s is niet bekend.") % district)
    period = Period(date_from, date_to)
    measures = selectors.evaluate(place, period, area, by_district=area is None, public_only=True)
    names = dict(District.objects.filter(municipality=place).values_list("code", "name"))
    return {
        "municipality": place.code, "district": area.code if area else None,
        "period": _period(period), "comparison_period": _period(period.previous()),
        "measures": [_measure(m, names) for m in measures],
    }
