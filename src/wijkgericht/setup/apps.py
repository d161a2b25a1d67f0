from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    """The set-up page, command and check: above the domain apps (reads their selectors), beside web."""

    name = "wijkgericht.setup"
    label = "wijkgericht_setup"  # "setup" alone is too likely to clash with a third-party app
    verbose_name = _("Inrichting")

    def ready(self) -> None:
        from wijkgericht.setup import checks  # noqa: F401 - registers the set-up check
