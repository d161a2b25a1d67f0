"""Back office for the board. District assignments are history: added through the domain service (which closes
the previous one) and closed, never edited or deleted; the service's refusals show as form errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from wijkgericht.governance.models import Alderman, DistrictAssignment, Portfolio, PortfolioHolding, Term
from wijkgericht.governance.services import assignment_end, district_alderman_assign
from wijkgericht.participation import photos


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "start", "end"]
    list_filter = ["municipality"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "is_example"]
    list_filter = ["municipality", "is_example"]
    search_fields = ["name"]


class HoldingInline(admin.TabularInline):
    model = PortfolioHolding
    extra = 0
    autocomplete_fields = ["portfolio"]


class AldermanForm(forms.ModelForm):
    """The admin builds the fields (ModelAdmin.get_form); this adds the photo check."""

    def clean_photo(self) -> Any:
        return photos.photo_field_clean(self.cleaned_data.get("photo"))  # checked and re-encoded like residents'


@admin.register(Alderman)
class AldermanAdmin(admin.ModelAdmin):
    form = AldermanForm
    list_display = ["name", "role", "party", "municipality"]
    list_filter = ["municipality", "role", "terms"]
    search_fields = ["name", "party"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["terms"]
    inlines = [HoldingInline]


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = DistrictAssignment
        fields = ["district", "alderman", "valid_from", "valid_to", "is_example", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            if self.instance.pk is None:
                # Run the service now, inside the admin's transaction, so its refusal is a form error.
                self.instance = district_alderman_assign(
                    district=data["district"], alderman=data["alderman"], valid_from=data["valid_from"],
                    valid_to=data.get("valid_to"), is_example=data.get("is_example", False),
                    note=data.get("note", ""),
                )
            elif data.get("valid_to") and self.initial.get("valid_to") is None:
                self.instance = assignment_end(assignment=self.instance, valid_to=data["valid_to"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return data


@admin.register(DistrictAssignment)
class DistrictAssignmentAdmin(admin.ModelAdmin):
    form = AssignmentForm
    list_display = ["district", "alderman", "valid_from", "valid_to", "is_example"]
    list_filter = ["district__municipality", "alderman", "is_example"]
    list_select_related = ["district", "alderman"]
    search_fields = ["district__name", "alderman__name"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request: HttpRequest, obj: DistrictAssignment | None = None) -> list[str]:
        if obj is None:
            return []
        closed = obj.valid_to is not None
        return ["district", "alderman", "valid_from", "is_example", "note", *(["valid_to"] if closed else [])]

    def save_model(self, request: HttpRequest, obj: DistrictAssignment, form: Any, change: bool) -> None:
        """The form's clean() already saved through the domain service; nothing else may write."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
