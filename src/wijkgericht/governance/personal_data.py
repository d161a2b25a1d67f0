"""A person's data in governance: the alderman an account signs in as. Governance lies below accounts, so it cannot
register this itself: accounts' `ready` registers these functions (accounts/personal_data.py describes a provider).

Nothing is erased here: an alderman's account cannot delete itself (the blocker), and when an administrator deletes
it the alderman stays, without its account (SET NULL).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from wijkgericht.governance.models import Alderman

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

SECTION = "alderman"
ORDER = 10
MODELS = (Alderman,)


def alderman_export(user: AbstractBaseUser) -> list[dict[str, Any]]:
    return [{"name": a.name, "municipality": a.municipality.name}
            for a in Alderman.objects.filter(user=user).select_related("municipality")]


def alderman_blocks_deletion(user: AbstractBaseUser) -> str | None:
    """An alderman ends their role through an administrator first (the same words as for a staff role)."""
    if Alderman.objects.filter(user=user).exists():
        return _("U hebt nog een rol bij de gemeente (wethouder, wijkregisseur, moderator of beheerder). "
                 "Vraag een beheerder eerst die rol te beëindigen; daarna kunt u uw account verwijderen.")
    return None
