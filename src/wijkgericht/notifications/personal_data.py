"""A person's notifications, for the export and the erasure of an account (accounts/personal_data.py, registered in
apps.py). They go with the account (CASCADE); the erasure counts them after participation's, since the notifications
about an unpublished item that goes went with it."""

from __future__ import annotations

from typing import Any

from wijkgericht.accounts.models import User
from wijkgericht.accounts.personal_data import Provider, when
from wijkgericht.notifications.models import Notification


def notifications_export(user: User) -> list[dict[str, Any]]:
    return [
        {"event": n.event, "params": n.params, "url": n.url, "item_id": n.item_id,
         "created_at": when(n.created_at), "read_at": when(n.read_at), "mailed_at": when(n.mailed_at)}
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


def notifications_erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    return {"notifications": Notification.objects.filter(recipient=user).count()}


provider = Provider(section="notifications", order=40, models=(Notification,),
                    export=notifications_export, erase=notifications_erase)
