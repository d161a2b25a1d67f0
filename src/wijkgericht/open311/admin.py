"""API keys in the back office. A new key is shown once, in a message right after saving; afterwards only its
prefix is known. To replace a key: make a new one, then switch the old one off."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.open311.keys import key_assign
from wijkgericht.open311.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "prefix", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["name", "prefix"]
    fields = ["name", "municipality", "is_active", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    actions = ["deactivate"]

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        plain = None if change else key_assign(obj)
        super().save_model(request, obj, form, change)
        if plain is not None:
            messages.warning(request, _("De API-sleutel voor %(name)s is: %(key)s — kopieer hem nu; hij wordt niet "
                                        "bewaard en is hierna niet meer te zien.") % {"name": obj.name, "key": plain})

    @admin.action(description=gettext_lazy("Geselecteerde sleutels intrekken"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = queryset.update(is_active=False)
        messages.success(request, _("%d sleutel(s) ingetrokken.") % count)
