from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "wijkgericht.agenda"
    verbose_name = _("Kennismaken met de wijk")

    def ready(self) -> None:
        from wijkgericht.agenda.models import Activity, AgendaItem, Partner, VisitReport
        from wijkgericht.districts.models import Municipality
        from wijkgericht.districts.versioning import touch_on_change

        for model in (Partner, Activity, AgendaItem, VisitReport):
            post_save.connect(touch_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
        for through in (Partner.districts.through, Activity.districts.through):
            m2m_changed.connect(_touch_m2m, sender=through, dispatch_uid=f"touch-m2m-{through.__name__}")
        # A new municipality can plan activities at once; pages never write the kinds on a GET.
        post_save.connect(_default_kinds, sender=Municipality, dispatch_uid="agenda-default-kinds")

        from wijkgericht.accounts import personal_data
        from wijkgericht.agenda.personal_data import provider

        personal_data.register(provider)  # registrations, meeting requests, actions: export and erasure


def _touch_m2m(sender, instance, action, **kwargs):  # noqa: ANN001, ANN202 - signal signature
    from wijkgericht.districts.versioning import touch_on_change

    if action.startswith("post_"):
        touch_on_change(sender, instance)


def _default_kinds(sender, instance, created, raw=False, **kwargs):  # noqa: ANN001, ANN202 - signal signature
    """Give a new municipality the default activity kinds (migration 0002 gave them to the existing ones). Not
    for fixtures (raw): those bring their own rows."""
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults

    if created and not raw:
        kinds_ensure_defaults(instance)
