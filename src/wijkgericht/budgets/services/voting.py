"""Casting a ballot (issue #12 §3–4): who votes (an eligible account or a voting code), whether the ballot keeps the
round's rules, and one ballot per voter — enforced by the database (Voter's unique token per round), so two
submissions at the same moment, by threads, server processes or machines, store one ballot and tell the other that
it already voted. A round that allows changing one's ballot replaces the old one (found by its change key), never
adds a second.

Secrecy (models.py): the Voter row says only "this token voted" and where (for turnout); the Ballot row says only
what was chosen. They are written in the same transaction but share no key, no time and no order of ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkgericht.accounts.models import User
from wijkgericht.budgets import ballot_rules, hashing, turnout_groups, workflow
from wijkgericht.budgets.models import Ballot, DistrictShare, Proposal, Round, Voter, VotingCode
from wijkgericht.budgets.services.codes import code_for_voting, code_mark_used
from wijkgericht.budgets.services.common import euro
from wijkgericht.budgets.services.eligibility import eligibility
from wijkgericht.districts.models import Neighbourhood


class AlreadyVoted(ValidationError):
    """This voter's ballot is in already (and the round does not allow changing it): told kindly, not an error."""

    def __init__(self) -> None:
        super().__init__(_("U hebt al gestemd. Uw stem is geteld; u kunt maar één keer stemmen."),
                         code="already_voted")


@dataclass(frozen=True)
class Receipt:
    """That a ballot counted, and nothing of what was on it."""

    round_id: int
    replaced: bool  # a changed ballot replaced the voter's earlier one


def rules_for(share: DistrictShare) -> ballot_rules.BallotRules:
    round = share.round  # noqa: A001
    return ballot_rules.BallotRules(
        method=round.method, budget=share.amount, min_choices=round.min_choices, max_choices=round.max_choices,
        min_budget_share=round.min_budget_share if round.method == Round.Method.CART else 0,
        points_total=round.points_total if round.method == Round.Method.POINTS else None)


def ballot_projects(share: DistrictShare) -> list[Proposal]:
    """The proposals on the share's ballot (admitted, with the municipality's cost), by id."""
    return list(Proposal.objects.filter(share=share, status=workflow.ADMITTED).select_related("item", "item__theme")
                .order_by("pk"))


def project_costs(share: DistrictShare) -> dict[int, int]:
    return {pk: cost or 0 for pk, cost in Proposal.objects.filter(share=share, status=workflow.ADMITTED)
            .values_list("pk", "cost")}


def voting_is_open(round: Round, today=None) -> bool:  # noqa: A002
    return round.published_at is not None and workflow.voting_open(round.schedule, today or timezone.localdate())


def problem_text(problem: ballot_rules.Problem) -> str:
    """A ballot problem in plain Dutch."""
    n = problem.numbers
    match problem.code:
        case "too_few":
            return ngettext("Kies minstens %(min)d project. U koos er %(count)d.",
                            "Kies minstens %(min)d projecten. U koos er %(count)d.", n["min"]) % n
        case "too_many":
            return ngettext("U mag hoogstens %(max)d project kiezen. U koos er %(count)d.",
                            "U mag hoogstens %(max)d projecten kiezen. U koos er %(count)d.", n["max"]) % n
        case "over_budget":
            return _("Uw keuze kost %(total)s. Dat is %(over)s meer dan het budget van %(budget)s. Haal een project "
                     "weg.") % {"total": euro(n["total"]), "over": euro(n["over"]), "budget": euro(n["budget"])}
        case "under_min_share":
            return _("Uw keuze kost %(total)s. Besteed minstens %(needed)s (%(share)d%% van het budget).") % {
                "total": euro(n["total"]), "needed": euro(n["needed"]), "share": n["share"]}
        case "points_over":
            return ngettext("U gaf %(given)d punten, %(over)d punt te veel. U hebt er %(total)d.",
                            "U gaf %(given)d punten, %(over)d punten te veel. U hebt er %(total)d.",
                            n["over"]) % n
        case "points_not_all_used":
            return ngettext("Verdeel al uw %(total)d punten. Er is nog %(left)d punt over.",
                            "Verdeel al uw %(total)d punten. Er zijn nog %(left)d punten over.", n["left"]) % n
        case "unknown_project":
            return _("Een project dat u koos staat niet op dit stembiljet. Kies opnieuw.")
        case "not_positive":
            return _("Geef elk project dat u kiest een heel getal groter dan nul, en niet meer dan u hebt.")
        case "unreadable":
            return _("Een getal kon niet gelezen worden. Gebruik alleen de cijfers 0 tot en met 9.")
    return _("Er klopt iets niet aan uw stem.")


def ballot_problems(share: DistrictShare, choices: Mapping[int, int]) -> list[str]:
    """What is wrong with `choices` on the share's ballot, in Dutch (empty: it may be cast)."""
    return [problem_text(p) for p in ballot_rules.problems(rules_for(share), project_costs(share), choices)]


def _voter_share(round: Round, share: DistrictShare) -> None:  # noqa: A002
    if share.round_id != round.pk:
        raise PermissionDenied(_("Dit stembiljet hoort niet bij deze ronde."))


