from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wijkgericht.participation"
    verbose_name = _("Inwonersinbreng")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.participation.personal_data import provider

        personal_data.register(provider)  # items, reactions, support, follows: export and erasure

        # Write first, sign in after: drafts are kept at registration and submitted at a confirmed sign-in.
        from django.contrib.auth.signals import user_logged_in

        from wijkgericht.accounts.signals import registered
        from wijkgericht.participation.pages.submission import on_login, on_registered

        user_logged_in.connect(on_login, dispatch_uid="participation.drafts_on_login")
        registered.connect(on_registered, dispatch_uid="participation.drafts_on_registered")
