from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm as BaseUserChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wijkgericht.accounts import secondfactor, services
from wijkgericht.accounts.models import PersonalDataAccess, StaffRole, User
from wijkgericht.accounts.pseudonyms import pseudonym_clean
from wijkgericht.governance import admin as governance_admin
from wijkgericht.governance.models import Alderman


class StaffRoleForm(forms.ModelForm):
    """The rules of a role as form errors (the database's check constraint alone says only that it failed)."""

    class Meta:
        model = StaffRole
        fields = ["user", "role", "municipality", "district"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role, municipality, district = data.get("role"), data.get("municipality"), data.get("district")
        if role == StaffRole.Role.CIVIL_SERVANT and district is None:
            self.add_error("district", _("Een wijkregisseur werkt voor een wijk: kies de wijk (één rol per wijk)."))
        elif role and role != StaffRole.Role.CIVIL_SERVANT and district is not None:
            self.add_error("district", _("Alleen een wijkregisseur heeft een wijk; deze rol geldt voor de hele "
                                         "gemeente. Laat de wijk leeg."))
        elif district is not None and municipality is not None and district.municipality_id != municipality.pk:
            self.add_error("district", _("Deze wijk hoort bij een andere gemeente (%(other)s).")
                           % {"other": district.municipality})
        user = data.get("user") or getattr(self.instance, "user", None)
        if user is not None and secondfactor.demo_skip(user):
            self.add_error(None, _("Dit is een demo-account dat de tweede factor overslaat; een medewerker meldt "
                                   "zich aan met een tweede factor. Kies een eigen account."))
        return data


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    form = StaffRoleForm
    extra = 0
    fields = ["role", "municipality", "district"]
    autocomplete_fields = ["district"]


class UserChangeForm(BaseUserChangeForm):
    def clean_pseudonym(self) -> str:
        """The same pseudonym rule as on the account page (accounts/pseudonyms.py)."""
        return pseudonym_clean(self.cleaned_data["pseudonym"], user=self.instance)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    ordering = ["email"]
    list_display = ["email", "pseudonym", "email_verified_at", "mail_preference", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "mail_preference",
                   ("email_verified_at", admin.EmptyFieldListFilter), "staff_roles__role"]
    search_fields = ["email", "pseudonym", "first_name", "last_name"]
    inlines = [StaffRoleInline]
    readonly_fields = ["privacy_accepted_at"]  # the resident's own act: nobody records it on their behalf
    fieldsets = (
        (None, {"fields": ("email", "password", "pseudonym")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name")}),
        (_("Deelnemen"), {"fields": ("email_verified_at", "privacy_accepted_at", "mail_preference")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "pseudonym" in form.changed_data:  # cached public pages show the old one
            services.public_pages_touch(obj)

    # A resident's account deleted here (an erasure request by letter or phone) is erased exactly as when the
    # resident does it: unpublished work goes, published work stays without a name, places pass on, an audit row.
    # Other accounts (staff) are deleted plainly; their contributions lose their author in bulk, so the pages that
    # showed them are refreshed (after commit, as every write that public pages show).
    def delete_model(self, request, obj):
        if services.deletion_blocker(obj) is None:
            services.account_delete(obj)
            return
        services.public_pages_touch(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)

    def get_deleted_objects(self, objs, request):
        """What goes with an account (follows, notifications, unpublished work) is the erasure's business: who may
        delete accounts needs no separate right per table (the read-only notification admin blocked every account
        that had ever been notified)."""
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "municipality", "district"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "user__pseudonym", "district__name"]
    list_select_related = ["user", "municipality", "district"]
    form = StaffRoleForm
    autocomplete_fields = ["user", "district"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The access log is evidence: it can be read here, never written, changed or deleted."""

    list_display = ["at", "accessor", "subject", "subject_label", "purpose"]
    list_filter = [("at", admin.DateFieldListFilter)]
    search_fields = ["accessor__email", "subject__email", "subject_label", "purpose"]
    list_select_related = ["accessor", "subject"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AldermanAccountForm(governance_admin.AldermanForm):
    """Governance's alderman form with what the second factor asks of the linked account: an alderman signs in with
    a second factor, so a demo account that skips it is refused."""

    def clean_user(self) -> Any:
        user = super().clean_user()
        if user is not None and secondfactor.demo_skip(user):
            raise ValidationError(_("Dit is een demo-account dat de tweede factor overslaat. Een wethouder meldt "
                                    "zich aan met een tweede factor: kies een eigen account."))
        return user


class AldermanAccountAdmin(governance_admin.AldermanAdmin):
    """Governance's alderman admin, extended here (accounts sits above governance) with the second factor's rules
    for the linked account: the form's refusal above, and a warning while the account has no second factor yet."""

    form = AldermanAccountForm

    def save_model(self, request: HttpRequest, obj: Alderman, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "user" in form.changed_data and obj.user is not None and not secondfactor.has_device(obj.user):
            messages.warning(request, _(
                "%(user)s heeft nog geen tweede factor. Bij de eerste aanmelding stelt %(name)s die in; pas daarna "
                "opent de werkplek.") % {"user": obj.user.email, "name": obj.name})


admin.site.unregister(Alderman)
admin.site.register(Alderman, AldermanAccountAdmin)
