"""What the budget's services share: the actor's permission on a round or share, and the Dutch refusal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.budgets import permissions

MAX_AMOUNT = 1_000_000_000  # € 1 billion: far above any district budget, far below the columns' limits


def require(actor: User | None, action: str, *, municipality_id: int, district_id: int | None = None) -> None:
    """PermissionDenied unless the actor may perform `action` (`actor=None`: the system, which needs no role)."""
    if actor is None:
        return
    if not permissions.can(user_scope(actor), action, municipality_id=municipality_id, district_id=district_id):
        raise PermissionDenied(_("U mag dit niet doen bij dit wijkbudget."))


def euro(amount: int | None) -> str:
    """€ 12.500 (Dutch thousands separator, whole euros)."""
    if amount is None:
        return ""
    return "€ " + f"{amount:,}".replace(",", ".")
