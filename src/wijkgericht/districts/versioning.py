"""Version counters that let every process cache what the public pages show, without serving stale data.

Each write that changes what a municipality's public pages or API show raises `Municipality.content_version`;
a write that changes what the point lookup answers (neighbourhood boundaries, membership, district names and slugs,
the active division) also raises `geo_version`, which keys the lookup's index (lookup.py). Readers fetch the two counters with the municipality row they need anyway, and
key their caches on them: one query per request, and a change is visible at once in every worker.

The service that makes such a write says so: `public_pages_changed(municipality_id)`, one call. The raise waits
until the write's transaction commits and is then one short UPDATE of its own, so the write transaction never locks
the municipality row (concurrent support clicks and submissions do not queue on it), a rolled-back write raises
nothing, and many writes in one transaction raise once. No model signal does it, so reading a service shows what
it invalidates. The admin's edits raise through `PublicPagesAdmin`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F

from wijkgericht.core.after_commit import once_after_commit
from wijkgericht.districts.models import Municipality


class _Versions:
    """What one commit raises for one municipality: every call in the transaction adds to this, so the counters
    move once however many writes asked."""

    __slots__ = ("geo", "municipality_id")

    def __init__(self, municipality_id: int) -> None:
        self.municipality_id, self.geo = municipality_id, False


def _raise(versions: _Versions) -> None:
    """After the commit: one short UPDATE of its own (autocommit), never a lock inside the write's transaction."""
    counters = {"content_version": F("content_version") + 1}
    if versions.geo:
        counters["geo_version"] = F("geo_version") + 1
    Municipality.objects.filter(pk=versions.municipality_id).update(**counters)


def public_pages_changed(municipality_id: int | None, *, geo: bool = False) -> None:
    """Raise the municipality's content version (and with `geo`, its geo version) once the surrounding
    transaction commits; at once outside a transaction. Called by services after a write that changes what the
    municipality's public pages or API show; however often a transaction calls it, the counters move once
    (core/after_commit.py)."""
    if municipality_id is None:
        return

    def add(versions: _Versions) -> None:
        versions.geo = versions.geo or geo

    once_after_commit(("public_pages", municipality_id), start=lambda: _Versions(municipality_id), add=add,
                      act=_raise)


def municipality_of(instance: Any) -> int | None:
    """The municipality a row of ours belongs to (directly or through its district, alderman or item), or None."""
    if isinstance(instance, Municipality):
        return instance.pk
    for path in ("municipality_id", "district", "alderman", "item"):
        value = getattr(instance, path, None)
        if isinstance(value, int):
            return value
        if value is not None and hasattr(value, "municipality_id"):
            return value.municipality_id
    return None


class PublicPagesAdmin:
    """ModelAdmin mixin (put it first among the bases): what the admin adds, changes or deletes raises the
    municipality's versions after commit, as the services do. `public_pages_geo`: also the geo version (areas)."""

    public_pages_geo = False

    def _changed(self, municipality_id: int | None) -> None:
        public_pages_changed(municipality_id, geo=self.public_pages_geo)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self._changed(municipality_of(obj))

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        """Many-to-many fields and inlines are saved here, after save_model."""
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        self._changed(municipality_of(form.instance))

    def delete_model(self, request: Any, obj: Any) -> None:
        municipality_id = municipality_of(obj)  # read while its relations still exist
        super().delete_model(request, obj)  # type: ignore[misc]
        self._changed(municipality_id)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        municipality_ids = {municipality_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        for municipality_id in sorted(m for m in municipality_ids if m is not None):
            self._changed(municipality_id)
