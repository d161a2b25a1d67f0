"""Creating notifications. Callers name an event and its parameters; who is told is the caller's business rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.notifications.models import Notification


def notify(*, recipients: Iterable[User | None], event: str, params: dict[str, Any] | None = None, url: str = "",
           item: Any = None, actor: User | None = None) -> list[Notification]:
    """Tell each recipient (once, never the actor who caused it) about `event`; mail follows after commit."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, event=event, params=params or {}, url=url, item=item))
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n, u in zip(created, [r.recipient for r in rows], strict=True)
                 if u.mail_preference == MailPreference.IMMEDIATE and n.pk is not None]
    if immediate:
        from wijkgericht.notifications.tasks import send_notification_mail

        transaction.on_commit(lambda: send_notification_mail.delay(immediate))
    return created
