"""Writes of resident items. Each service owns its transaction, locks the item it changes, records every status
change as a new row, checks the actor's permission on the item itself, and tells whom it concerns.

The acting user is passed explicitly; `actor=None` is the system itself (imports, Open311, the demo loader), which
needs no role.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.core.text import clean_text
from wijkgericht.districts import lookup
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.districts.paths import page_path
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.governance.selectors import holds_portfolio
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience, permissions, selectors, workflow
from wijkgericht.participation.models import (
    STATUS_LABELS,
    AdviceRequest,
    Follow,
    Item,
    Photo,
    ResponseTerm,
    StatusChange,
    Support,
    Theme,
)
from wijkgericht.participation.terms import add_working_days


def item_submit(
    *,
    author: User | None,
    municipality: Municipality,
    kind: str,
    title: str,
    description: str,
    theme: Theme,
    lat: float,
    lon: float,
    needs_decision: bool = False,
    amount_requested: Decimal | None = None,
    submission_key: uuid.UUID | None = None,
    is_example: bool = False,
    photos: Sequence[tuple[ContentFile, str]] = (),
) -> Item:
    """File a resident item at a point; its district and neighbourhood come from the point lookup.

    Submitting the same form twice (same `submission_key`) gives back the first item instead of a duplicate.
    `photos` are (file, description) pairs already checked and re-encoded by `core.images.photo_process`.
    """
    if submission_key is not None:
        existing = Item.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if author is not None:
        require_resident(author)
    if kind not in Item.Kind.values:
        raise ValidationError({"kind": _("Kies of het een idee, een melding of een bewonersinitiatief is.")})
    if theme.municipality_id != municipality.pk:
        raise ValidationError({"theme": _("Dit thema hoort niet bij deze gemeente.")})
    place = lookup.place_at(municipality=municipality, lat=lat, lon=lon)
    if place is None or place.district_id is None:
        raise ValidationError({"location": _("Deze plek ligt niet in gemeente %s. Kies een plek binnen de "
                                             "gemeente.") % municipality.name})
    fields = {
        "author": author, "municipality": municipality, "kind": kind,
        "title": clean_text(title, max_length=120, field="title"),
        "description": clean_text(description, max_length=5000, field="description"),
        "theme": theme, "lat": lat, "lon": lon, "needs_decision": needs_decision or amount_requested is not None,
        "asks_itself": needs_decision or amount_requested is not None,
        "amount_requested": amount_requested, "is_example": is_example,
        "district": District.objects.get(pk=place.district_id),
        "neighbourhood": Neighbourhood.objects.filter(code=place.neighbourhood_code, year=place.year).first(),
    }
    if submission_key is not None:
        fields["submission_key"] = submission_key
    try:
        with transaction.atomic():
            item = Item.objects.create(**fields)
            StatusChange.objects.create(item=item, source="", target=workflow.SUBMITTED, actor=author)
            for image, alt_text in photos[:settings.WIJKGERICHT_PHOTO_MAX_PER_ITEM]:
                Photo.objects.create(item=item, image=image, alt_text=clean_text(alt_text, max_length=200,
                                                                                  field="alt_text", required=False))
            if author is not None:
                Follow.objects.create(item=item, user=author)
            if not is_example:
                notify(recipients=[*audience.district_team(item), *audience.moderators(municipality.pk)],
                       event="item.submitted", params={"title": item.title, "district": item.district.name},
                       url=staff_path(item), item=item, actor=author)
                if author is not None:  # the receipt: its number, the link, the promised next step and its term
                    notify(recipients=[author], event="item.received",
                           params={"title": item.title, "number": item.pk, "kind": Item.Kind(item.kind).label,
                                   "days": response_term(municipality)},
                           url=receipt_path(item), item=item)
    except IntegrityError:
        if submission_key is not None:  # the same form raced itself: the other request won
            return Item.objects.get(submission_key=submission_key)
        raise
    return item


def response_term(municipality: Municipality) -> int:
    """The working days within which the district team looks at a new item (the municipality's ResponseTerm)."""
    term = ResponseTerm.objects.filter(municipality=municipality).values_list("working_days", flat=True).first()
    return term or ResponseTerm.DEFAULT_WORKING_DAYS


def response_due(municipality: Municipality, submitted: datetime.date) -> datetime.date:
    """The date by which the district team looks at an item submitted on `submitted`."""
    return add_working_days(submitted, response_term(municipality))


def receipt_path(item: Item) -> str:
    """The submitter's receipt of an item: its number, what happens next and by when (only they can open it)."""
    return reverse("web:item_received", kwargs={"item_id": item.pk})


def require_resident(user: User) -> None:
    """Residents act with an active account whose e-mail address is confirmed."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in om mee te doen."))
    if user.email_verified_at is None:
        raise PermissionDenied(_("Bevestig eerst uw e-mailadres; u kreeg daarvoor een e-mail met een link."))


def require(actor: User | None, action: str, item: Item) -> None:
    """PermissionDenied unless the actor may perform `action` on this item (`actor=None`: the system)."""
    if actor is not None and not permissions.can(user_scope(actor), action, item):
        raise PermissionDenied(_("U mag dit niet doen bij deze inbreng."))


def public_path(item: Item) -> str:
    return page_path("item", item.municipality, slug=item.district.slug, item_id=item.pk)


def staff_path(item: Item) -> str:
    return reverse("web:staff_item", kwargs={"item_id": item.pk})


def item_author_contact(*, item: Item, actor: User) -> str:
    """The submitter's e-mail address, for who handles the item (to contact them about it); every look is logged
    as an access to their personal data."""
    if item.author is None or not permissions.can(user_scope(actor), permissions.HANDLE, item):
        raise PermissionDenied(_("U mag de contactgegevens van deze indiener niet inzien."))
    PersonalDataAccess.objects.create(accessor=actor, subject=item.author, subject_label=item.author.pseudonym,
                                      purpose=f"contact over inbreng {item.pk}")
    return item.author.email


def _refusal(refused: workflow.TransitionRefused) -> ValidationError:
    messages = {
        "not_allowed": _("Van ‘%(source)s’ kan een item niet naar ‘%(target)s’."),
        "coordination_pending": _("Eerst moet de portefeuillehouder van het thema advies geven; pas daarna kan "
                                  "het wijkteam besluiten."),
        "reason_required": _("Geef een reden; de indiener krijgt die te zien."),
    }
    return ValidationError(messages[refused.code] % {"source": STATUS_LABELS.get(refused.source, refused.source),
                                                     "target": STATUS_LABELS.get(refused.target, refused.target)},
                           code=refused.code)


@transaction.atomic
def item_transition(*, item: Item, actor: User | None, target: str, reason: str = "", public_note: str = "",
                    as_resident: bool = False, team_note: str = "") -> Item:
    """Move an item through its workflow; permission, the coordination rule and required reasons are enforced here.

    `as_resident` is only for the resident's own "not solved" answer (see engagement.solved_answer), which reopens a
    done item without a staff role.
    """
    # Only the item's row: PostgreSQL would lock every joined row, the municipality's too (all its items would queue).
    locked = (Item.objects.select_for_update(of=("self",)).select_related("theme", "district", "municipality")
              .get(pk=item.pk))
    if not as_resident:
        require(actor, permissions.action_for_target(target), locked)
    if locked.merged_into_id:  # its request lives on in the other item: deciding it here would lead around that
        raise ValidationError(_("Dit is samengevoegd met een ander idee of een andere melding; daar gaat het verder."),
                              code="merged")
    answered = workflow.advice_is_current(
        current_round=locked.consideration_round,
        answered_rounds=locked.advice_requests.exclude(answer="").values_list("round", flat=True))
    try:
        workflow.check_transition(locked.status, target, needs_coordination=locked.needs_decision,
                                  advice_answered=answered, reason=reason)
    except workflow.TransitionRefused as refused:
        raise _refusal(refused) from refused
    reason = reason.strip() and clean_text(reason, max_length=2000, field="reason")
    public_note = public_note.strip() and clean_text(public_note, max_length=2000, field="public_note")
    _record_move(locked, actor=actor, target=target, reason=reason, public_note=public_note)
    _tell_transition(locked, actor, target, reason, public_note, team_note)
    return locked


def _record_move(item: Item, *, actor: User | None, target: str, reason: str = "", public_note: str = "") -> None:
    """Append the status change and move the (locked) item; publishing and reopening start a consideration round.
    The item's public pages (its page, lists, timeline) change after commit."""
    change = StatusChange.objects.create(item=item, source=item.status, target=target, actor=actor, reason=reason,
                                         public_note=public_note)
    item.status = target
    item.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at"]
    # The first answer and first decision stay on the item; a reopening and a second decision do not move them.
    if target in workflow.ANSWERS and item.first_answer_at is None:
        item.first_answer_at = change.created_at
        fields.append("first_answer_at")
    if target in workflow.DECISIONS and item.first_decision_at is None:
        item.first_decision_at = change.created_at
        fields.append("first_decision_at")
    if target in workflow.OPENS_CONSIDERATION:
        item.consideration_round += 1
        fields.append("consideration_round")
    item.save(update_fields=fields)
    public_pages_changed(item.municipality_id)


def _first_change(targets: frozenset[str]) -> Subquery:
    return Subquery(StatusChange.objects.filter(item=OuterRef("pk"), target__in=targets).order_by()
                    .values("item").annotate(first=Min("created_at")).values("first")[:1])


def item_moments_refresh(items: QuerySet[Item] | None = None) -> int:
    """Recompute the items' stored first answer and first decision (Item.first_answer_at, first_decision_at) from
    their status history, in one UPDATE: for history written outside item_transition (a back-dated example, an
    import). The same as the migration's back-fill. Returns the number of items updated."""
    items = Item.objects.all() if items is None else items
    return items.update(first_answer_at=_first_change(workflow.ANSWERS),
                        first_decision_at=_first_change(workflow.DECISIONS))


def amount_text(amount: Decimal | None) -> str:
    return f"€ {amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") if amount is not None else ""


