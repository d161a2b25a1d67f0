from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "wijkgericht.governance"
    verbose_name = _("Bestuur")

    def ready(self) -> None:
        from wijkgericht.districts.versioning import touch_on_change
        from wijkgericht.governance.models import (
            Alderman,
            DistrictAssignment,
            Portfolio,
            PortfolioHolding,
            Term,
        )

        for model in (Term, Portfolio, Alderman, PortfolioHolding, DistrictAssignment):
            post_save.connect(touch_on_change, sender=model, dispatch_uid=f"touch-{model.__name__}")
            post_delete.connect(touch_on_change, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
        m2m_changed.connect(touch_on_change, sender=Alderman.terms.through, dispatch_uid="touch-alderman-terms")