def ballot_cast(*, round: Round, share: DistrictShare, choices: Mapping[int, int],  # noqa: A002
                account: User | None = None, code: str | None = None) -> Receipt:
    """Cast one ballot for an eligible account or a valid code: all in one transaction (the voter, the ballot, the
    code used). AlreadyVoted when this voter's ballot is in and the round does not allow changing it; ValidationError
    for a ballot that breaks the round's rules; PermissionDenied for someone who may not vote here."""
    if (account is None) == (code is None):
        raise ValueError("A ballot is cast by an account or with a code, exactly one.")
    _voter_share(round, share)
    if not voting_is_open(round):
        raise PermissionDenied(_("Het stemmen is gesloten. U kunt nu niet stemmen."))
    neighbourhood: Neighbourhood | None = None
    if account is not None:
        allowed = eligibility(round, account)
        if not allowed.allowed:
            raise PermissionDenied(allowed.message)
        if allowed.share.pk != share.pk:
            raise PermissionDenied(_("U stemt op het budget van uw eigen wijk."))
        token, way, neighbourhood = hashing.voter_token(round.pk, account=account.pk), Voter.Way.ACCOUNT, \
            allowed.neighbourhood
    else:
        if not round.vote_with_code:
            raise PermissionDenied(_("In deze ronde stemt u met uw account, niet met een stemcode."))
        token, way = hashing.voter_token(round.pk, code=code), Voter.Way.CODE
    problems = ballot_problems(share, choices)
    if problems:
        raise ValidationError(problems, code="ballot_rules")
    payload = {str(pid): int(points) for pid, points in sorted(choices.items())}
    with transaction.atomic():
        used = None
        if code is not None:
            used = code_for_voting(round, code, for_update=True)
            if used is None:
                if Voter.objects.filter(round=round, token=token).exists():
                    raise AlreadyVoted()
                raise ValidationError(_("Deze stemcode kennen we niet, of hij is niet meer geldig. Kijk de code "
                                        "in uw brief na."), code="unknown_code")
            if used.share_id != share.pk:
                raise PermissionDenied(_("Deze stemcode hoort bij een andere wijk."))
            neighbourhood = used.neighbourhood
        replaced = _record(round, share, token, way, neighbourhood, payload)
        if used is not None and used.status != VotingCode.Status.USED:
            code_mark_used(used)
    return Receipt(round_id=round.pk, replaced=replaced)


def _record(round: Round, share: DistrictShare, token: str, way: str,  # noqa: A002
            neighbourhood: Neighbourhood | None, payload: dict[str, int]) -> bool:
    """Store the voter (unique per round: the database refuses a second) and the ballot; True when it replaced
    this voter's earlier ballot."""
    try:
        with transaction.atomic():  # a savepoint: the refused insert leaves the outer transaction usable
            Voter.objects.create(round=round, token=token, way=way, neighbourhood=neighbourhood)
        first = True
    except IntegrityError:
        first = False
    if not round.allow_change:
        if not first:
            raise AlreadyVoted()
        Ballot.objects.create(share=share, choices=payload)
        return False
    key = hashing.ballot_key(round.pk, token)
    if not first and Ballot.objects.filter(share__round=round, change_key=key).update(share=share,
                                                                                      choices=payload):
        return True
    Ballot.objects.create(share=share, choices=payload, change_key=key)
    return False


def has_voted(round: Round, *, account: User | None = None, code: str | None = None) -> bool:  # noqa: A002
    if (account is None) == (code is None):
        raise ValueError("An account or a code, exactly one.")
    token = hashing.voter_token(round.pk, account=account.pk) if account is not None else \
        hashing.voter_token(round.pk, code=code)
    return Voter.objects.filter(round=round, token=token).exists()


def current_choices(round: Round, *, account: User | None = None, code: str | None = None) -> dict[int, int]:  # noqa: A002
    """The voter's ballot as it stands, to change it (only in rounds that allow changing; else nothing)."""
    if not round.allow_change:
        return {}
    token = hashing.voter_token(round.pk, account=account.pk) if account is not None else \
        hashing.voter_token(round.pk, code=code)
    ballot = Ballot.objects.filter(share__round=round, change_key=hashing.ballot_key(round.pk, token)).first()
    return {int(k): int(v) for k, v in ballot.choices.items()} if ballot else {}


def turnout(round: Round) -> list[turnout_groups.Group]:  # noqa: A002
    """Voters per neighbourhood of the round's districts; a neighbourhood with fewer than
    turnout_groups.SMALLEST voters is shown together with a neighbouring one (so no small group stands out)."""
    counts = dict(Voter.objects.filter(round=round).order_by().values_list("neighbourhood_id")
                  .annotate(n=Count("id")).values_list("neighbourhood_id", "n"))
    districts = [s.district_id for s in round.shares.all()]
    areas = list(Neighbourhood.objects.filter(district_id__in=districts, year=round.municipality.division_year)
                 .order_by("code"))
    known = {a.pk for a in areas}
    areas += list(Neighbourhood.objects.filter(pk__in=[pk for pk in counts if pk is not None and pk not in known])
                  .order_by("code"))
    units = [turnout_groups.Unit(key=a.pk, name=a.name, voters=counts.get(a.pk, 0), geometry=a.geometry)
             for a in areas]
    return turnout_groups.add_unplaced(turnout_groups.merge_small(units), str(_("buurt onbekend")),
                                       counts.get(None, 0))
