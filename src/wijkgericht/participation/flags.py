"""Residents report abuse ("Misbruik melden") on an item or a reaction: insulting, naming someone, advertising. The
report goes to the moderators (and the item's district team), who handle it once; a resident's second report on the
same target while the first is open adds nothing. What the moderator then does with the item or reaction is the
usual moderation (participation.services, engagement)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import Scope, user_scope
from wijkgericht.core.text import clean_text
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience, permissions
from wijkgericht.participation.models import Comment, Flag, Item
from wijkgericht.participation.selectors import PUBLIC_STATUSES
from wijkgericht.participation.services import require_resident


def flag_report(*, item: Item, reporter: User, reason: str, note: str = "", comment: Comment | None = None) -> Flag:
    """Report `item` (or its public `comment`) as abusive; the open report of this resident is given back when there
    is one. The moderators and the district team are told."""
    require_resident(reporter)
    if item.status not in PUBLIC_STATUSES or item.merged_into_id:
        raise ValidationError(_("Dit staat niet (meer) op de site."), code="not_public")
    if comment is not None and (comment.item_id != item.pk or comment.status != Comment.Status.APPROVED):
        raise ValidationError(_("Deze reactie staat niet (meer) op de site."), code="not_public")
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Kies wat er mis is.")})
    text = clean_text(note, max_length=1000, field="note", required=False)
    if reason == Flag.Reason.OTHER and not text:
        raise ValidationError({"note": _("Vertel kort wat er mis is.")})
    open_ = Flag.objects.filter(item=item, comment=comment, reporter=reporter, handled_at__isnull=True).first()
    if open_ is not None:
        return open_
    try:
        with transaction.atomic():
            flag = Flag.objects.create(item=item, comment=comment, reporter=reporter, reason=reason, note=text)
            notify(recipients=[*audience.moderators(item.municipality_id), *audience.district_team(item)],
                   event="flag.new", params={"title": item.title, "what": Flag.Reason(reason).label},
                   url=reverse("web:staff_flags"), item=item, actor=reporter)
    except IntegrityError:  # the same report sent twice at once: the other one is stored
        return Flag.objects.get(item=item, comment=comment, reporter=reporter, handled_at__isnull=True)
    return flag


def _open(scope: Scope) -> QuerySet[Flag]:
    municipalities = scope.moderator_municipality_ids | scope.administrator_municipality_ids
    where = Q(item__district_id__in=scope.team_district_ids) | Q(item__municipality_id__in=municipalities)
    if scope.is_superuser:
        where = Q()
    elif not (scope.team_district_ids or municipalities):
        return Flag.objects.none()
    return Flag.objects.filter(where, handled_at__isnull=True)


def open_flags(*, scope: Scope) -> list[Flag]:
    """The open reports the holder of `scope` moderates (the same reach as the moderation queue)."""
    return list(_open(scope).select_related("item__district", "comment").order_by("created_at", "pk"))


def open_flag_count(*, scope: Scope) -> int:
    return _open(scope).count()


@transaction.atomic
def flag_handle(*, flag: Flag, actor: User) -> Flag:
    """Mark a report handled (after looking at it and, where needed, moderating the item or reaction)."""
    locked = Flag.objects.select_for_update().select_related("item__theme").get(pk=flag.pk)
    if not permissions.can(user_scope(actor), permissions.MODERATE_COMMENT, locked.item):
        raise PermissionDenied(_("U mag meldingen van misbruik bij deze inbreng niet afhandelen."))
    if locked.handled_at is None:
        locked.handled_at, locked.handled_by = timezone.now(), actor
        locked.save(update_fields=["handled_at", "handled_by"])
    return locked
