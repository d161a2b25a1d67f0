from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wijkgericht.participation"
    verbose_name = _("Inwonersinbreng")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.participation.personal_data import provider

        personal_data.register(provider)  # items, reactions, support, follows: export and erasure
