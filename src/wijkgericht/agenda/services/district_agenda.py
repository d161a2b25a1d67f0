"""The district agenda (wijkagenda): the district's current priorities, where they came from, and their order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import permissions
from wijkgericht.agenda.models import AgendaItem, Partner, VisitReport
from wijkgericht.agenda.services.common import require, require_transition, require_visible_item
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.participation.models import Item


@transaction.atomic
def agenda_item_save(*, actor: User | None, district: District, title: str, source: str,
                     agenda_item: AgendaItem | None = None, description: str = "", status: str | None = None,
                     portfolio: Any = None, source_item: Item | None = None,
                     source_report: VisitReport | None = None, source_partner: Partner | None = None,
                     is_example: bool = False) -> AgendaItem:
    require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    if source not in AgendaItem.Source.values:
        raise ValidationError({"source": _("Kies een bron.")})
    if status is not None and status not in AgendaItem.Status.values:
        raise ValidationError({"status": _("Kies een status.")})
    if source_item is not None:
        require_visible_item(actor, source_item, municipality_id=district.municipality_id)
    if agenda_item is None:
        last = AgendaItem.objects.filter(district=district).order_by("-position").values_list("position",
                                                                                                flat=True).first()
        agenda_item = AgendaItem(district=district, created_by=actor, position=(last or 0) + 1)
    elif agenda_item.district_id != district.pk:
        raise ValidationError(_("Dit punt hoort bij een andere wijk."))
    agenda_item.title = clean_text(title, max_length=150, field="title")
    agenda_item.description = clean_text(description, max_length=3000, field="description", required=False)
    agenda_item.source, agenda_item.portfolio, agenda_item.is_example = source, portfolio, is_example
    agenda_item.source_item, agenda_item.source_report, agenda_item.source_partner = (source_item, source_report,
                                                                                      source_partner)
    if status is not None and agenda_item.pk is not None and status != agenda_item.status:
        require_transition("agenda_item", agenda_item.status, status, _("Kies een status."), field="status")
    if status is not None:
        agenda_item.status = status
    agenda_item.save()
    public_pages_changed(district.municipality_id)
    return agenda_item


@transaction.atomic
def agenda_reorder(*, actor: User | None, district: District, ordered_ids: Sequence[int]) -> None:
    require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    items = {a.pk: a for a in AgendaItem.objects.select_for_update().filter(district=district)}
    if set(ordered_ids) != set(items):
        raise ValidationError(_("De volgorde moet alle punten van de wijkagenda noemen."))
    for position, pk in enumerate(ordered_ids, start=1):
        if items[pk].position != position:
            AgendaItem.objects.filter(pk=pk).update(position=position)
    public_pages_changed(district.municipality_id)
