from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "wijkgericht.budgets"
    verbose_name = _("Wijkbudget")

    def ready(self) -> None:
        from wijkgericht.accounts import personal_data
        from wijkgericht.budgets.personal_data import provider

        personal_data.register(provider)  # verified residence for voting: export and erasure

        from wijkgericht.accounts.oidc_auth import OIDCBackend, oidc_claims_received

        # DigiD's address and birth date at sign-in verify where a resident lives (accounts may not import budgets).
        oidc_claims_received.connect(_verify_from_claims, sender=OIDCBackend, dispatch_uid="budgets.oidc_verification")


def _verify_from_claims(sender, *, user, claims, **kwargs) -> None:
    from wijkgericht.budgets.services.eligibility import verification_from_claims

    verification_from_claims(user, claims)
