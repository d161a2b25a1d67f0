from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "wijkgericht.web"
    verbose_name = _("Website")

    def ready(self) -> None:
        from wijkgericht.conf import checks  # noqa: F401 - registers the configuration checks
