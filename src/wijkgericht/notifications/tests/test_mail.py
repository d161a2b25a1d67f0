"""notify and the mail it causes: who is told, who is mailed, when, and never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wijkgericht.accounts.models import MailPreference
from wijkgericht.notifications.models import Notification
from wijkgericht.notifications.services import notify
from wijkgericht.notifications.tasks import send_daily_digests, send_notification_mail

pytestmark = pytest.mark.django_db

PUBLISHED = {"event": "item.published", "params": {"title": "Bankje bij de vijver"}, "url": "/wijk/x/inbreng/7/"}


def test_notify_dedups_recipients_and_skips_the_actor_and_inactive_users(make_user):
    a, b, actor = make_user(), make_user(), make_user()
    inactive = make_user(is_active=False)
    created = notify(recipients=[a, a, None, b, actor, inactive, b], actor=actor, **PUBLISHED)
    assert sorted(n.recipient_id for n in created) == sorted([a.pk, b.pk])
    assert Notification.objects.count() == 2


def test_notify_accepts_a_single_user_and_stores_lazy_labels_in_dutch(make_user):
    user = make_user(MailPreference.NONE)
    notify(recipients=user, event="item.status_changed", params={"title": "T", "status": gettext_lazy("gepubliceerd")})
    assert Notification.objects.get().params == {"title": "T", "status": "gepubliceerd"}


def test_immediate_preference_mails_once_after_commit_with_an_absolute_link(
        make_user, site_url, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user], **PUBLISHED)
    assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[make_user(MailPreference.NONE)], **PUBLISHED)  # a second, unmailed, for contrast
        callbacks[0]()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "Gepubliceerd: Bankje bij de vijver"
    assert "https://wijken.example.nl/wijk/x/inbreng/7/" in message.body
    assert "https://wijken.example.nl/account/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'href="https://wijken.example.nl/wijk/x/inbreng/7/"' in html
    assert Notification.objects.get(recipient=user).mailed_at is not None


def test_immediate_mail_through_on_commit(make_user, site_url, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], **PUBLISHED)
    assert len(mailoutbox) == 1 and "https://wijken.example.nl/wijk/x/inbreng/7/" in mailoutbox[0].body


def test_rolled_back_change_mails_nobody(make_user, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[user], **PUBLISHED)
    # the callbacks are dropped, as on rollback: nothing was sent
    assert len(callbacks) == 1 and mailoutbox == []


def test_send_notification_mail_twice_mails_once(make_user, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notify(recipients=[user], **PUBLISHED)
    assert send_notification_mail([notification.pk]) == 1
    assert send_notification_mail([notification.pk, notification.pk]) == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_leaves_the_notification_for_a_retry(make_user, mailoutbox, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    from wijkgericht.notifications import tasks

    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notify(recipients=[user], **PUBLISHED)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(tasks, "_send", broken)
    with pytest.raises(ConnectionRefusedError):
        send_notification_mail.run([notification.pk])
    notification.refresh_from_db()
    assert notification.mailed_at is None
    monkeypatch.undo()
    assert send_notification_mail([notification.pk]) == 1


def test_digest_preference_gets_no_immediate_mail_and_one_digest(
        make_user, site_url, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.DIGEST)
    other = make_user(MailPreference.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], **PUBLISHED)
        notify(recipients=[user, other], event="item.done", params={"title": "Kapotte lantaarn"},
               url="/wijk/x/inbreng/8/")
        notify(recipients=[user], event="comment.approved", params={"title": "Speeltuin"}, url="")
    assert mailoutbox == []
    assert send_daily_digests() == 2
    assert len(mailoutbox) == 2
    mine = next(m for m in mailoutbox if m.to == [user.email])
    assert "3" in mine.subject
    for text in ("Bankje bij de vijver", "Kapotte lantaarn", "Speeltuin",
                 "https://wijken.example.nl/wijk/x/inbreng/7/", "https://wijken.example.nl/wijk/x/inbreng/8/",
                 "https://wijken.example.nl/berichten/", "https://wijken.example.nl/account/"):
        assert text in mine.body, text
    assert "Kapotte lantaarn" in mine.alternatives[0][0]
    assert not Notification.objects.filter(mailed_at__isnull=True).exists()
    assert send_daily_digests() == 0
    assert len(mailoutbox) == 2


def test_digest_skips_notifications_already_read_or_too_old(make_user, mailoutbox):
    user = make_user(MailPreference.DIGEST)
    read, old, fresh = (notify(recipients=[user], event="item.published", params={"title": t}, url="/x/")[0]
                        for t in ("Gelezen", "Oud", "Vers"))
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    assert send_daily_digests() == 1
    [message] = mailoutbox
    assert "Vers" in message.body and "Gelezen" not in message.body and "Oud" not in message.body


def test_none_preference_never_gets_mail(make_user, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user(MailPreference.NONE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [notification] = notify(recipients=[user], **PUBLISHED)
    assert callbacks == []
    assert send_notification_mail([notification.pk]) == 0
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert send_daily_digests() == 0
    assert mailoutbox == []
    assert Notification.objects.get().mailed_at is None


def test_preference_changed_to_none_before_sending_stops_the_mail(make_user, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notify(recipients=[user], **PUBLISHED)
    user.mail_preference = MailPreference.NONE
    user.save()
    assert send_notification_mail([notification.pk]) == 0 and mailoutbox == []


def test_daily_run_sends_immediate_mail_that_was_never_queued(make_user, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    user = make_user(MailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False):  # the queue was down: the callback never ran
        notify(recipients=[user], **PUBLISHED)
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert send_daily_digests() == 0  # no digest, but the missed mail goes out
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]


def test_send_digests_command(make_user, mailoutbox):
    user = make_user(MailPreference.DIGEST)
    notify(recipients=[user], **PUBLISHED)
    call_command("send_digests")
    call_command("send_digests")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]


def test_mail_is_dutch_even_when_the_request_was_english(make_user, mailoutbox):
    from django.utils import translation

    user = make_user(MailPreference.IMMEDIATE)
    [notification] = notify(recipients=[user], **PUBLISHED)
    with translation.override("en"):
        send_notification_mail([notification.pk])
    assert mailoutbox[0].subject.startswith("Gepubliceerd")
    assert mail.outbox is mailoutbox
