from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "wijkgericht.districts"
    verbose_name = _("Wijken en buurten")

    def ready(self) -> None:
        from wijkgericht.districts.models import District, Municipality, Neighbourhood
        from wijkgericht.districts.versioning import touch_geo_on_change, touch_on_change

        post_save.connect(touch_on_change, sender=Municipality, dispatch_uid="touch-Municipality")
        post_delete.connect(touch_on_change, sender=Municipality, dispatch_uid="touch-del-Municipality")
        for model in (District, Neighbourhood):  # names, slugs and membership are part of every lookup answer
            post_save.connect(touch_geo_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_geo_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
