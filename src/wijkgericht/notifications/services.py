"""Creating, reading and cleaning up notifications. Callers name an event (see events.py) and its parameters; who is
told is the caller's business rule."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.notifications.models import Notification

logger = logging.getLogger(__name__)

#: Read notifications older than this many days are deleted by `notifications_delete_read` (data minimisation).
KEEP_READ_DAYS = 180


def _storable(value: Any) -> Any:
    """A JSON value for `params`. A lazy label is stored as its Dutch source text, which events.render translates
    into the reader's language; dates as ISO text; anything else unknown as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        with translation.override("nl"):
            return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _storable(v) for k, v in value.items()}
    return str(value)


def _mail_after_commit(ids: list[int]) -> None:
    from wijkgericht.notifications.tasks import send_notification_mail

    try:
        send_notification_mail.delay(ids)
    except Exception as exc:  # the change itself is committed; a mail that failed must not undo the request
        # Without a broker the task runs here and this is the mail server's own answer; with one, the queue's.
        logger.exception("Mail for notifications %s NOT sent (%s: %s); they stay unmailed and the daily run tries "
                         "again", ids, type(exc).__name__, exc)


def notify(*, recipients: Iterable[User | None], event: str, params: dict[str, Any] | None = None, url: str = "",
           item: Any = None, actor: User | None = None) -> list[Notification]:
    """Tell each recipient (once, never the actor who caused it, never an inactive account) about `event`.

    Recipients who want mail at once get it after the surrounding transaction commits (a rolled-back change mails
    nobody); digest readers get it in the daily digest.
    """
    if isinstance(recipients, User):  # a single user where a list was meant
        recipients = [recipients]
    stored = _storable(params or {})
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, event=event, params=stored, url=url or "", item=item))
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created
                 if n.recipient.mail_preference == MailPreference.IMMEDIATE and n.pk is not None]
    if immediate:
        transaction.on_commit(lambda: _mail_after_commit(immediate))
    return created


def notifications_mark_read(*, user: User, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications, or all of them, as read; returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    return rows.update(read_at=timezone.now())


def notifications_delete_read(*, older_than_days: int = KEEP_READ_DAYS) -> int:
    """Delete notifications read more than `older_than_days` days ago and created before then; returns the count."""
    if older_than_days < 0:
        raise ValueError("older_than_days must not be negative")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _per_model = Notification.objects.filter(read_at__isnull=False, read_at__lt=cutoff,
                                                      created_at__lt=cutoff).delete()
    return deleted
