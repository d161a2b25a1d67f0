"""Where a person's data lives: a registry of providers, one per app that stores something about a person.

The export (AVG art. 15 and 20), the erasure of an account and "whose public pages show this person" ask every
registered provider, so `accounts` needs to know no domain app. An app registers its provider from its
`AppConfig.ready` (apps below `accounts` — `governance` — are registered by `accounts`' own `ready`, since they may
not import this module). Each provider names the models it answers for, and a test fails when a model with a link to
a user is named by none (`uncovered_models`).

Providers run in their `order`, lowest first — for the export's sections, the deletion blockers and the erasure.
The erasure order matters where one app's erasure changes what another finds: places are released (agenda) before
unpublished items go (participation), and notifications are counted after those items went, since an item's
notifications go with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import PersonalDataAccess, StaffRole, User


class Erase(Protocol):
    def __call__(self, user: User, *, keep_unpublished: bool) -> dict[str, int]: ...


@dataclass(frozen=True)
class Provider:
    """What one app stores about a person, and how it is exported and erased.

    - `section`: the provider's name; an export that is a list goes under this key, one that is a dict adds its keys
      to the top level of the export (no two providers may bring the same key).
    - `order`: when this provider runs, lowest first.
    - `models`: every model of the app with a link to a user, exported and erased here or knowingly left as it is
      (say why beside the provider).
    - `export(user)`: this app's part of the export, plain JSON-able data.
    - `erase(user, *, keep_unpublished)`: runs inside the erasure's transaction, before the user row is deleted
      (which cascades or sets NULL per foreign key); returns counts for the erasure's audit row. What cannot be
      rolled back (files) is scheduled with `after_commit`.
    - `blocks_deletion(user)`: why the account may not delete itself now (for the user), or None.
    - `municipalities_showing(user)`: the municipalities whose public pages show something of the user.
    """

    section: str
    order: int
    models: tuple[type[models.Model], ...]
    export: Callable[[User], dict[str, Any] | list[Any]] | None = None
    erase: Erase | None = None
    blocks_deletion: Callable[[User], str | None] | None = None
    municipalities_showing: Callable[[User], Iterable[int]] | None = None


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add `provider` (from `AppConfig.ready`). Registering a section again replaces it: `ready` may run twice."""
    _providers[provider.section] = provider


def unregister(section: str) -> Provider | None:
    """Take a provider out again (tests)."""
    return _providers.pop(section, None)


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.section))


def when(value: Any) -> str | None:
    """A date or moment as the export writes it: ISO 8601, or None."""
    return value.isoformat() if value else None


def export(user: User) -> dict[str, Any]:
    """Every provider's part of `user`'s export, in provider order."""
    data: dict[str, Any] = {}
    for provider in providers():
        if provider.export is None:
            continue
        part = provider.export(user)
        sections = part if isinstance(part, dict) else {provider.section: part}
        if clash := data.keys() & sections.keys():
            raise ImproperlyConfigured(f"Personal data provider {provider.section!r} exports {sorted(clash)} again.")
        data.update(sections)
    return data


def deletion_blocker(user: User) -> str | None:
    """The first provider's reason why `user` may not delete their own account now, or None."""
    for provider in providers():
        if provider.blocks_deletion is not None and (reason := provider.blocks_deletion(user)):
            return reason
    return None


def erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    """Run every provider's erasure, in provider order, inside the caller's transaction; their counts together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An erasure runs inside the transaction that deletes the account.")
    counts: dict[str, int] = {}
    for provider in providers():
        if provider.erase is not None:
            counts.update(provider.erase(user, keep_unpublished=keep_unpublished))
    return counts


def after_commit(cleanup: Callable[[], None]) -> None:
    """Schedule what an erasure cannot roll back (removing files) for when it has committed: a rolled-back erasure
    keeps its files."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("after_commit belongs inside an erasure's transaction.")
    transaction.on_commit(cleanup)


def municipality_ids(*querysets: models.QuerySet) -> set[int]:
    """The distinct ids in querysets of municipality ids (`values_list(..., flat=True)`): a provider's answer to
    which municipalities show something of a person."""
    found: set[int] = set()
    for rows in querysets:
        found.update(rows.order_by().distinct())
    return found


def municipalities_showing(user: User) -> set[int]:
    """The municipalities whose public pages may show something of `user`, by every provider."""
    found: set[int] = set()
    for provider in providers():
        if provider.municipalities_showing is not None:
            found.update(provider.municipalities_showing(user))
    return found


def uncovered_models() -> list[str]:
    """Our models with a link to a user that no registered provider names: their data would be missing from the
    export and the erasure would not have considered them."""
    covered = {model for provider in providers() for model in provider.models}
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("wijkgericht.") or model in covered:
            continue
        if any(field.is_relation and field.related_model is user_model and not field.auto_created
               for field in model._meta.get_fields()):
            found.append(model._meta.label)
    return sorted(found)


# --- accounts' own part ---------------------------------------------------------------------------------------------

def _staff_roles_and_access_log(user: User) -> dict[str, Any]:
    return {
        "staff_roles": [
            {"role": r.role, "municipality": r.municipality.name, "district": r.district.name if r.district else None}
            for r in StaffRole.objects.filter(user=user).select_related("municipality", "district")
        ],
        "personal_data_access": [
            {"at": when(a.at), "purpose": a.purpose, "by_yourself": a.accessor_id == user.pk}
            for a in PersonalDataAccess.objects.filter(subject=user).order_by("at", "pk")
        ],
    }


def _access_log_erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    """The access log keeps no pseudonym that would tie the now anonymous contributions back to a person."""
    PersonalDataAccess.objects.filter(subject=user).update(subject_label="verwijderd account")
    return {}


def _staff_role_blocker(user: User) -> str | None:
    if StaffRole.objects.filter(user=user).exists():
        return _("U hebt nog een rol bij de gemeente (wethouder, wijkregisseur, moderator of beheerder). "
                 "Vraag een beheerder eerst die rol te beëindigen; daarna kunt u uw account verwijderen.")
    return None


def accounts_provider() -> Provider:
    """Staff roles and the access log (the account row itself is the export's "account", services.py)."""
    return Provider(section="accounts", order=0, models=(StaffRole, PersonalDataAccess),
                    export=_staff_roles_and_access_log, erase=_access_log_erase,
                    blocks_deletion=_staff_role_blocker)
