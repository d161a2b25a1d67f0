"""Notifications in the admin: read-only, and without their parameters (titles, reasons, a resident's words) — the
recipient, the event and the times are what support needs."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from wijkgericht.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "read_at", "mailed_at"]
    list_filter = ["event", ("read_at", admin.EmptyFieldListFilter), ("mailed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    fields = ["recipient", "event", "url", "item", "created_at", "read_at", "mailed_at"]
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
