"""The ballot (issue #12 §4): choose projects, check the choice, cast it, get a receipt.

Works without JavaScript: the form posts back to itself to recompute the cart ("Bereken opnieuw") and to go on to
the check page ("Verder"), which shows the ballot before it is cast and sends it with one more press. With
JavaScript (budgets/ballot.js) the budget meter follows every tick and is announced to screen readers (aria-live);
nothing else depends on it. The check page and the cast carry the choice in the form itself, so no session holds
what anyone chose. Who votes: an eligible signed-in resident (services/eligibility.py) or the voting code in the
session (pages/codes.py). Counts stay hidden on every page of the ballot.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkgericht.budgets import ballot_rules
from wijkgericht.budgets.models import DistrictShare, Proposal, Round
from wijkgericht.budgets.pages.codes import forget_code, session_code
from wijkgericht.budgets.services import eligibility as elig
from wijkgericht.budgets.services import voting
from wijkgericht.budgets.services.codes import code_for_voting
from wijkgericht.budgets.services.common import euro
from wijkgericht.budgets.services.rounds import round_tick
from wijkgericht.districts.paths import page_path
from wijkgericht.frame.context import base_context, municipality_or_404

NAV = "budgets"
ORDER_KEY = "budgets_order_seed"   # one random seed per session: the voter's own order of the projects
VOTED_KEY = "budgets_voted"        # round ids this session cast a ballot in (for the receipt page only)


class Voter:
    """Who is at the ballot: an eligible account, or a voting code from the session; else why not."""

    def __init__(self, share: DistrictShare | None = None, account: Any = None, code: str | None = None,
                 reason: str = "", already: bool = False):
        self.share, self.account, self.code, self.reason, self.already = share, account, code, reason, already

    @property
    def identity(self) -> dict[str, Any]:
        return {"account": self.account} if self.account is not None else {"code": self.code}


def _round(municipality: str | None, slug: str) -> Round:
    place = municipality_or_404(municipality)
    found = (Round.objects.filter(municipality=place, slug=slug).exclude(published_at=None)
             .select_related("municipality", "district").first())
    if found is None:
        raise Http404(_("Deze ronde bestaat niet of is nog niet openbaar."))
    return round_tick(found)


def _voter(request: HttpRequest, round: Round, *, casting: bool = False) -> Voter:  # noqa: A002
    """`casting`: for the cast itself, which finds out "already voted" by the database's refusal (no query first)."""
    allowed = elig.eligibility(round, request.user)
    if allowed.allowed:
        return Voter(allowed.share, account=request.user,
                     already=not casting and voting.has_voted(round, account=request.user))
    if round.vote_with_code:
        code = session_code(request, round)
        if code:
            found = code_for_voting(round, code, for_update=False)
            if found is not None:
                return Voter(found.share, code=code, already=not casting and voting.has_voted(round, code=code))
            if voting.has_voted(round, code=code):
                return Voter(None, code=code, already=True)
            forget_code(request, round)
    return Voter(None, reason=allowed.message)


def _paths(round: Round) -> dict[str, str]:  # noqa: A002
    place, slug = round.municipality, round.slug
    return {name: page_path(f"budgets:{name}", place, round_slug=slug)
            for name in ("round", "ballot", "ballot_cast", "ballot_receipt", "ballot_already", "code_entry")}


def _seed(request: HttpRequest, round: Round) -> str:  # noqa: A002
    seed = request.session.get(ORDER_KEY)
    if not seed:
        seed = request.session[ORDER_KEY] = secrets.token_hex(8)
    return f"{seed}:{round.pk}"


def _projects(request: HttpRequest, round: Round, share: DistrictShare) -> list[Proposal]:  # noqa: A002
    projects = voting.ballot_projects(share)
    if round.random_order:
        by_id = {p.pk: p for p in projects}
        return [by_id[pid] for pid in ballot_rules.voter_order(by_id, _seed(request, round))]
    return sorted(projects, key=lambda p: p.item.title.casefold())


def _choices(request: HttpRequest, round: Round) -> tuple[dict[int, int], bool]:  # noqa: A002
    points = {key.removeprefix("punten-"): value for key, value in request.POST.items()
              if key.startswith("punten-")}
    return ballot_rules.parse_choices(round.method, request.POST.getlist("project"), points)


def _summary(round: Round, share: DistrictShare, projects: list[Proposal],  # noqa: A002
             choices: dict[int, int]) -> dict[str, Any]:
    rules = voting.rules_for(share)
    costs = {p.pk: p.cost or 0 for p in projects}
    total = ballot_rules.total_cost(costs, choices)
    given = sum(v for pid, v in choices.items() if pid in costs and v > 0)
    count = sum(1 for pid, v in choices.items() if pid in costs and v > 0)
    return {
        "rules": rules, "total": total, "total_text": euro(total), "budget_text": euro(share.amount),
        "left": share.amount - total, "left_text": euro(abs(share.amount - total)), "over": total > share.amount,
        "count": count, "given": given, "points_left": (rules.points_total or 0) - given,
        "points_over": max(0, given - (rules.points_total or 0)),
        "min_spend_text": euro(rules.min_spend) if rules.min_spend else "",
    }


