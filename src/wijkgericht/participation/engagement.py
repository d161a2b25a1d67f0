"""What residents do with published items besides submitting them: support (once each), follow, comment (shown
after moderation), and say whether a finished item is really solved — a "no" reopens it for the district team."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.core.double_submit import double_submit_first
from wijkgericht.core.support import support_once, support_withdraw
from wijkgericht.core.text import clean_text
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience, permissions, workflow
from wijkgericht.participation.models import Comment, Follow, Item, SolvedFeedback, StatusChange, Support
from wijkgericht.participation.selectors import PUBLIC_STATUSES
from wijkgericht.participation.services import (
    item_transition,
    public_path,
    require,
    require_resident,
    staff_path,
)

# Items that are closed take no new support; following and reading stay possible.
SUPPORTABLE = frozenset(PUBLIC_STATUSES) - {workflow.DONE, workflow.DECLINED}


def _require_public(item: Item) -> None:
    if item.status not in PUBLIC_STATUSES or item.merged_into_id:
        raise ValidationError(_("Dit idee of deze melding is (nog) niet openbaar."), code="not_public")


def item_support(*, item: Item, user: User, follow: bool = True) -> bool:
    """Support an item, and follow it when the resident chose to (`follow`: the page asks, ticked by default);
    True if this added a support, False if the resident already supported it."""
    require_resident(user)
    _require_public(item)
    if item.status not in SUPPORTABLE:
        raise ValidationError(_("Dit is afgerond; steunen kan niet meer."), code="closed")
    if item.author_id == user.pk:
        raise ValidationError(_("Uw eigen idee of melding steunt u al."), code="own")
    _support, added = support_once(Support, target=item, user=user)
    if not added:
        return False
    public_pages_changed(item.municipality_id)  # the count; raised after commit, the item row unlocked
    if follow:
        item_follow(item=item, user=user)
    return True


def item_unsupport(*, item: Item, user: User) -> None:
    if support_withdraw(Support, target=item, user=user):
        public_pages_changed(item.municipality_id)


def item_follow(*, item: Item, user: User) -> None:
    require_resident(user)
    _require_public(item)
    Follow.objects.get_or_create(item=item, user=user)


def item_unfollow(*, item: Item, user: User) -> None:
    Follow.objects.filter(item=item, user=user).delete()


@transaction.atomic
def comment_post(*, item: Item, author: User, body: str) -> Comment:
    """A reaction waits for moderation before anyone else sees it. The same text by the same resident on the same
    item within a few minutes is one reaction sent twice (a double click, a resent form): the first is given back
    (`core.double_submit`, which also makes twenty identical posts at once see each other)."""
    require_resident(author)
    _require_public(item)
    text = clean_text(body, max_length=2000, field="body")
    same = Comment.objects.filter(item=item, body=text).exclude(status=Comment.Status.REJECTED)
    earlier = double_submit_first(same, author=author)
    if earlier is not None:
        return earlier
    comment = Comment.objects.create(item=item, author=author, body=text)
    notify(recipients=[*audience.moderators(item.municipality_id), *audience.district_team(item)],
           event="comment.pending", params={"title": item.title}, url=staff_path(item), item=item, actor=author)
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, actor: User, approve: bool, reason: str = "") -> Comment:
    locked = Comment.objects.select_for_update().select_related("item__theme", "item__district").get(pk=comment.pk)
    item = locked.item
    require(actor, permissions.MODERATE_COMMENT, item)
    if locked.status != Comment.Status.PENDING:
        raise ValidationError(_("Over deze reactie is al besloten."), code="moderated")
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden; de schrijver krijgt die te zien.")})
    locked.status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    locked.moderated_by, locked.moderated_at = actor, timezone.now()
    locked.moderation_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    params = {"title": item.title, "reason": locked.moderation_reason}
    if approve:  # a reaction is public from now on (pending and rejected ones never were)
        public_pages_changed(item.municipality_id)
        others = [u for u in audience.residents(item) if u.pk != locked.author_id]
        notify(recipients=others, event="comment.approved", params=params, url=public_path(item), item=item,
               actor=actor)
    # The writer is told their own reaction is placed (or why not), never that "there is a new reaction".
    notify(recipients=[locked.author] if locked.author_id else [],
           event="comment.published" if approve else "comment.rejected", params=params,
           url=public_path(item) if approve else "", item=item, actor=actor)
    return locked


def latest_done(item: Item) -> StatusChange | None:
    return item.changes.filter(target=workflow.DONE).order_by("-created_at", "-pk").first()


def _answers_solved(item: Item, user: User, done: StatusChange) -> bool:
    """Who is asked "is it really solved?": the submitter, and whoever supported or followed the item before it was
    marked done — not someone who started following afterwards to reopen it."""
    if item.author_id is not None and item.author_id == user.pk:
        return True
    before = {"item": item, "user": user, "created_at__lt": done.created_at}
    return Support.objects.filter(**before).exists() or Follow.objects.filter(**before).exists()


def solved_may_answer(*, item: Item, user: User) -> bool:
    """Whether the page asks `user` "is it really solved?": the item is done, `user` is asked (see _answers_solved)
    and has not answered since it was last marked done."""
    if not getattr(user, "is_authenticated", False) or item.status != workflow.DONE:
        return False
    done = latest_done(item)
    return (done is not None and _answers_solved(item, user, done)
            and not SolvedFeedback.objects.filter(done_change=done, user=user).exists())


@transaction.atomic
def solved_answer(*, item: Item, user: User, solved: bool, comment: str = "") -> SolvedFeedback:
    """The submitter or an earlier supporter or follower answers "is it really solved?" for an item marked done,
    once each time it is marked done. "Not solved" reopens it for the district team, with the resident's
    explanation."""
    require_resident(user)
    locked = (Item.objects.select_for_update(of=("self",)).select_related("district", "municipality", "theme")
              .get(pk=item.pk))  # the item's row only, not the joined municipality's
    done = latest_done(locked)
    if locked.status != workflow.DONE or done is None:
        raise ValidationError(_("Deze vraag hoort bij een idee of melding die klaar is gemeld."), code="not_done")
    if not _answers_solved(locked, user, done):
        raise PermissionDenied(_("Alleen de indiener en wie dit al steunde of volgde voordat hij klaar werd "
                                 "gemeld, kunnen deze vraag beantwoorden."))
    if SolvedFeedback.objects.filter(done_change=done, user=user).exists():
        raise ValidationError(_("U hebt deze vraag al beantwoord."), code="answered")
    text = comment.strip() and clean_text(comment, max_length=2000, field="comment")
    if not solved and not text:
        raise ValidationError({"comment": _("Vertel kort wat er nog niet goed is, dan weet het wijkteam waar het "
                                            "om gaat.")})
    try:
        with transaction.atomic():
            feedback = SolvedFeedback.objects.create(item=locked, done_change=done, user=user, solved=solved,
                                                     comment=text)
    except IntegrityError as exc:
        raise ValidationError(_("U hebt deze vraag al beantwoord."), code="answered") from exc
    if not solved:
        # The resident's own words go to the district team only: unmoderated text never reaches the public page.
        item_transition(item=locked, actor=user, target=workflow.REOPENED, as_resident=True,
                        public_note=_("Volgens een inwoner nog niet opgelost."), team_note=text)
    return feedback
