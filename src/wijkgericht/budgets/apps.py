from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "wijkgericht.budgets"
    verbose_name = _("Wijkbudget")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.budgets.personal_data import provider

        personal_data.register(provider)  # verified residence for voting: export and erasure
