from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "wijkgericht.agenda"
    verbose_name = _("Kennismaken met de wijk")

    def ready(self) -> None:
        from wijkgericht.districts.models import Municipality

        # A new municipality can plan activities at once; pages never write the kinds on a GET.
        post_save.connect(_default_kinds, sender=Municipality, dispatch_uid="agenda-default-kinds")

        from wijkgericht.accounts import personal_data
        from wijkgericht.agenda.personal_data import provider

        personal_data.register(provider)  # registrations, meeting requests, actions: export and erasure


def _default_kinds(sender, instance, created, raw=False, **kwargs):  # noqa: ANN001, ANN202 - signal signature
    """Give a new municipality the default activity kinds (migration 0002 gave them to the existing ones). Not
    for fixtures (raw): those bring their own rows."""
    from wijkgericht.agenda.services.kinds import kinds_ensure_defaults

    if created and not raw:
        kinds_ensure_defaults(instance)
