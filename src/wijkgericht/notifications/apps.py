from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wijkgericht.notifications"
    verbose_name = _("Berichten")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.notifications import celery  # noqa: F401  (the Celery app, configured from settings)
        from wijkgericht.notifications.personal_data import provider

        personal_data.register(provider)