def _tell_transition(item: Item, actor: User | None, target: str, reason: str, note: str, team_note: str) -> None:
    if item.is_example:
        return
    params = {"title": item.title, "status": STATUS_LABELS[target], "reason": reason, "note": note}
    url = public_path(item)
    if target == workflow.REJECTED:  # only the submitter learns the moderation reason
        author = [item.author] if item.author_id else []
        notify(recipients=author, event="item.rejected", params=params, url="", item=item, actor=actor)
    elif target == workflow.PUBLISHED:
        notify(recipients=audience.residents(item), event="item.published", params=params, url=url, item=item,
               actor=actor)
    elif target in workflow.DECISIONS:
        params["decision"] = params["status"]
        notify(recipients=audience.residents(item), event="item.decided", params=params, url=url, item=item,
               actor=actor)
    elif target == workflow.DONE:
        notify(recipients=audience.residents(item), event="item.done", params=params, url=url, item=item,
               actor=actor)
    elif target == workflow.REOPENED:
        notify(recipients=audience.district_team(item), event="item.reopened",
               params={**params, "comment": team_note or note}, url=staff_path(item), item=item, actor=actor)
    elif target != workflow.COORDINATION:  # coordination is told by advice_request
        notify(recipients=audience.residents(item), event="item.status_changed", params=params, url=url, item=item,
               actor=actor)


