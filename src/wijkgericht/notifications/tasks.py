"""Background tasks: e-mail for notifications, at once or as a daily digest.

Both tasks are safe to run twice and to retry. A notification is claimed for mailing by setting `mailed_at` with an
UPDATE ... WHERE mailed_at IS NULL inside a transaction that stays open while the mail is sent: a second worker's
UPDATE waits for it (a row lock on PostgreSQL, the write lock on SQLite) and then finds nothing left to claim, so
nobody is mailed twice; if sending fails the transaction rolls back and the notification is mailed on a retry.
Mail is written in Dutch; recipients who chose no mail never get any.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.core.links import absolute_url
from wijkgericht.districts import identity
from wijkgericht.notifications import events
from wijkgericht.notifications.models import Notification

logger = logging.getLogger(__name__)

#: The digest lists unmailed notifications of this many days back, so one missed daily run loses nothing.
DIGEST_DAYS = 2
#: Immediate mails still unsent after this long (the queue was down) are sent by the daily run.
STALE_IMMEDIATE = timedelta(minutes=30)

_RETRY = {"autoretry_for": (smtplib.SMTPException, OSError), "retry_backoff": 60, "retry_backoff_max": 3600,
          "max_retries": 5}


def _path(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the page is not (yet) routed: its known address
        return fallback


def _links() -> dict[str, str]:
    """What every notification mail says besides its message: the links, and who sends it ("Gemeente Barendrecht")."""
    return {"preferences_url": absolute_url(_path("accounts:account", "/account/")),
            "notifications_url": absolute_url(_path("notifications:list", "/berichten/")),
            "publisher": identity.publisher()}


def _entry(notification: Notification, fallback_url: str) -> dict[str, str]:
    rendered = events.render(notification.event, notification.params)
    return {"subject": rendered.subject, "body": rendered.body, "lines": rendered.lines,
            "url": absolute_url(notification.url) if notification.url else fallback_url}


def _send(recipient: User, subject: str, template: str, context: dict) -> None:
    text = render_to_string(f"notifications/mail/{template}.txt", context)
    html = render_to_string(f"notifications/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email],
                                     from_email=identity.mail_sender(context["publisher"]))
    message.attach_alternative(html, "text/html")
    message.send()  # an error propagates: the claim rolls back and the task is retried
    logger.info("notification mail (%s) to user %s sent", template, recipient.pk)


def _wants(preference: str) -> dict:
    return {"recipient__is_active": True, "recipient__mail_preference": preference}


@shared_task(**_RETRY)
def send_notification_mail(notification_ids: Sequence[int]) -> int:
    """Mail each notification not mailed yet whose recipient wants mail at once; returns how many were sent."""
    sent = 0
    with translation.override("nl"):
        links = _links()
        for pk in dict.fromkeys(notification_ids):
            with transaction.atomic():
                claimed = Notification.objects.filter(pk=pk, mailed_at__isnull=True,
                                                      **_wants(MailPreference.IMMEDIATE)).update(
                    mailed_at=timezone.now())
                if not claimed:
                    continue
                notification = Notification.objects.select_related("recipient").get(pk=pk)
                entry = _entry(notification, links["notifications_url"])
                _send(notification.recipient, entry["subject"], "notification",
                      {**links, **entry, "recipient": notification.recipient})
                sent += 1
    return sent


def _digest_for(user_id: int, since, links: dict[str, str]) -> bool:
    with transaction.atomic():
        rows = list(Notification.objects.select_for_update().select_related("recipient")
                    .filter(recipient_id=user_id, mailed_at__isnull=True, read_at__isnull=True,
                            created_at__gte=since, **_wants(MailPreference.DIGEST))
                    .order_by("created_at", "pk"))
        if not rows:
            return False
        claimed = Notification.objects.filter(pk__in=[n.pk for n in rows], mailed_at__isnull=True).update(
            mailed_at=timezone.now())
        if claimed != len(rows):  # another run got here first: leave this recipient to it
            transaction.set_rollback(True)
            return False
        recipient = rows[0].recipient
        entries = [_entry(n, links["notifications_url"]) for n in rows]
        subject = gettext("%(publisher)s: %(count)s nieuwe berichten") % {
            "publisher": links["publisher"], "count": len(entries)} if len(entries) > 1 else entries[0]["subject"]
        _send(recipient, subject, "digest", {**links, "entries": entries, "recipient": recipient})
        return True


def _recipients(since, preference: str) -> Iterable[int]:
    return (Notification.objects.filter(mailed_at__isnull=True, created_at__gte=since, **_wants(preference))
            .values_list("recipient_id", flat=True).distinct().order_by("recipient_id"))


@shared_task(**_RETRY)
def send_daily_digests(days: int = DIGEST_DAYS) -> int:
    """One mail per recipient who chose the daily digest, listing their unread, unmailed notifications of the last
    `days` days; also sends immediate mails that were never queued. Returns the number of digests sent."""
    now = timezone.now()
    since = now - timedelta(days=days)
    sent = 0
    with translation.override("nl"):
        links = _links()
        for user_id in list(_recipients(since, MailPreference.DIGEST)):
            sent += _digest_for(user_id, since, links)
    stale = list(Notification.objects.filter(mailed_at__isnull=True, created_at__gte=since,
                                             created_at__lt=now - STALE_IMMEDIATE,
                                             **_wants(MailPreference.IMMEDIATE)).values_list("pk", flat=True))
    if stale:
        logger.warning("Sending %d immediate notification mails that were never sent", len(stale))
        send_notification_mail.run(stale)
    return sent


@shared_task
def delete_old_read_notifications(days: int | None = None) -> int:
    """Data minimisation for Celery beat: delete notifications read more than `days` (default 180) days ago."""
    from wijkgericht.notifications.services import KEEP_READ_DAYS, notifications_delete_read

    return notifications_delete_read(older_than_days=KEEP_READ_DAYS if days is None else days)
