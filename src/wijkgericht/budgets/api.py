"""/api/v1/budgets: the district budget rounds, their projects and, once the result is published, the selected
projects and the anonymous ballots in pabulib (which `python -m wijkgericht.voting tally` recounts to the same
selection). Project ids are strings, the same in `selected`, in `projects` and in the pabulib file."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError

from wijkgericht.budgets import selectors, workflow
from wijkgericht.budgets.models import DistrictShare, Result, Round
from wijkgericht.budgets.services import results
from wijkgericht.core.links import absolute_url
from wijkgericht.districts.api import ERRORS, NO_NUL, MunicipalityParam, municipality_or_404

router = Router(tags=["wijkbudget"])

RoundId = Annotated[int, Path(ge=1, le=2_147_483_647, examples=[1], description="id van de wijkbudgetronde")]
WijkParam = Annotated[str | None, Query(pattern=NO_NUL, max_length=20, examples=["WK048909"], description=(
    "CBS-code van de wijk: nodig bij een ronde voor de hele gemeente (met een deel per wijk)"))]


class DistrictRef(Schema):
    code: str
    name: str


class RoundOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    municipality: str
    district: DistrictRef | None
    phase: str
    method: str
    rule: str
    completion: str
    amount: int
    voting_from: str
    voting_until: str
    result_published: bool
    is_example: bool


class ProjectOut(Schema):
    id: str
    title: str
    district: str
    cost: int | None
    status: str
    on_ballot: bool
    votes: int | None
    url: str


class ShareOut(Schema):
    district: DistrictRef
    amount: int
    selected: list[str] | None
    ballots: int | None
    cost: int | None
    ballots_url: str | None


class RoundDetailOut(RoundOut):
    explanation: str
    realisation_from: str
    result_published_at: str | None
    shares: list[ShareOut]
    projects: list[ProjectOut]
    selected: list[str] | None


def _completion(round_: Round) -> str:
    return round_.completion if round_.rule == Round.Rule.MES else "none"


def _round(round_: Round) -> dict[str, Any]:
    district = round_.district
    return {
        "id": round_.pk, "title": round_.title, "slug": round_.slug, "url": absolute_url(selectors.round_path(round_)),
        "municipality": round_.municipality.code,
        "district": {"code": district.code, "name": district.name} if district else None,
        "phase": round_.phase, "method": round_.method, "rule": round_.rule, "completion": _completion(round_),
        "amount": round_.amount, "voting_from": round_.voting_from.isoformat(),
        "voting_until": round_.voting_until.isoformat(), "result_published": round_.result_published_at is not None,
        "is_example": round_.is_example,
    }


def _public_round(round_id: int) -> Round:
    round_ = Round.objects.select_related("municipality", "district").exclude(published_at=None).filter(
        pk=round_id).first()
    if round_ is None:
        raise HttpError(404, _("Wijkbudgetronde %d bestaat niet.") % round_id)
    return round_


@router.get("/budgets", response={200: list[RoundOut], **ERRORS}, summary="Wijkbudgetrondes")
def round_list(request: HttpRequest, municipality: MunicipalityParam = None) -> list[dict[str, Any]]:
    """The published district budget rounds of the municipality (default: the one of this site), newest first."""
    place = municipality_or_404(municipality)
    return [_round(r) for r in selectors.public_rounds(municipality=place)]


@router.get("/budgets/{round_id}", response={200: RoundDetailOut, **ERRORS}, summary="Eén wijkbudgetronde")
def round_detail(request: HttpRequest, round_id: RoundId) -> dict[str, Any]:
    """A round with its rules, its districts' shares and its projects. Once the result is published: `selected`
    (the chosen projects' ids, in the order the rule chose them, share by share), the votes per project and the
    address of each share's anonymous ballots in pabulib (`ballots_url`)."""
    round_ = _public_round(round_id)
    published = round_.result_published_at is not None
    shares = selectors.round_shares(round_)
    stored = {r.share_id: r for r in Result.objects.filter(share__round=round_)} if published else {}
    share_rows, projects, selected = [], [], []
    show_votes = published or not round_.hide_counts
    for share in shares:
        result = stored.get(share.pk)
        decisions = result.decisions if result else {}
        share_rows.append({
            "district": {"code": share.district.code, "name": share.district.name}, "amount": share.amount,
            "selected": list(result.selected) if result else None, "ballots": result.ballots if result else None,
            "cost": result.cost if result else None,
            "ballots_url": absolute_url(_ballots_path(round_, share, len(shares))) if result else None,
        })
        if result:
            selected.extend(result.selected)
        for proposal in selectors.public_proposals(share):
            pid = str(proposal.pk)
            on_ballot = proposal.status in (workflow.ADMITTED, workflow.SELECTED, workflow.NOT_SELECTED)
            projects.append({
                "id": pid, "title": proposal.item.title, "district": share.district.code, "cost": proposal.cost,
                "status": proposal.status, "on_ballot": on_ballot,
                "votes": decisions[pid]["voters"] if show_votes and pid in decisions else None,
                "url": absolute_url(selectors.proposal_path(proposal)),
            })
    return {
        **_round(round_), "explanation": round_.explanation, "realisation_from": round_.realisation_from.isoformat(),
        "result_published_at": round_.result_published_at.isoformat() if published else None,
        "shares": share_rows, "projects": projects, "selected": selected if published else None,
    }


def _ballots_path(round_: Round, share: DistrictShare, shares: int) -> str:
    path = f"/api/v1/budgets/{round_.pk}/ballots.pb"
    return f"{path}?wijk={share.district.code}" if shares > 1 else path


PB_DOC = {
    200: {
        "description": "pabulib (.pb, https://pabulib.org/format): META (met `rule` zoals pabulib die schrijft: "
                       "greedy, equalshares, equalshares/add1, equalshares/add1/utilitarian), PROJECTS (project_id = "
                       "de id's uit `selected`) en VOTES (de stembiljetten, zonder wie stemde)",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
}


@router.get("/budgets/{round_id}/ballots.pb", response=ERRORS, openapi_extra={"responses": PB_DOC},
            summary="De anonieme stembiljetten (pabulib)")
def round_ballots(request: HttpRequest, round_id: RoundId, wijk: WijkParam = None) -> HttpResponse:
    """The anonymous ballots of a round (of one district's share: `wijk`, needed when the round has a share per
    district; 400 names the codes) once the result is published (404 before). `python -m wijkgericht.voting
    tally FILE --rule … --completion …` with the round's rule gives the published `selected`."""
    round_ = _public_round(round_id)
    if round_.result_published_at is None:
        raise HttpError(404, _("De uitslag van deze ronde is nog niet bekend; de stembiljetten komen daarna."))
    shares = selectors.round_shares(round_)
    if wijk is None and len(shares) > 1:
        raise HttpError(400, _("Deze ronde heeft een deel per wijk. Kies de wijk met ?wijk=: %s.")
                        % ", ".join(s.district.code for s in shares))
    share = next((s for s in shares if wijk is None or s.district.code == wijk), None)
    if share is None:
        raise HttpError(404, _("Wijk %(code)s doet niet mee aan deze ronde. Wel: %(codes)s.")
                        % {"code": wijk, "codes": ", ".join(s.district.code for s in shares)})
    response = HttpResponse(results.ballots_pabulib(share), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="{round_.municipality.code}-{round_.slug}-'
                                       f'{share.district.code}.pb"')
    return response
