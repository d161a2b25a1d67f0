from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wijkgericht.participation"
    verbose_name = _("Inwonersinbreng")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.participation.personal_data import provider

        personal_data.register(provider)  # items, reactions, support, follows: export and erasure

        from wijkgericht.districts.versioning import touch_on_change
        from wijkgericht.participation.models import (
            AdviceRequest,
            Comment,
            Item,
            Photo,
            StatusChange,
            Support,
            Theme,
        )

        for model in (Theme, Item, StatusChange, AdviceRequest, Support, Comment, Photo):
            post_save.connect(touch_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
