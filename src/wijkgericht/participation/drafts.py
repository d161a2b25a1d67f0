"""Write first, sign in after: a visitor who is not signed in (or whose address is not confirmed yet) fills in the
form "Wat kan er beter in uw wijk?" completely; what they wrote is kept, and submitted once they can submit.

- Not signed in: the draft waits in the session (`DRAFT_SESSION_KEY`), plain JSON, never a photo (photos are taken
  only from a confirmed account, frame/uploads.py; the page says so before the form).
- Registering (accounts' `registered` signal) or signing in with an unconfirmed address: the draft moves to an
  `ItemDraft` of that account, so it survives opening the confirmation mail in another browser.
- Signing in with a confirmed address (password, sign-in link, the confirmation link itself, DigiD): every waiting
  draft of the session and of the account is submitted through `services.item_submit` (same rules, same receipt),
  once: its submission key makes a second run give back the same item.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wijkgericht.accounts.models import User
from wijkgericht.districts.models import Municipality
from wijkgericht.participation.models import Item, ItemDraft, Theme
from wijkgericht.participation.services import item_submit

log = logging.getLogger(__name__)

DRAFT_SESSION_KEY = "participation_item_draft"
#: Item ids just submitted from drafts in this session: the draft page sends the resident to their receipt.
SUBMITTED_SESSION_KEY = "participation_drafts_submitted"

FIELDS = ("kind", "theme", "title", "description", "needs_decision", "amount_requested", "lat", "lon",
          "submission_key")


def draft_data(*, municipality: Municipality, cleaned: dict[str, Any], lat: float, lon: float) -> dict[str, Any]:
    """The submission form's cleaned data as plain JSON (no photos)."""
    amount = cleaned.get("amount_requested")
    return {
        "municipality": municipality.code, "kind": cleaned["kind"], "theme": cleaned["theme"].pk,
        "title": cleaned["title"], "description": cleaned["description"],
        "needs_decision": bool(cleaned.get("needs_decision")),
        "amount_requested": str(amount) if amount is not None else None,
        "lat": lat, "lon": lon, "submission_key": str(cleaned.get("submission_key") or uuid.uuid4()),
    }


def draft_summary(data: dict[str, Any]) -> dict[str, Any]:
    """What the draft page shows of a draft: its kind's label, title and text."""
    return {"kind": dict(Item.Kind.choices).get(data.get("kind"), ""), "title": data.get("title", ""),
            "description": data.get("description", "")}


def draft_keep(*, user: User, data: dict[str, Any]) -> ItemDraft | None:
    """Keep `data` for `user` until their address is confirmed (once per submission key)."""
    municipality = Municipality.objects.filter(code=data.get("municipality")).first()
    if municipality is None:
        return None
    key = data.get("submission_key")
    existing = ItemDraft.objects.filter(user=user, data__submission_key=key).first() if key else None
    return existing or ItemDraft.objects.create(user=user, municipality=municipality, data=data)


def _submit_one(user: User, data: dict[str, Any]) -> Item | None:
    """Submit one draft; None (logged) when it no longer fits: its theme or place is gone, or the text is refused."""
    municipality = Municipality.objects.filter(code=data.get("municipality")).first()
    theme = Theme.objects.filter(pk=data.get("theme"), municipality=municipality).first()
    if municipality is None or theme is None:
        log.warning("draft of user %s NOT submitted: its municipality or theme no longer exists", user.pk)
        return None
    try:
        amount = Decimal(data["amount_requested"]) if data.get("amount_requested") else None
        key = uuid.UUID(str(data.get("submission_key")))
    except (InvalidOperation, ValueError):
        log.warning("draft of user %s NOT submitted: an amount or key that does not read", user.pk)
        return None
    try:
        return item_submit(author=user, municipality=municipality, kind=data.get("kind", ""), theme=theme,
                           title=data.get("title", ""), description=data.get("description", ""),
                           lat=float(data["lat"]), lon=float(data["lon"]),
                           needs_decision=bool(data.get("needs_decision")), amount_requested=amount,
                           submission_key=key)
    except (ValidationError, PermissionDenied, KeyError, TypeError, ValueError) as exc:
        log.warning("draft of user %s NOT submitted: %s", user.pk, exc)
        return None


def drafts_submit(*, user: User, session_draft: dict[str, Any] | None = None) -> list[Item]:
    """Submit the session's draft and every kept draft of `user` (whose address is confirmed); the kept ones are
    removed, also those that no longer fit (the resident is not told twice about a draft that cannot be sent)."""
    if user.email_verified_at is None or not user.is_active:
        return []
    items: list[Item] = []
    if session_draft:
        item = _submit_one(user, session_draft)
        if item is not None:
            items.append(item)
    with transaction.atomic():
        kept = list(ItemDraft.objects.select_for_update().filter(user=user))
        ids = [d.pk for d in kept]
        ItemDraft.objects.filter(pk__in=ids).delete()
    for draft in kept:
        item = _submit_one(user, draft.data)
        if item is not None and item not in items:
            items.append(item)
    return items


def drafts_waiting(user: User) -> list[ItemDraft]:
    return list(ItemDraft.objects.filter(user=user)) if user.is_authenticated else []
