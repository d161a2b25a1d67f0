"""Back office for what a municipality configures about residents' input: the themes a resident chooses from.

Each theme belongs to a portfolio of the same municipality, whose holder is asked for advice (the coordination
rule in workflow.py); the rules show as form errors. Residents' items are handled on the staff pages, not here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from wijkgericht.districts.versioning import PublicPagesAdmin
from wijkgericht.participation.models import ResponseTerm, Theme


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["municipality", "name_nl", "name_en", "slug", "portfolio", "icon", "order"]  # name in nl and en
        error_messages = {
            "portfolio": {"required": _("Kies de portefeuille van dit thema: de houder ervan wordt om advies "
                                        "gevraagd over inbreng met dit thema.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        municipality, portfolio = data.get("municipality"), data.get("portfolio")
        if municipality is not None and portfolio is not None and portfolio.municipality_id != municipality.pk:
            self.add_error("portfolio", _("Deze portefeuille hoort bij een andere gemeente (%(other)s).")
                           % {"other": portfolio.municipality})
        return data


@admin.register(Theme)
class ThemeAdmin(PublicPagesAdmin, TranslationAdmin):  # the themes show on public pages
    form = ThemeForm
    list_display = ["name", "icon", "portfolio", "order", "municipality"]
    list_editable = ["order"]
    list_filter = ["municipality", "portfolio"]
    list_select_related = ["portfolio", "municipality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["portfolio"]


@admin.register(ResponseTerm)
class ResponseTermAdmin(admin.ModelAdmin):
    """The term a municipality promises residents after they submit (shown on the receipt and in its mail)."""

    list_display = ["municipality", "working_days"]
    list_select_related = ["municipality"]