def _rows(projects: list[Proposal], choices: dict[int, int]) -> list[dict[str, Any]]:
    from wijkgericht.budgets.selectors import proposal_path

    return [{"proposal": p, "cost_text": euro(p.cost or 0), "chosen": choices.get(p.pk, 0) > 0,
             "points": choices.get(p.pk, ""), "url": proposal_path(p)} for p in projects]


def _page(request: HttpRequest, round: Round, template: str, status: int = 200,  # noqa: A002
          **extra: Any) -> HttpResponse:
    context = base_context(round.municipality, NAV)
    context.update({"round": round, "urls": _paths(round),
                    "method": round.method, **extra})
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _closed_or_refused(request: HttpRequest, round: Round, voter: Voter) -> HttpResponse | None:  # noqa: A002
    if not voting.voting_is_open(round):
        return _page(request, round, "budgets/ballot_closed.html")
    if voter.already and not round.allow_change:
        return redirect(_paths(round)["ballot_already"])
    if voter.share is None:
        login = f"{reverse('accounts:login')}?{urlencode({'next': _paths(round)['ballot']})}"
        return _page(request, round, "budgets/ballot_who.html", reason=voter.reason, login_url=login,
                     signed_in=request.user.is_authenticated, status=403 if request.method == "POST" else 200)
    return None


def _ballot_form(request: HttpRequest, round: Round, voter: Voter, choices: dict[int, int],  # noqa: A002
                 problems: list[str], status: int = 200) -> HttpResponse:
    projects = _projects(request, round, voter.share)
    return _page(request, round, "budgets/ballot.html", status=status, share=voter.share,
                 rows=_rows(projects, choices), summary=_summary(round, voter.share, projects, choices),
                 problems=problems, changing=voter.already and round.allow_change)


def ballot(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    """The ballot: GET shows it (in rounds that allow changing, with the voter's current choice); POST recomputes
    (action=recompute), goes back to edit (action=edit) or on to the check page (action=review)."""
    found = _round(municipality, round_slug)
    voter = _voter(request, found)
    refused = _closed_or_refused(request, found, voter)
    if refused is not None:
        return refused
    if request.method != "POST":
        current = voting.current_choices(found, **voter.identity) if voter.already else {}
        return _ballot_form(request, found, voter, current, [])
    choices, unreadable = _choices(request, found)
    problems = voting.ballot_problems(voter.share, choices)
    if unreadable:
        problems.insert(0, voting.problem_text(ballot_rules.Problem("unreadable")))
    action = request.POST.get("action", "")
    if action != "review" or problems:
        return _ballot_form(request, found, voter, choices, problems if action == "review" or unreadable else [],
                            status=400 if action == "review" and problems else 200)
    projects = voting.ballot_projects(voter.share)
    chosen = [row for row in _rows(projects, choices) if row["chosen"]]
    return _page(request, found, "budgets/ballot_confirm.html", share=voter.share, rows=chosen,
                 summary=_summary(found, voter.share, projects, choices),
                 changing=voter.already and found.allow_change)


@require_POST
def ballot_cast(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    """Cast the checked ballot; then the receipt, or — for a second press — the kind "you already voted"."""
    found = _round(municipality, round_slug)
    voter = _voter(request, found, casting=True)
    refused = _closed_or_refused(request, found, voter)
    if refused is not None:
        return refused
    choices, unreadable = _choices(request, found)
    try:
        if unreadable:
            raise ValidationError(voting.problem_text(ballot_rules.Problem("unreadable")))
        voting.ballot_cast(round=found, share=voter.share, choices=choices, **voter.identity)
    except voting.AlreadyVoted:
        return redirect(_paths(found)["ballot_already"])
    except PermissionDenied as exc:
        return _page(request, found, "budgets/ballot_who.html", reason=str(exc), status=403,
                     signed_in=request.user.is_authenticated, login_url="")
    except ValidationError as exc:
        return _ballot_form(request, found, voter, choices, list(exc.messages), status=400)
    if voter.code:
        forget_code(request, found)
    voted = set(request.session.get(VOTED_KEY, []))
    request.session[VOTED_KEY] = sorted(voted | {found.pk})
    return redirect(_paths(found)["ballot_receipt"])


def ballot_receipt(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    """That the ballot counted; nothing of what was on it."""
    found = _round(municipality, round_slug)
    if found.pk not in request.session.get(VOTED_KEY, []):
        return redirect(_paths(found)["ballot"])
    return _page(request, found, "budgets/ballot_receipt.html", already=False)


def ballot_already(request: HttpRequest, round_slug: str, municipality: str | None = None) -> HttpResponse:
    """A second ballot of the same voter: told kindly that the first one counts."""
    found = _round(municipality, round_slug)
    return _page(request, found, "budgets/ballot_receipt.html", already=True)
