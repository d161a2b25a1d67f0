"""Partners (wijkpartners) and their contact persons, who are personal data: shown to staff only, and every look
at them is recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.agenda import permissions
from wijkgericht.agenda.models import Partner, PartnerContact
from wijkgericht.agenda.services.common import require, require_each
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.versioning import public_pages_changed


@transaction.atomic
def partner_save(*, actor: User | None, municipality: Municipality, partner: Partner | None = None,
                 name: str, kind: str, districts: Sequence[District], description: str = "", website: str = "",
                 active: bool = True, is_example: bool = False) -> Partner:
    district_ids = [d.pk for d in districts]
    if any(d.municipality_id != municipality.pk for d in districts):
        raise ValidationError({"districts": _("Kies wijken van deze gemeente.")})
    if kind not in Partner.Kind.values:
        raise ValidationError({"kind": _("Kies een soort wijkpartner.")})
    current: set[int] = set()
    if partner is not None:  # changing an existing partner needs a role in one of its current districts
        current = set(partner.districts.values_list("pk", flat=True))
        require(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk, district_ids=current)
    elif not district_ids:
        require(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk, district_ids=[])
    require_each(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk,
                 district_ids=set(district_ids) - current)
    partner = partner or Partner(municipality=municipality)
    partner.name = clean_text(name, max_length=150, field="name")
    partner.kind, partner.website, partner.active, partner.is_example = kind, website, active, is_example
    partner.description = clean_text(description, max_length=2000, field="description", required=False)
    partner.save()
    partner.districts.set(districts)
    public_pages_changed(municipality.pk)
    return partner


def partner_contacts_seen(*, actor: User, partner: Partner, contacts: Sequence[PartnerContact]) -> None:
    """Partners' contact persons are personal data: every page that shows them records who saw whom and why."""
    purpose = f"contactpersonen van wijkpartner {partner.name} ({partner.pk}) ingezien"[:200]
    PersonalDataAccess.objects.bulk_create([
        PersonalDataAccess(accessor=actor, subject_label=c.name[:200], purpose=purpose) for c in contacts])


@transaction.atomic
def partner_contacts_save(*, actor: User | None, partner: Partner, rows: list[dict[str, Any]]) -> list[PartnerContact]:
    """Add, change and remove a partner's contact persons from form rows (a row with `DELETE` or without a name
    removes that contact). Needs `manage_partner` on one of the partner's districts, as partner_save does."""
    require(actor, permissions.MANAGE_PARTNER, municipality_id=partner.municipality_id,
            district_ids=partner.districts.values_list("pk", flat=True))
    existing = {c.pk: c for c in PartnerContact.objects.select_for_update().filter(partner=partner)}
    kept = []
    for row in rows:
        if not row:  # an untouched extra form
            continue
        contact_id = row.get("contact_id")
        if contact_id is not None and contact_id not in existing:
            raise ValidationError(_("Deze contactpersoon hoort niet bij deze wijkpartner."))
        if row.get("DELETE") or not (row.get("name") or "").strip():
            if contact_id is not None:
                existing[contact_id].delete()
            continue
        contact = existing.get(contact_id) or PartnerContact(partner=partner)
        contact.name = clean_text(row["name"], max_length=150, field="name")
        contact.role = clean_text(row.get("role") or "", max_length=150, field="role", required=False)
        contact.email = (row.get("email") or "").strip()
        contact.phone = clean_text(row.get("phone") or "", max_length=30, field="phone", required=False)
        contact.save()
        kept.append(contact)
    return kept
