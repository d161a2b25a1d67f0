"""Proposals: a resident submits one in the proposal phase, or the district team promotes a resident's item into
one; civil servants review it (feasible or not with a public reason, the municipality's cost, merged with a similar
one); it is admitted to the ballot only when the holder of its theme's portfolio answered an advice on the backing
item in its current consideration round (participation's rule and inbox); the count moves it to selected or not.

The backing item carries what the resident wrote and the advice; its supporters and followers are told of every
step (participation.audience.residents)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.budgets import permissions, selectors, workflow
from wijkgericht.budgets.models import PROPOSAL_STATUS_LABELS, DistrictShare, Proposal, ProposalChange, Round
from wijkgericht.budgets.services.common import euro, require
from wijkgericht.budgets.services.rounds import round_tick
from wijkgericht.core.text import clean_text
from wijkgericht.districts import lookup
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience
from wijkgericht.participation import services as items
from wijkgericht.participation import workflow as item_workflow
from wijkgericht.participation.models import Item, Theme

#: Item statuses from which the district team may promote an item: public and not yet decided.
PROMOTABLE = frozenset({item_workflow.PUBLISHED, item_workflow.UNDER_CONSIDERATION, item_workflow.COORDINATION,
                        item_workflow.REOPENED})
MAX_COST = 100_000_000  # € 100 million: a proposal's cost column holds far more, no district needs it

_REFUSALS = {
    "not_allowed": _("Een voorstel met de status ‘%(source)s’ kan niet naar ‘%(target)s’."),
    "count_only": _("Alleen de telling maakt een voorstel gekozen of niet gekozen."),
    "not_by_count": _("De telling kan een voorstel niet naar ‘%(target)s’ zetten."),
    "phase_closed": _("Beoordelen kan alleen in de fase ‘voorstellen indienen’ of ‘voorstellen beoordelen’. Het "
                      "stemmen is begonnen; de lijst ligt vast."),
    "advice_missing": _("Eerst moet de portefeuillehouder van het thema advies geven over dit voorstel. Vraag het "
                        "advies aan bij de inbreng; pas daarna kan het voorstel op het stembiljet."),
    "reason_required": _("Geef een reden; iedereen ziet die bij het voorstel."),
}


def _refusal(refused: workflow.TransitionRefused) -> ValidationError:
    labels = {"source": PROPOSAL_STATUS_LABELS.get(refused.source, refused.source),
              "target": PROPOSAL_STATUS_LABELS.get(refused.target, refused.target)}
    return ValidationError(_REFUSALS[refused.code] % labels, code=refused.code)


def _check_cost(value: int | None, share: DistrictShare, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value != int(value):
        raise ValidationError({field: _("Vul een bedrag in hele euro's in.")})
    value = int(value)
    if value < 1:
        raise ValidationError({field: _("Vul een bedrag in van € 1 of meer.")})
    if value > min(share.amount, MAX_COST):
        raise ValidationError({field: _("Dit is meer dan het hele budget van de wijk (%s). Maak het voorstel "
                                        "kleiner.") % euro(share.amount)})
    return value


def _tell(proposal: Proposal, *, event: str, actor: User | None, reason: str = "", **params: str) -> None:
    item = proposal.item
    if item.is_example:
        return
    notify(recipients=audience.residents(item), event=event,
           params={"title": item.title, "status": PROPOSAL_STATUS_LABELS[proposal.status], "reason": reason,
                   "round": proposal.share.round.title, **params},
           url=selectors.proposal_path(proposal), item=item, actor=actor)


def _record(proposal: Proposal, *, source: str, target: str, actor: User | None, reason: str = "") -> None:
    ProposalChange.objects.create(proposal=proposal, source=source, target=target, actor=actor, reason=reason)


@transaction.atomic
def proposal_submit(*, share: DistrictShare, author: User, title: str, description: str, theme: Theme,
                    lat: float | None = None, lon: float | None = None, estimated_cost: int | Decimal,
                    submission_key: uuid.UUID | None = None) -> Proposal:
    """A resident's proposal in the proposal phase: the backing item (asking a decision and the estimated amount)
    and the proposal. `lat`/`lon` None: for the whole district (the district's own point). The same form sent
    twice (`submission_key`) gives back the first proposal."""
    if submission_key is not None:
        existing = Proposal.objects.filter(item__submission_key=submission_key, item__author=author).first()
        if existing is not None:
            return existing
    round = round_tick(share.round)
    items.require_resident(author)
    if round.phase != workflow.PROPOSALS:
        raise ValidationError(_("U kunt nu geen voorstel indienen: dat kan alleen in de fase ‘voorstellen "
                                "indienen’."), code="phase_closed")
    estimated_cost = _check_cost(estimated_cost, share, "estimated_cost")
    if estimated_cost is None:
        raise ValidationError({"estimated_cost": _("Vul in wat het ongeveer kost.")})
    if (lat is None) != (lon is None):
        raise ValidationError({"location": _("Kies een plek op de kaart, of ‘de hele wijk’.")})
    if lat is None:
        point = selectors.district_point(share.district)
        if point is None:
            raise ValidationError({"location": _("Van deze wijk is de grens niet bekend; kies een plek.")})
        lat, lon = point
    place = lookup.place_at(municipality=round.municipality, lat=lat, lon=lon)
    if place is None or place.district_id != share.district_id:
        raise ValidationError({"location": _("Deze plek ligt niet in de wijk %s. Kies een plek in de wijk.")
                               % share.district.name})
    item = items.item_submit(author=author, municipality=round.municipality, kind=Item.Kind.INITIATIVE, title=title,
                             description=description, theme=theme, lat=lat, lon=lon, needs_decision=True,
                             amount_requested=Decimal(estimated_cost), submission_key=submission_key)
    existing = Proposal.objects.filter(item=item).first()
    if existing is not None:  # the same form raced itself: the item was the other request's
        return existing
    proposal = Proposal.objects.create(share=share, item=item)
    _record(proposal, source="", target=workflow.SUBMITTED, actor=author)
    return proposal


@transaction.atomic
def proposal_promote(*, item: Item, share: DistrictShare, actor: User | None) -> Proposal:
    """The district team makes a resident's item a proposal of this share (its district, proposal or review
    phase). The item now asks a decision, so the coordination rule holds for it."""
    locked = Item.objects.select_for_update(of=("self",)).select_related("theme", "district").get(pk=item.pk)
    require(actor, permissions.PROMOTE, municipality_id=locked.municipality_id, district_id=locked.district_id)
    round = round_tick(share.round)
    if round.published_at is None or round.phase not in workflow.REVIEW_PHASES:
        raise ValidationError(_("Deze ronde neemt nu geen voorstellen aan."), code="phase_closed")
    if share.district_id != locked.district_id:
        raise ValidationError(_("Deze inbreng hoort bij een andere wijk dan dit deel van de ronde."),
                              code="other_district")
    if Proposal.objects.filter(item=locked).exists():
        raise ValidationError(_("Deze inbreng is al een voorstel."), code="already")
    if locked.merged_into_id or locked.status not in PROMOTABLE:
        raise ValidationError(_("Alleen openbare inbreng waarover nog niet besloten is, kan een voorstel worden."),
                              code="not_open")
    if not locked.needs_decision:
        locked.needs_decision = True
        locked.save(update_fields=["needs_decision"])
    proposal = Proposal.objects.create(share=share, item=locked)
    _record(proposal, source="", target=workflow.SUBMITTED, actor=actor,
            reason=_("Door het wijkteam van inbreng een voorstel gemaakt."))
    public_pages_changed(locked.municipality_id)
    _tell(proposal, event="budget.proposal_promoted", actor=actor)
    return proposal


@transaction.atomic
def proposal_review(*, proposal: Proposal, actor: User | None, target: str, reason: str = "", cost: int | None = None,
                    into: Proposal | None = None) -> Proposal:
    """A review step: feasible (with the municipality's cost), not feasible (reason), merged `into` a similar
    proposal (reason), withdrawn, admitted to the ballot (cost, and the portfolio holder's current advice), or taken
    off the ballot again (back to feasible). The author may withdraw their own proposal."""
    locked = Proposal.objects.select_for_update(of=("self",)).select_related(
        "share", "share__round", "share__district", "item", "item__theme").get(pk=proposal.pk)
    share = locked.share
    own = actor is not None and target == workflow.WITHDRAWN and locked.item.author_id == actor.pk
    if not own:
        require(actor, permissions.REVIEW, municipality_id=share.round.municipality_id,
                district_id=share.district_id)
    round = round_tick(share.round)
    cost = _check_cost(cost, share, "cost")
    if cost is not None:
        locked.cost = cost
    if target in (workflow.FEASIBLE, workflow.ADMITTED) and locked.cost is None:
        raise ValidationError({"cost": _("Vul in wat het volgens de gemeente kost.")})
    reason = reason.strip() and clean_text(reason, max_length=2000, field="reason")
    try:
        workflow.check_proposal(locked.status, target, phase=round.phase, reason=reason,
                                advice_answered=selectors.advice_answered(locked.item))
    except workflow.TransitionRefused as refused:
        raise _refusal(refused) from refused
    if target == workflow.MERGED:
        _merge(locked, into, actor=actor, reason=reason)
    source = locked.status
    locked.status = target
    locked.reason = reason
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "reason", "cost", "status_changed_at", "merged_into"])
    _record(locked, source=source, target=target, actor=actor, reason=reason)
    public_pages_changed(round.municipality_id)
    extra = {"cost": euro(locked.cost)} if target in (workflow.FEASIBLE, workflow.ADMITTED) else {}
    if target == workflow.MERGED and into is not None:
        extra["into_title"] = into.item.title
    _tell(locked, event=f"budget.proposal_{target}", actor=actor, reason=reason, **extra)
    return locked


def _merge(proposal: Proposal, into: Proposal | None, *, actor: User | None, reason: str) -> None:
    """Merge into a similar open proposal of the same share; the items merge too (supporters, followers and the
    request go along; an item in coordination goes back to the team: the advice is asked again about the whole)."""
    if into is None:
        raise ValidationError({"into": _("Kies het voorstel waarmee dit wordt samengevoegd.")})
    into = Proposal.objects.select_for_update(of=("self",)).select_related("item").get(pk=into.pk)
    if into.pk == proposal.pk or into.share_id != proposal.share_id:
        raise ValidationError({"into": _("Kies een ander voorstel uit dezelfde wijk en ronde.")})
    if into.status not in (workflow.SUBMITTED, workflow.FEASIBLE):
        raise ValidationError({"into": _("Dat voorstel is al beoordeeld of afgerond; kies een ander.")})
    items.item_merge(duplicate=proposal.item, into=into.item, actor=actor, reason=reason)
    proposal.merged_into = into


def proposal_withdraw(*, proposal: Proposal, actor: User) -> Proposal:
    """The author takes their proposal back (before the review is done)."""
    if proposal.item.author_id != actor.pk:
        raise PermissionDenied(_("Alleen wie het voorstel indiende, kan het intrekken."))
    return proposal_review(proposal=proposal, actor=actor, target=workflow.WITHDRAWN)


@transaction.atomic
def proposal_count_outcome(*, proposal: Proposal, selected: bool, explanation: str) -> Proposal:
    """The count's outcome (called when the result is published): selected or not, with the explanation as public
    reason; the backing item is accepted or declined with it, and supporters and followers are told."""
    locked = Proposal.objects.select_for_update(of=("self",)).select_related(
        "share", "share__round", "item").get(pk=proposal.pk)
    target = workflow.SELECTED if selected else workflow.NOT_SELECTED
    if locked.status == target:
        return locked
    try:
        workflow.check_proposal(locked.status, target, phase=locked.share.round.phase, by_count=True)
    except workflow.TransitionRefused as refused:
        raise _refusal(refused) from refused
    source = locked.status
    locked.status = target
    locked.reason = explanation
    locked.status_changed_at = timezone.now()
    locked.save(update_fields=["status", "reason", "status_changed_at"])
    _record(locked, source=source, target=target, actor=None, reason=explanation)
    item = locked.item
    if item.status in (item_workflow.COORDINATION, item_workflow.UNDER_CONSIDERATION) and not item.merged_into_id:
        items.item_transition(item=item, actor=None,
                              target=item_workflow.ACCEPTED if selected else item_workflow.DECLINED,
                              reason=explanation or str(PROPOSAL_STATUS_LABELS[target]))
    public_pages_changed(locked.share.round.municipality_id)
    _tell(locked, event=f"budget.proposal_{target}", actor=None, reason=explanation)
    return locked


def proposal_for_item(item: Item) -> Proposal | None:
    return Proposal.objects.filter(item=item).select_related("share__round").first()


def share_of(round: Round, district_id: int) -> DistrictShare | None:
    return round.shares.filter(district_id=district_id).select_related("district", "round").first()
