from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "wijkgericht.districts"
    verbose_name = _("Wijken en buurten")
