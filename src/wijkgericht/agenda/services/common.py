"""What every agenda service shares: the permission checks on an object's districts (`actor=None` is the
system: the demo loader, scheduled tasks), the check of a status change against `agenda.workflow`, and how an
activity is named in a message (its time, its page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.agenda import permissions, workflow
from wijkgericht.agenda.models import Activity
from wijkgericht.core import dates
from wijkgericht.participation.models import Item


def require(actor: User | None, action: str, *, municipality_id: int, district_ids: Iterable[int],
            host_user_ids: Iterable[int] = ()) -> None:
    """The actor may act on something in these districts (a role in any one of them suffices)."""
    if actor is None:
        return
    if not permissions.can_in_districts(user_scope(actor), action, municipality_id=municipality_id,
                                        district_ids=district_ids, host_user_ids=host_user_ids):
        raise PermissionDenied(_("U mag dit niet doen voor deze wijk."))


def require_each(actor: User | None, action: str, *, municipality_id: int, district_ids: Iterable[int]) -> None:
    """The actor may act in every one of these districts: nobody plans in, or links a partner to, a district that
    is not theirs."""
    if actor is None:
        return
    scope = user_scope(actor)
    for district_id in district_ids:
        if not permissions.can_in_districts(scope, action, municipality_id=municipality_id,
                                            district_ids=[district_id]):
            raise PermissionDenied(_("U mag dit niet doen voor een van de gekozen wijken."))


def require_visible_item(actor: User | None, item: Item, *, municipality_id: int) -> None:
    """Linking a resident item shows its title: only a public item, or one the actor may see anyway."""
    from wijkgericht.participation import permissions as item_permissions
    from wijkgericht.participation.selectors import PUBLIC_STATUSES

    if item.municipality_id != municipality_id:
        raise ValidationError({"item": _("Deze inbreng hoort bij een andere gemeente.")})
    if actor is not None and item.status not in PUBLIC_STATUSES and not item_permissions.can(
            user_scope(actor), item_permissions.VIEW_PRIVATE, item):
        raise ValidationError({"item": _("Er is geen openbare inbreng met dit nummer.")})


def require_transition(thing: str, source: str, target: str, message: Any, *, field: str | None = None,
                       code: str = "transition") -> None:
    """Refuse a status change that the life cycle of `thing` (`agenda.workflow.TABLES`) does not allow, with the
    service's own message (on `field` of the form, if given)."""
    if not workflow.allowed(thing, source, target):
        raise ValidationError({field: message} if field else message, code=code)


def when_text(activity: Activity) -> str:
    return dates.moment(activity.starts_at)  # "21 oktober 2026, 19.30 uur", as the pages write it


def activity_path(activity: Activity) -> str:
    return reverse("agenda:activity", kwargs={"activity_id": activity.pk})
