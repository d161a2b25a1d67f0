from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wijkgericht.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from wijkgericht.accounts import checks, personal_data  # noqa: F401 - checks registers the deploy checks
        from wijkgericht.governance import personal_data as governance_data

        personal_data.register(personal_data.accounts_provider())
        # Governance lies below accounts and cannot import the registry: its part is registered from here.
        personal_data.register(personal_data.Provider(
            section=governance_data.SECTION, order=governance_data.ORDER, models=governance_data.MODELS,
            export=governance_data.alderman_export, blocks_deletion=governance_data.alderman_blocks_deletion))


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our AdminSite as admin.site (accounts/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; "wijkgericht.accounts" stays AccountsConfig
    default_site = "wijkgericht.accounts.admin_site.AdminSite"
