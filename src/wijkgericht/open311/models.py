"""API keys of the apps that file reports through Open311. Only a SHA-256 hash of each key is kept, with a short
visible prefix to recognise it by; the key itself is shown once, when it is made."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import Municipality


class ApiKey(models.Model):
    name = models.CharField(_("naam of organisatie"), max_length=150,
                            help_text=_("Wie deze sleutel gebruikt, bijvoorbeeld de naam van de meldingen-app."))
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"),
                                     help_text=_("Meldingen met deze sleutel komen bij deze gemeente binnen."))
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("actief"), default=True,
                                    help_text=_("Zet uit om de sleutel in te trekken; meldingen worden dan geweigerd."))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311-sleutel")
        verbose_name_plural = _("Open311-sleutels")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
