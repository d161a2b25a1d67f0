"""Writes of resident items. Each service owns its transaction, locks the item it changes, and records every status
change as a new row. The acting user is passed explicitly."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.districts import lookup
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.governance.selectors import holds_portfolio
from wijkgericht.participation import workflow
from wijkgericht.participation.models import STATUS_LABELS, AdviceRequest, Item, StatusChange, Theme

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str, *, max_length: int, field: str) -> str:
    """Plain text as residents typed it, minus control characters; pages escape it on output (never marked safe)."""
    text = _CONTROL.sub("", value or "").strip()
    if not text:
        raise ValidationError({field: _("Dit veld is verplicht.")})
    if len(text) > max_length:
        raise ValidationError({field: _("Maximaal %d tekens.") % max_length})
    return text


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
) -> Item:
    """File a resident item at a point; its district and neighbourhood come from the point lookup.

    Submitting the same form twice (same `submission_key`) gives back the first item instead of a duplicate.
    """
    if submission_key is not None:
        existing = Item.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if kind not in Item.Kind.values:
        raise ValidationError({"kind": _("Kies een soort inbreng.")})
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
    except IntegrityError:
        if submission_key is not None:  # the same form raced itself: the other request won
            return Item.objects.get(submission_key=submission_key)
        raise
    return item


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
def item_transition(*, item: Item, actor: User | None, target: str, reason: str = "", public_note: str = "") -> Item:
    """Move an item through its workflow; the coordination rule and required reasons are enforced here."""
    locked = Item.objects.select_for_update().get(pk=item.pk)
    answered = locked.advice_requests.exclude(answer="").exists()
    try:
        workflow.check_transition(locked.status, target, needs_coordination=locked.needs_decision,
                                  advice_answered=answered, reason=reason)
    except workflow.TransitionRefused as refused:
        raise _refusal(refused) from refused
    StatusChange.objects.create(item=locked, source=locked.status, target=target, actor=actor, reason=reason,
                                public_note=public_note)
    locked.status = target
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def advice_request(*, item: Item, actor: User | None, question: str) -> AdviceRequest:
    """Ask the holder of the item theme's portfolio for advice, moving the item into coordination."""
    moved = item_transition(item=item, actor=actor, target=workflow.COORDINATION,
                            public_note=_("Advies gevraagd aan de portefeuillehouder %s.") % item.theme.portfolio)
    return AdviceRequest.objects.create(item=moved, portfolio=item.theme.portfolio, requested_by=actor,
                                        question=clean_text(question, max_length=2000, field="question"))


@transaction.atomic
def advice_answer(*, advice: AdviceRequest, actor: User, answer: str, reasoning: str) -> AdviceRequest:
    """The portfolio holder answers; only the alderman holding that portfolio today may, and only once."""
    locked = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
    if not holds_portfolio(user_id=actor.pk, portfolio_id=locked.portfolio_id):
        raise PermissionDenied(_("Alleen de portefeuillehouder van %s kan dit advies geven.") % locked.portfolio)
    if locked.answer:
        raise ValidationError(_("Dit advies is al gegeven; het wordt niet overschreven."), code="answered")
    if answer not in AdviceRequest.Answer.values:
        raise ValidationError({"answer": _("Kies akkoord, akkoord onder voorwaarden of bezwaar.")})
    locked.answer = answer
    locked.reasoning = clean_text(reasoning, max_length=5000, field="reasoning")
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "reasoning", "answered_by", "answered_at"])
    return locked
