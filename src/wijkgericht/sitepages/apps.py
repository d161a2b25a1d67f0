from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    """The pages every Dutch government site has (privacy, accessibility, contact, about) and the open-data page
    with its DCAT-AP-NL catalogue: above the domain apps (reads their selectors), beside web."""

    name = "wijkgericht.sitepages"
    label = "sitepages"
    verbose_name = _("Vaste pagina's en open data")