@transaction.atomic
def advice_request(*, item: Item, actor: User | None, question: str) -> AdviceRequest:
    """Ask the holder of the item theme's portfolio for advice, moving the item into coordination."""
    question = clean_text(question, max_length=2000, field="question")
    moved = item_transition(item=item, actor=actor, target=workflow.COORDINATION)
    advice = AdviceRequest.objects.create(item=moved, municipality_id=moved.municipality_id,
                                          district_id=moved.district_id, portfolio=moved.theme.portfolio, requested_by=actor,
                                          question=question, round=moved.consideration_round)
    if not moved.is_example:
        notify(recipients=audience.portfolio_holders(advice.portfolio_id, moved.municipality_id),
               event="item.advice_requested",
               params={"title": moved.title, "district": moved.district.name, "portfolio": advice.portfolio.name,
                       "question": question, "requested": requested_text(moved)},
               url=staff_path(moved), item=moved, actor=actor)
    return advice


@transaction.atomic
def advice_answer(*, advice: AdviceRequest, actor: User, answer: str, reasoning: str) -> AdviceRequest:
    """The portfolio holder answers; only the alderman holding that portfolio today may, and only once."""
    locked = AdviceRequest.objects.select_for_update().select_related("item", "portfolio").get(pk=advice.pk)
    if not holds_portfolio(user_id=actor.pk, portfolio_id=locked.portfolio_id):
        raise PermissionDenied(_("Alleen de portefeuillehouder van %s kan dit advies geven.") % locked.portfolio)
    if locked.answer:
        raise ValidationError(_("Dit advies is al gegeven; het wordt niet overschreven."), code="answered")
    if locked.round != Item.objects.values_list("consideration_round", flat=True).get(pk=locked.item_id):
        raise ValidationError(_("Deze adviesvraag is vervallen: er is sindsdien een verzoek bij gevoegd. Het "
                                "wijkteam vraagt u opnieuw om advies over het geheel."), code="lapsed")
    if answer not in AdviceRequest.Answer.values:
        raise ValidationError({"answer": _("Kies akkoord, akkoord onder voorwaarden of bezwaar.")})
    locked.answer = answer
    locked.reasoning = clean_text(reasoning, max_length=5000, field="reasoning")
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "reasoning", "answered_by", "answered_at"])
    item = locked.item
    public_pages_changed(item.municipality_id)  # the timeline shows the advice
    if not item.is_example:
        params = {"title": item.title, "portfolio": locked.portfolio.name,
                  "answer": AdviceRequest.Answer(locked.answer).label, "reasoning": locked.reasoning}
        notify(recipients=audience.district_team(item), event="item.advice_answered", params=params,
               url=staff_path(item), item=item, actor=actor)
        notify(recipients=audience.residents(item), event="item.advice_answered", params=params,
               url=public_path(item), item=item, actor=actor)
    return locked


