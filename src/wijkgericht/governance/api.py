"""/api/v1/ endpoints of the governance domain: the aldermen with their portfolios and districts; and, for the
districts API's answers, who is each district's alderman (`district_aldermen`, plugged in by api/v1.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from wijkgericht.districts.api import ERRORS, MunicipalityParam, municipality_or_404
from wijkgericht.districts.models import Municipality
from wijkgericht.governance.models import Alderman
from wijkgericht.governance.selectors import (
    BoardSnapshot,
    alderman_assignments,
    alderman_holdings,
    board_snapshot,
    reference_date,
)

router = Router(tags=["bestuur"])


class PortfolioOut(Schema):
    name: str
    term: str
    is_example: bool


class AssignedDistrictOut(Schema):
    code: str
    name: str
    valid_from: str
    valid_to: str | None
    is_example: bool


class AldermanOut(Schema):
    id: int
    name: str
    slug: str
    role: str
    party: str
    portfolios: list[PortfolioOut]
    districts: list[AssignedDistrictOut]


def alderman_ref(alderman: Alderman | None) -> dict[str, Any] | None:
    """An alderman as the districts API names one (its AldermanRef schema)."""
    if alderman is None:
        return None
    return {"id": alderman.pk, "name": alderman.name, "slug": alderman.slug, "party": alderman.party,
            "role": alderman.role}


@dataclass(frozen=True)
class DistrictAldermen:
    """The districts API's question (districts.api.DistrictAldermen) answered from the board on its reference
    date."""

    board: BoardSnapshot

    @property
    def day(self) -> dt.date:
        return self.board.day

    def alderman_of(self, district_id: int) -> dict[str, Any] | None:
        return alderman_ref(self.board.alderman_of(district_id))


def district_aldermen(municipality: Municipality) -> DistrictAldermen:
    return DistrictAldermen(board_snapshot(municipality=municipality))


def _out(alderman: Alderman) -> dict[str, Any]:
    day = reference_date(municipality_id=alderman.municipality_id)
    return {
        "id": alderman.pk, "name": alderman.name, "slug": alderman.slug, "role": alderman.role,
        "party": alderman.party,
        "portfolios": [{"name": h.portfolio.name, "term": h.term.name, "is_example": h.is_example}
                       for h in alderman_holdings(alderman=alderman)],
        "districts": [{"code": a.district.code, "name": a.district.name, "valid_from": a.valid_from.isoformat(),
                       "valid_to": a.valid_to.isoformat() if a.valid_to else None, "is_example": a.is_example}
                      for a in alderman_assignments(alderman=alderman, on=day)],
    }


@router.get("/aldermen", response={200: list[AldermanOut], **ERRORS}, summary="Burgemeester en wethouders")
def alderman_list(request: HttpRequest, municipality: MunicipalityParam = None) -> list[dict[str, Any]]:
    place = municipality_or_404(municipality)
    return [_out(a) for a in Alderman.objects.filter(municipality=place).order_by("-role", "name")]


@router.get("/aldermen/{alderman_id}", response={200: AldermanOut, **ERRORS}, summary="Eén wethouder")
def alderman_detail(request: HttpRequest, alderman_id: int) -> dict[str, Any]:
    alderman = Alderman.objects.filter(pk=alderman_id).first()
    if alderman is None:
        raise HttpError(404, _("Wethouder %d bestaat niet.") % alderman_id)
    return _out(alderman)
