"""Reads of the college's decisions: for the evaluation page, a district's page, and the follow-up."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.models import Decision


def _decisions(municipality: Municipality) -> QuerySet[Decision]:
    return (Decision.objects.filter(municipality=municipality)
            .select_related("owner", "new_alderman", "reassigned_district").prefetch_related("districts"))


def decisions(*, municipality: Municipality, public_only: bool = True) -> QuerySet[Decision]:
    queryset = _decisions(municipality)
    return queryset.filter(is_public=True) if public_only else queryset


def district_decisions(*, district: District, public_only: bool = True) -> QuerySet[Decision]:
    """Decisions about this district, and those for the whole municipality (no districts named)."""
    queryset = decisions(municipality=district.municipality, public_only=public_only)
    return queryset.filter(Q(districts=district) | Q(districts__isnull=True)).distinct()


def overdue(*, municipality: Municipality, on: dt.date) -> QuerySet[Decision]:
    """Decisions not done whose date for being carried out has passed."""
    return (_decisions(municipality).exclude(status=Decision.Status.DONE).filter(due_date__lt=on)
            .order_by("due_date", "pk"))


def for_measure(*, municipality: Municipality, key: str, public_only: bool = True) -> list[Decision]:
    """Decisions that rest on a measure (JSON list membership, checked in Python: few decisions per municipality)."""
    return [d for d in decisions(municipality=municipality, public_only=public_only) if key in (d.measures or [])]