# A duplicate is merged before the district team decided on it; it goes into an item that is public and undecided.
MERGE_FROM = frozenset({workflow.SUBMITTED, workflow.PUBLISHED, workflow.UNDER_CONSIDERATION, workflow.REOPENED})
MERGE_INTO = frozenset({workflow.PUBLISHED, workflow.UNDER_CONSIDERATION, workflow.COORDINATION,
                        workflow.REOPENED})


def _check_mergeable(duplicate: Item, into: Item) -> None:
    """Merging must not lead around the coordination rule, nor hide people in an item they cannot see."""
    if duplicate.status not in MERGE_FROM:
        raise ValidationError(_("Over deze inbreng is al advies gevraagd of besloten, of hij is afgewezen; "
                                "samenvoegen kan niet meer."),
                              code="merge_source")
    if into.status not in MERGE_INTO:
        raise ValidationError(_("Samenvoegen kan alleen met openbare inbreng waarover nog niet is besloten."),
                              code="merge_target")
    if duplicate.needs_decision and duplicate.theme.portfolio_id != into.theme.portfolio_id:
        raise ValidationError(_("Deze inbreng vraagt geld of een besluit binnen een andere portefeuille; voeg "
                                "alleen samen binnen dezelfde portefeuille."), code="merge_portfolio")


def requested_text(item: Item) -> str:
    """What the item asks in all, for the portfolio holder: the total amount and how many requests it joins."""
    asked = selectors.requested(item=item)
    if not asked.any:
        return ""
    total = amount_text(asked.total) or _("een besluit")
    if not asked.merged:
        return total
    return _("%(total)s (%(count)d verzoeken samen)") % {"total": total, "count": len(asked.merged) + 1}


