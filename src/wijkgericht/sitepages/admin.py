"""Back office: a municipality's facts for its statement pages and open data, and its own page texts. Every edit
raises the municipality's content version (PublicPagesAdmin), so the cached pages show it at once."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.versioning import PublicPagesAdmin
from wijkgericht.sitepages.models import SiteInfo, SitePage


@admin.register(SiteInfo)
class SiteInfoAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["municipality", "accessibility_status", "data_licence", "updated_at"]
    fieldsets = [
        (None, {"fields": ["municipality"]}),
        (_("Contact"), {"fields": ["contact_email", "contact_phone", "contact_form_url", "website_url",
                                   "visiting_address", "postal_address", "opening_hours_nl", "opening_hours_en"]}),
        (_("Privacy"), {"fields": ["privacy_officer_email"]}),
        (_("Toegankelijkheid"), {"fields": ["accessibility_status", "accessibility_signed_on", "accessibility_audit_by",
                                            "accessibility_audit_on", "accessibility_audit_url",
                                            "accessibility_issues_nl", "accessibility_issues_en"]}),
        (_("Open data"), {"fields": ["data_licence"]}),
    ]


@admin.register(SitePage)
class SitePageAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["kind", "municipality", "updated_at"]
    list_filter = ["municipality", "kind"]
    fields = ["municipality", "kind", "text_nl", "text_en"]
