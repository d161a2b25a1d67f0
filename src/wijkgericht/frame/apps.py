from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameConfig(AppConfig):
    """The site's frame: what every app's pages share (base context, staff scope, forms, page cache, guards)."""

    name = "wijkgericht.frame"
    verbose_name = _("Paginaraamwerk")