def _receive_request(into: Item, duplicate: Item, *, actor: User | None) -> None:
    """A request for money or a decision joins `into` (locked): the rule travels with it, and `into` enters a new
    consideration round, so advice asked or given before (about less) no longer counts. An item in coordination goes
    back to the district team, who ask the portfolio holder again about the whole. Both amounts stay as they were."""
    lapsed = list(into.current_advice().filter(answer="").select_related("portfolio"))
    amount = f" ({amount_text(duplicate.amount_requested)})" if duplicate.amount_requested is not None else ""
    if duplicate.status == workflow.SUBMITTED:  # never moderated: its title stays off the public timeline
        note = _("Een ander verzoek is hierbij gevoegd%(amount)s; het wijkteam vraagt opnieuw advies.") % {
            "amount": amount}
    else:
        note = _("Het verzoek van ‘%(title)s’ is hierbij gevoegd%(amount)s; het wijkteam vraagt opnieuw "
                 "advies.") % {"title": duplicate.title, "amount": amount}
    if into.status == workflow.COORDINATION:
        _record_move(into, actor=actor, target=workflow.UNDER_CONSIDERATION, public_note=note)
    else:
        StatusChange.objects.create(item=into, source=into.status, target=into.status, actor=actor, public_note=note)
    into.needs_decision = True
    into.consideration_round += 1
    into.save(update_fields=["needs_decision", "consideration_round"])
    if into.is_example:
        return
    for advice in lapsed:
        notify(recipients=audience.portfolio_holders(advice.portfolio_id, into.municipality_id),
               event="item.advice_withdrawn",
               params={"title": into.title, "merged": duplicate.title, "requested": requested_text(into)},
               url=staff_path(into), item=into, actor=actor)


@transaction.atomic
def item_merge(*, duplicate: Item, into: Item, actor: User | None, reason: str = "") -> Item:
    """Merge a duplicate into another item of the same municipality: its supporters and followers carry over, the
    duplicate leaves the lists and its page points to the other item."""
    first, second = sorted([duplicate.pk, into.pk])
    locked = {i.pk: i for i in Item.objects.select_for_update(of=("self",)).select_related("district", "municipality", "theme")
              .filter(pk__in=[first, second])}
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.pk == into.pk:
        raise ValidationError(_("Een inbreng kan niet met zichzelf worden samengevoegd."))
    if duplicate.municipality_id != into.municipality_id:
        raise ValidationError(_("Alleen inbreng uit dezelfde gemeente kan worden samengevoegd."))
    if duplicate.merged_into_id or into.merged_into_id:
        raise ValidationError(_("Een van beide is al samengevoegd met een andere inbreng."))
    require(actor, permissions.MERGE, duplicate)
    require(actor, permissions.MERGE, into)
    _check_mergeable(duplicate, into)
    if duplicate.needs_decision:
        _receive_request(into, duplicate, actor=actor)
    for model in (Support, Follow):
        have = set(model.objects.filter(item=into).values_list("user_id", flat=True))
        model.objects.filter(item=duplicate).exclude(user_id__in=[u for u in have if u is not None]).exclude(
            user__isnull=True).update(item=into)
        if model is Support:  # anonymised supports (deleted accounts) carry over as well
            model.objects.filter(item=duplicate, user__isnull=True).update(item=into)
    public_pages_changed(into.municipality_id)  # support counts moved, the duplicate leaves the lists
    if duplicate.author_id and not Follow.objects.filter(item=into, user_id=duplicate.author_id).exists():
        Follow.objects.create(item=into, user_id=duplicate.author_id)
    note = _("Samengevoegd met ‘%s’: daar gaat het verder.") % into.title
    StatusChange.objects.create(item=duplicate, source=duplicate.status, target=duplicate.status, actor=actor,
                                reason=reason.strip(), public_note=note)
    duplicate.merged_into = into
    duplicate.save(update_fields=["merged_into"])
    notify(recipients=audience.residents(into), event="item.merged",
           params={"title": duplicate.title, "into_title": into.title}, url=public_path(into), item=into, actor=actor)
    return into
