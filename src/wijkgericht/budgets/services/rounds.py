"""Rounds: create, change and publish a round (amount, shares per district, phase dates, method, rule, ballot rules,
who may vote), and move rounds through their phases by date (`rounds_advance` from the periodic task and the
command, `round_tick` on page load for the embedded default without a task runner).

The rules are fixed and published before voting opens: `round_publish` is refused once the voting date has come,
and `round_update` refuses every change once the round is in voting or later (workflow.RULES_FROZEN)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.budgets import permissions, workflow
from wijkgericht.budgets.models import DistrictShare, Proposal, Round
from wijkgericht.budgets.selectors import proposal_path
from wijkgericht.budgets.services.common import MAX_AMOUNT, euro, require
from wijkgericht.core import dates
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience

log = logging.getLogger(__name__)

#: The fields a round's manager sets (besides municipality, district and shares).
FIELDS = ("title", "slug", "explanation", "amount", "proposals_from", "review_from", "voting_from", "voting_until",
          "realisation_from", "method", "min_choices", "max_choices", "min_budget_share", "points_total", "rule",
          "completion", "allow_change", "random_order", "hide_counts", "min_age", "include_workers",
          "vote_with_account", "vote_with_code", "is_example")
DATE_FIELDS = ("proposals_from", "review_from", "voting_from", "voting_until", "realisation_from")
MAX_POINTS = 1000
MAX_CHOICES = 500

_DATE_PROBLEMS = {
    "review_before_proposals": ("review_from", _("Het beoordelen begint na de eerste dag van het indienen.")),
    "voting_before_review": ("voting_from", _("Het stemmen begint niet voor het beoordelen.")),
    "voting_ends_before_it_starts": ("voting_until", _("Het stemmen eindigt niet voor het begint.")),
    "realisation_before_voting_ends": ("realisation_from", _("De uitvoering begint na de laatste stemdag.")),
}


def today() -> dt.date:
    return timezone.localdate()


def _number(errors: dict[str, list[str]], field: str, value: Any, *, low: int, high: int, text: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors.setdefault(field, []).append(text)


def round_check(round: Round, shares: Mapping[int, int] | None = None) -> None:
    """The settings' rules for an unsaved or changed round (the admin's form); `shares` None: not checked here
    (the admin edits them inline; publishing checks them). Refused once voting opened."""
    if round.pk is not None:
        _refuse_when_frozen(Round.objects.get(pk=round.pk))
    try:
        _check(round, shares if shares is not None else {0: 0})
    except ValidationError as exc:
        if shares is None:
            errors = {k: v for k, v in exc.message_dict.items() if k != "shares"}
            if errors:
                raise ValidationError(errors) from exc
            return
        raise


def _check(round: Round, shares: Mapping[int, int]) -> None:
    """Every rule of a round's settings, as one ValidationError per field (Dutch, for the form or the admin)."""
    errors: dict[str, list[str]] = {}
    _number(errors, "amount", round.amount, low=1, high=MAX_AMOUNT,
            text=_("Vul een budget in van € 1 tot %s.") % euro(MAX_AMOUNT))
    if round.amount is None:
        errors.setdefault("amount", []).append(_("Vul een budget in."))
    if any(getattr(round, name) is None for name in DATE_FIELDS):
        errors.setdefault("proposals_from", []).append(_("Vul alle datums in."))
    else:
        for code in round.schedule.problems():
            field, text = _DATE_PROBLEMS[code]
            errors.setdefault(field, []).append(str(text))
    if round.method not in Round.Method.values:
        errors.setdefault("method", []).append(_("Kies een manier van stemmen."))
    if round.rule not in Round.Rule.values:
        errors.setdefault("rule", []).append(_("Kies een telregel."))
    if round.completion not in Round.Completion.values:
        errors.setdefault("completion", []).append(_("Kies een aanvulling."))
    elif round.rule == Round.Rule.GREEDY and round.completion != Round.Completion.NONE:
        errors.setdefault("completion", []).append(_("Meeste stemmen eerst heeft geen aanvulling; kies ‘geen "
                                                     "aanvulling’."))
    _number(errors, "min_choices", round.min_choices, low=0, high=MAX_CHOICES,
            text=_("Vul een aantal in van 0 tot %d.") % MAX_CHOICES)
    _number(errors, "max_choices", round.max_choices, low=1, high=MAX_CHOICES,
            text=_("Vul een aantal in van 1 tot %d.") % MAX_CHOICES)
    if (isinstance(round.max_choices, int) and isinstance(round.min_choices, int)
            and round.max_choices < round.min_choices):
        errors.setdefault("max_choices", []).append(_("Het maximum is kleiner dan het minimum."))
    if round.method == Round.Method.APPROVAL and not round.max_choices:
        errors.setdefault("max_choices", []).append(_("Bij deze manier van stemmen hoort een maximum aantal "
                                                      "projecten."))
    _number(errors, "min_budget_share", round.min_budget_share, low=0, high=100,
            text=_("Vul een percentage in van 0 tot 100."))
    if round.method == Round.Method.POINTS:
        if not round.points_total:
            errors.setdefault("points_total", []).append(_("Vul in hoeveel punten elke stemmer verdeelt."))
        _number(errors, "points_total", round.points_total, low=1, high=MAX_POINTS,
                text=_("Vul een aantal punten in van 1 tot %d.") % MAX_POINTS)
    _number(errors, "min_age", round.min_age, low=0, high=120, text=_("Vul een leeftijd in van 0 tot 120."))
    if not (round.vote_with_account or round.vote_with_code):
        errors.setdefault("vote_with_account", []).append(_("Kies minstens één manier om te stemmen: met een "
                                                            "account of met een stemcode."))
    if not round.slug:
        errors.setdefault("slug", []).append(_("Vul een korte naam in (letters, cijfers en streepjes)."))
    elif Round.objects.filter(municipality_id=round.municipality_id, slug=round.slug).exclude(pk=round.pk).exists():
        errors.setdefault("slug", []).append(_("Deze korte naam heeft al een andere ronde."))
    _check_shares(errors, round, shares)
    if errors:
        raise ValidationError(errors)


