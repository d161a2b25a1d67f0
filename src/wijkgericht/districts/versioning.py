"""Version counters that let every process cache what the public pages show, without serving stale data.

Each write that changes what a municipality's pages or API show raises `Municipality.content_version`
(boundaries and membership also raise `geo_version`, see services). Readers fetch the two counters with the
municipality row they need anyway, and key their caches on them: one query per request, and a change is visible at
once in every worker. The receivers below only invalidate caches; they carry no domain rule.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F

from wijkgericht.districts.models import Municipality


def municipality_touch(*, municipality_id: int | None) -> None:
    if municipality_id is not None:
        Municipality.objects.filter(pk=municipality_id).update(content_version=F("content_version") + 1)


def municipality_touch_on_commit(*, municipality_id: int | None) -> None:
    """Raise the content version once the surrounding transaction commits (at once outside one). For writes that
    change public pages but no receiver below sees: queryset update()/delete() of unsignalled fields, SET NULL on
    deleting a user, the user row itself. Called explicitly by the service that makes the write."""
    if municipality_id is not None:
        transaction.on_commit(partial(municipality_touch, municipality_id=municipality_id))


def touch_on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_save/post_delete receiver for any model that knows its municipality (directly or through a relation)."""
    municipality_touch(municipality_id=municipality_of(instance))


def municipality_of(instance: Any) -> int | None:
    if isinstance(instance, Municipality):
        return instance.pk
    for path in ("municipality_id", "district", "alderman", "item"):
        value = getattr(instance, path, None)
        if isinstance(value, int):
            return value
        if value is not None and hasattr(value, "municipality_id"):
            return value.municipality_id
    return None


def touch_geo_on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_save/post_delete receiver for districts and neighbourhoods: what the point lookup answers changes too."""
    municipality_id = municipality_of(instance)
    if municipality_id is not None:
        Municipality.objects.filter(pk=municipality_id).update(geo_version=F("geo_version") + 1,
                                                               content_version=F("content_version") + 1)
