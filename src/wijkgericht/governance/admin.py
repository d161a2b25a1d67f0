"""Back office for the board. District assignments are history: added through the domain service (which closes
the previous one) and closed, never edited or deleted; the service's refusals show as form errors. Every edit raises
the municipality's content version after commit (`PublicPagesAdmin`): the board and district pages show it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from wijkgericht.core import images
from wijkgericht.districts.versioning import PublicPagesAdmin
from wijkgericht.governance.models import Alderman, DistrictAssignment, Portfolio, PortfolioHolding, Term
from wijkgericht.governance.services import assignment_end, district_alderman_assign


@admin.register(Term)
class TermAdmin(PublicPagesAdmin, TranslationAdmin):  # the coalition agreement in nl and en
    list_display = ["name", "municipality", "start", "end"]
    list_filter = ["municipality"]


@admin.register(Portfolio)
class PortfolioAdmin(PublicPagesAdmin, TranslationAdmin):  # name and description in nl and en
    list_display = ["name", "municipality", "is_example"]
    list_filter = ["municipality", "is_example"]
    search_fields = ["name"]


class HoldingInline(admin.TabularInline):
    model = PortfolioHolding
    extra = 0
    autocomplete_fields = ["portfolio"]


USER_HELP = _(
    "Het account waarmee deze wethouder zich aanmeldt; daarmee ziet de wethouder op de werkplek de wijken en "
    "portefeuilles die hier bij de wethouder staan. Het account moet al bestaan (zelf geregistreerd, of gemaakt "
    "onder Accounts) en hoort bij één wethouder. Bij de eerste aanmelding stelt de wethouder een tweede factor in "
    "(een authenticator-app); zonder die opent geen pagina voor medewerkers."
)


class AldermanForm(forms.ModelForm):
    """The admin builds the fields (ModelAdmin.get_form); this adds the photo check and the account link's rules:
    one account per alderman and an active account. What the second factor asks of the account (not the demo's
    skipping one; a warning while it has none) is accounts' rule, added where accounts extends this admin
    (accounts/admin.py: accounts sits above governance and governance never imports it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].help_text = USER_HELP

    def clean_photo(self) -> Any:
        return images.photo_field_clean(self.cleaned_data.get("photo"))  # checked and re-encoded like residents'

    def clean_user(self) -> Any:
        user = self.cleaned_data.get("user")
        if user is None:
            return user
        other = Alderman.objects.filter(user=user).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise ValidationError(_("Dit account is al gekoppeld aan %(other)s. Eén account hoort bij één "
                                    "wethouder: koppel het daar eerst los.") % {"other": other})
        if not user.is_active:
            raise ValidationError(_("Dit account is niet actief: daarmee kan niemand zich aanmelden."))
        return user


@admin.register(Alderman)
class AldermanAdmin(PublicPagesAdmin, admin.ModelAdmin):
    form = AldermanForm
    list_display = ["name", "role", "party", "account", "municipality"]
    list_filter = ["municipality", "role", "terms", ("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "party"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["terms"]
    autocomplete_fields = ["user"]
    inlines = [HoldingInline]

    @admin.display(description=_("account"))
    def account(self, alderman: Alderman) -> str:
        return alderman.user.email if alderman.user_id else "—"


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
class DistrictAssignmentAdmin(PublicPagesAdmin, admin.ModelAdmin):
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
