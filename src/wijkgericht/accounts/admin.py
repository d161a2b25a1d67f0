from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from wijkgericht.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "pseudonym", "is_staff", "is_active"]
    search_fields = ["email", "pseudonym", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "pseudonym")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
