from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "wijkgericht.districts"
    verbose_name = _("Wijken en buurten")

    def ready(self) -> None:
        from wijkgericht.districts.models import District, Municipality, Neighbourhood
        from wijkgericht.districts.versioning import touch_on_change

        for model in (Municipality, District, Neighbourhood):
            post_save.connect(touch_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
