from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "wijkgericht.agenda"
    verbose_name = _("Kennismaken met de wijk")

    def ready(self) -> None:
        from wijkgericht.agenda.models import Activity, AgendaItem, Partner, VisitReport
        from wijkgericht.districts.versioning import touch_on_change

        for model in (Partner, Activity, AgendaItem, VisitReport):
            post_save.connect(touch_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
        for through in (Partner.districts.through, Activity.districts.through):
            m2m_changed.connect(_touch_m2m, sender=through, dispatch_uid=f"touch-m2m-{through.__name__}")


def _touch_m2m(sender, instance, action, **kwargs):  # noqa: ANN001, ANN202 - signal signature
    from wijkgericht.districts.versioning import touch_on_change

    if action.startswith("post_"):
        touch_on_change(sender, instance)
