from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wijkgericht.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from wijkgericht.accounts import checks  # noqa: F401 - registers the deploy checks


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our AdminSite as admin.site (accounts/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; "wijkgericht.accounts" stays AccountsConfig
    default_site = "wijkgericht.accounts.admin_site.AdminSite"
