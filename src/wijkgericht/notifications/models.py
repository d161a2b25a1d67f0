"""Notifications: one row per recipient and event, shown on the site and mailed at once or in a daily digest.

The text is not stored: `event` and `params` are rendered in the reader's language when shown (see events.py), so a
notification reads well in Dutch and in English and holds no more personal data than the ids it points to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("ontvanger"))
    event = models.CharField(_("gebeurtenis"), max_length=40)
    params = models.JSONField(_("gegevens"), default=dict, blank=True)
    url = models.CharField(_("adres"), max_length=300, blank=True)
    item = models.ForeignKey("participation.Item", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("inbreng"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["mailed_at", "created_at"], name="notification_unmailed"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.event}"