def _check_shares(errors: dict[str, list[str]], round: Round, shares: Mapping[int, int]) -> None:
    if not shares:
        errors.setdefault("shares", []).append(_("Kies minstens één wijk."))
        return
    known = set(District.objects.filter(municipality_id=round.municipality_id, pk__in=list(shares))
                .values_list("pk", flat=True))
    if known != set(shares):
        errors.setdefault("shares", []).append(_("Een wijk hoort niet bij deze gemeente."))
    if round.district_id is not None and set(shares) != {round.district_id}:
        errors.setdefault("shares", []).append(_("Een ronde van één wijk heeft alleen een deel voor die wijk."))
    if any(isinstance(a, bool) or not isinstance(a, int) or not 1 <= a <= MAX_AMOUNT for a in shares.values()):
        errors.setdefault("shares", []).append(_("Geef elke wijk een budget van € 1 of meer."))
    elif isinstance(round.amount, int) and sum(shares.values()) != round.amount:
        errors.setdefault("shares", []).append(
            _("De delen van de wijken zijn samen %(sum)s; dat moet gelijk zijn aan het budget, %(amount)s.")
            % {"sum": euro(sum(shares.values())), "amount": euro(round.amount)})


def _apply(round: Round, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("title", "explanation") and isinstance(value, str):
            value = clean_text(value, max_length=120 if name == "title" else 3000, field=name,
                               required=name == "title")
        setattr(round, name, value)


def _share_ids(shares: Mapping[Any, int] | None, round: Round) -> dict[int, int]:
    if shares is None:
        if round.district_id is None:
            return {}
        return {round.district_id: round.amount}
    return {getattr(k, "pk", k): v for k, v in shares.items()}


def _save_shares(round: Round, shares: Mapping[int, int]) -> None:
    existing = {s.district_id: s for s in round.shares.all()}
    for district_id, amount in shares.items():
        share = existing.pop(district_id, None)
        if share is None:
            DistrictShare.objects.create(round=round, district_id=district_id, amount=amount)
        elif share.amount != amount:
            share.amount = amount
            share.save(update_fields=["amount"])
    for share in existing.values():  # a district taken out: only while it has no proposals
        if share.proposals.exists():
            raise ValidationError({"shares": _("De wijk %s heeft al voorstellen; haal die eerst weg.")
                                   % share.district.name})
        share.delete()


@transaction.atomic
def round_create(*, municipality: Municipality, actor: User | None, district: District | None = None,
                 shares: Mapping[Any, int] | None = None, **fields: Any) -> Round:
    """A new round (in preparation, not public until `round_publish`). A district round (`district`) gets one share
    with the whole amount; a municipality round needs `shares`: {district (or its id): amount}, adding up to it."""
    require(actor, permissions.MANAGE, municipality_id=municipality.pk)
    round = Round(municipality=municipality, district=district)
    _apply(round, fields)
    ids = _share_ids(shares, round)
    _check(round, ids)
    round.save()
    _save_shares(round, ids)
    return round


@transaction.atomic
def round_update(*, round: Round, actor: User | None, shares: Mapping[Any, int] | None = None,
                 **fields: Any) -> Round:
    """Change a round's settings; refused once voting has opened (the rules voters saw stay the rules)."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    require(actor, permissions.MANAGE, municipality_id=locked.municipality_id)
    _refuse_when_frozen(locked)
    _apply(locked, fields)
    ids = _share_ids(shares, locked) if shares is not None or locked.district_id else {
        s.district_id: s.amount for s in locked.shares.all()}
    _check(locked, ids)
    if locked.published_at is not None:
        target = workflow.phase_on(locked.schedule, today(), result_published=locked.result_published_at is not None)
        if workflow.PHASES.index(target) < workflow.PHASES.index(locked.phase):
            raise ValidationError({"proposals_from": _("Met deze datums gaat de ronde terug naar een eerdere fase; "
                                                       "dat kan niet.")})
        if target in workflow.RULES_FROZEN:
            raise ValidationError({"voting_from": _("Met deze datums gaat het stemmen meteen open. Kies een "
                                                    "stemdatum na vandaag.")})
    locked.save()
    _save_shares(locked, ids)
    if locked.published_at is not None:
        public_pages_changed(locked.municipality_id)
    return locked


def _refuse_when_frozen(round: Round) -> None:
    phase = round.phase
    if round.published_at is not None:
        phase = max(phase, workflow.phase_on(round.schedule, today(), result_published=False),
                    key=workflow.PHASES.index)
    if phase in workflow.RULES_FROZEN:
        raise ValidationError(_("Het stemmen is al begonnen. De regels van deze ronde liggen vast en kunnen niet "
                                "meer veranderen."), code="frozen")


@transaction.atomic
def round_publish(*, round: Round, actor: User | None) -> Round:
    """Make the round and its rules public. Only before voting opens: voters must be able to read the rules first."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    require(actor, permissions.MANAGE, municipality_id=locked.municipality_id)
    if locked.published_at is not None:
        return locked
    _check(locked, {s.district_id: s.amount for s in locked.shares.all()})
    if locked.voting_from <= today():
        raise ValidationError(_("Het stemmen zou meteen beginnen. Publiceer de ronde voor de eerste stemdag, "
                                "zodat iedereen de regels vooraf kan lezen; kies anders latere datums."),
                              code="too_late")
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    _move(locked, today())
    public_pages_changed(locked.municipality_id)
    return locked


def _publish_result(round: Round) -> None:
    """The count (B4's results service) once voting has closed. Until that module exists the round waits."""
    try:
        from wijkgericht.budgets.services import results
    except ImportError:  # pragma: no cover - the result service arrives with its own part of the issue
        log.warning("budget round %s: voting closed but there is no result service", round.pk)
        return
    results.result_publish_soon(round)  # in the worker on production; here and now without a broker


def _move(round: Round, day: dt.date) -> bool:
    """Move the (locked, published) round to its phase on `day`; True when it moved."""
    target = workflow.phase_on(round.schedule, day, result_published=round.result_published_at is not None)
    if workflow.PHASES.index(target) <= workflow.PHASES.index(round.phase):  # never back (a clock behind)
        return False
    steps = workflow.phase_path(round.phase, target)
    round.phase = target
    round.save(update_fields=["phase"])
    public_pages_changed(round.municipality_id)
    if workflow.VOTING in steps and not round.is_example:
        _tell_voting_open(round)
    return True


def _tell_voting_open(round: Round) -> None:
    for proposal in Proposal.objects.filter(share__round=round, status=workflow.ADMITTED).select_related(
            "item", "share__round__municipality", "share__district"):
        notify(recipients=audience.residents(proposal.item), event="budget.voting_open",
               params={"title": proposal.item.title, "round": round.title,
                       "until": dates.day(round.voting_until)},
               url=proposal_path(proposal), item=proposal.item)


def round_tick(round: Round, today_: dt.date | None = None) -> Round:
    """Bring one round up to date: its phase by date, and the result once voting has closed. Cheap when nothing is
    due (no lock, no write), so pages call it on every load."""
    day = today_ or today()
    if round.published_at is None:
        return round
    due_result = workflow.voting_closed(round.schedule, day) and round.result_published_at is None
    target = workflow.phase_on(round.schedule, day, result_published=round.result_published_at is not None)
    if workflow.PHASES.index(target) <= workflow.PHASES.index(round.phase) and not due_result:
        return round
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        _move(locked, day)
        if workflow.voting_closed(locked.schedule, day) and locked.result_published_at is None:
            _publish_result(locked)
            locked.refresh_from_db()
            _move(locked, day)
    return locked


def rounds_advance(today: dt.date | None = None) -> int:
    """Move every published round on by date (the periodic task and `wijkgericht budgets_advance`); how many
    rounds moved or got their result."""
    day = today or globals()["today"]()
    moved = 0
    for round in Round.objects.exclude(published_at=None).exclude(phase=workflow.REALISATION):
        before = (round.phase, round.result_published_at)
        after = round_tick(round, day)
        moved += (after.phase, after.result_published_at) != before
    return moved
