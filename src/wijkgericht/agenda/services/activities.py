"""Planning, changing and cancelling activities. A change of time or place is told to everyone registered; a
cancellation to everyone registered or waiting (RSVP itself: `rsvp`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import permissions, workflow
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest, Partner, Registration
from wijkgericht.agenda.services.common import (
    activity_path,
    require,
    require_each,
    require_transition,
    when_text,
)
from wijkgericht.agenda.services.meeting_requests import request_plan
from wijkgericht.agenda.services.rsvp import promote_waitlist
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.postcodes import parse_postcode
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.governance.models import Alderman
from wijkgericht.notifications.services import notify


def _check_activity_fields(municipality: Municipality, kind: ActivityKind, districts: Sequence[District],
                           starts_at: dt.datetime, ends_at: dt.datetime, capacity: int | None, *,
                           allow_past: bool = True) -> None:
    """The checks of an activity's fields, all at once. A start in the past is refused only when asked
    (allow_past=False, for a new activity): an existing one may be corrected after the fact."""
    errors: dict[str, str] = {}
    # Minutes, as the form has them: a start in the current minute is not the past.
    if not allow_past and starts_at < timezone.now().replace(second=0, microsecond=0):
        errors["starts_at"] = _("Een nieuwe activiteit kan niet in het verleden beginnen. Was het bezoek al? Leg het "
                                "dan vast met ‘Bezoek vastleggen’.")
    if not districts:
        errors["districts"] = _("Kies minstens één wijk.")
    elif any(d.municipality_id != municipality.pk for d in districts):
        errors["districts"] = _("Kies wijken van deze gemeente.")
    if kind.municipality_id != municipality.pk:
        errors["kind"] = _("Kies een soort activiteit van deze gemeente.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("Het einde moet na het begin liggen.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Vul minstens 1 plaats in, of laat het leeg.")
    if errors:
        raise ValidationError(errors)


# The address's fields and their lengths (Activity.street … town); all optional.
ADDRESS_FIELDS = {"street": 150, "house_number": 20, "postcode": 7, "town": 100}


def clean_address_field(name: str, value: str) -> str:
    """One address field as stored: text without invisible characters; a postcode as "2991 AB", or a
    ValidationError on `name` when it is not a Dutch postcode."""
    text = clean_text(value or "", max_length=ADDRESS_FIELDS[name] + 20, field=name, required=False)
    if name == "postcode" and text:
        postcode = parse_postcode(text)
        if postcode is None:
            raise ValidationError({name: _("Vul een postcode in als 1234 AB, of laat het leeg.")})
        return f"{postcode[:4]} {postcode[4:]}"
    if len(text) > ADDRESS_FIELDS[name]:
        raise ValidationError({name: _("Maximaal %d tekens.") % ADDRESS_FIELDS[name]})
    return text


def _clean_address(address: dict[str, str]) -> dict[str, str]:
    unknown = set(address) - set(ADDRESS_FIELDS)
    if unknown:
        raise TypeError(f"not an address field: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name, value in address.items():
        try:
            cleaned[name] = clean_address_field(name, value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def activity_create(*, actor: User | None, municipality: Municipality, kind: ActivityKind, title: str,
                    districts: Sequence[District], starts_at: dt.datetime, ends_at: dt.datetime, place: str,
                    description: str = "", lat: float | None = None, lon: float | None = None,
                    hosts: Sequence[Alderman] = (), invited_partners: Sequence[Partner] = (),
                    is_public: bool = True, capacity: int | None = None, registration_open: bool = True,
                    request: MeetingRequest | None = None, is_example: bool = False,
                    allow_past: bool = False, street: str = "", house_number: str = "", postcode: str = "",
                    town: str = "") -> Activity:
    """Plan an activity (answering a residents' request, whose supporters are told).

    A new public activity, or one that answers a request, cannot start in the past: nobody can come any more, and
    supporters of a request would be told of a meeting that already happened. An invitation-only one may: that is
    how a work visit or a cycling tour that already took place is recorded, so that its visit report can be
    written. `allow_past` records any past activity, for history only (the demo loader, tests). The address
    (street, house_number, postcode, town) is optional.
    """
    past_ok = allow_past or (not is_public and request is None)
    _check_activity_fields(municipality, kind, districts, starts_at, ends_at, capacity, allow_past=past_ok)
    require_each(actor, permissions.PLAN, municipality_id=municipality.pk, district_ids=[d.pk for d in districts])
    activity = Activity.objects.create(
        municipality=municipality, kind=kind, title=clean_text(title, max_length=150, field="title"),
        description=clean_text(description, max_length=5000, field="description", required=False),
        starts_at=starts_at, ends_at=ends_at, place=clean_text(place, max_length=200, field="place"),
        lat=lat, lon=lon, is_public=is_public, capacity=capacity, registration_open=registration_open,
        created_by=actor, is_example=is_example, **_clean_address(
            {"street": street, "house_number": house_number, "postcode": postcode, "town": town}))
    activity.districts.set(districts)
    activity.hosts.set(hosts)
    activity.invited_partners.set(invited_partners)
    if request is not None:
        request_plan(request=request, activity=activity, actor=actor)
    public_pages_changed(municipality.pk)
    return activity


@transaction.atomic
def visit_record(*, actor: User | None, municipality: Municipality, starts_at: dt.datetime,
                 is_public: bool = False, **fields: Any) -> Activity:
    """Record a visit that took place ("Bezoek vastleggen"): unplanned, or planned nowhere in this site. It becomes
    an activity in the past, without places, registration or invitations, so that its visit report can be written;
    nobody is told (nobody could come). A visit still to come is planned as an activity instead. `fields` are
    activity_create's own (kind, title, districts, ends_at, place, the address, lat/lon, hosts, description)."""
    if starts_at > timezone.now():
        raise ValidationError({"starts_at": _("Dit bezoek is nog niet begonnen. Een bezoek dat nog komt, plant u "
                                              "als nieuwe activiteit.")})
    for name in ("capacity", "registration_open", "invited_partners", "request", "allow_past"):
        if name in fields:
            raise TypeError(f"visit_record does not take {name!r}")
    return activity_create(actor=actor, municipality=municipality, starts_at=starts_at, is_public=is_public,
                           capacity=None, registration_open=False, allow_past=True, **fields)


# Fields whose change residents who registered must hear about.
_TOLD_FIELDS = ("starts_at", "ends_at", "place", *ADDRESS_FIELDS)


@transaction.atomic
def activity_update(*, actor: User | None, activity: Activity, **fields: Any) -> Activity:
    """Change an activity; a change of time or place is told to everyone registered (and raises SEQUENCE, so
    calendar apps replace their copy)."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    require(actor, permissions.PLAN, municipality_id=locked.municipality_id,
            district_ids=locked.districts.values_list("pk", flat=True))
    if locked.status not in workflow.ACTIVITY_EDITABLE:
        raise ValidationError(_("Een afgelaste activiteit kan niet meer worden gewijzigd."))
    districts = fields.pop("districts", None)
    hosts = fields.pop("hosts", None)
    partners = fields.pop("invited_partners", None)
    before = {name: getattr(locked, name) for name in _TOLD_FIELDS}
    for name, value in fields.items():
        if name in ("title", "place"):
            value = clean_text(value, max_length=150 if name == "title" else 200, field=name)
        elif name == "description":
            value = clean_text(value, max_length=5000, field=name, required=False)
        elif name in ADDRESS_FIELDS:
            value = clean_address_field(name, value)
        elif name not in ("kind", "starts_at", "ends_at", "lat", "lon", "is_public", "capacity",
                          "registration_open"):
            raise TypeError(f"activity_update does not change {name!r}")
        setattr(locked, name, value)
    _check_activity_fields(locked.municipality, locked.kind, districts if districts is not None else
                           list(locked.districts.all()), locked.starts_at, locked.ends_at, locked.capacity)
    if districts is not None:
        require_each(actor, permissions.PLAN, municipality_id=locked.municipality_id,
                     district_ids={d.pk for d in districts} - set(locked.districts.values_list("pk", flat=True)))
    locked.sequence += 1
    locked.save()
    if districts is not None:
        locked.districts.set(districts)
    if hosts is not None:
        locked.hosts.set(hosts)
    if partners is not None:
        locked.invited_partners.set(partners)
    promote_waitlist(locked)  # more capacity frees places for the waiting list
    public_pages_changed(locked.municipality_id)
    changed = [name for name in _TOLD_FIELDS if getattr(locked, name) != before[name]]
    if changed and not locked.is_example:
        labels = {"starts_at": _("tijd"), "ends_at": _("tijd"), "place": _("plaats"),
                  **dict.fromkeys(ADDRESS_FIELDS, _("adres"))}
        notify(recipients=_registered_users(locked), event="activity.changed",
               params={"title": locked.title, "when": when_text(locked), "place": locked.location,
                       "change": ", ".join(sorted({str(labels[c]) for c in changed}))},
               url=activity_path(locked), actor=actor)
    return locked


@transaction.atomic
def activity_cancel(*, actor: User | None, activity: Activity, reason: str) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    require(actor, permissions.PLAN, municipality_id=locked.municipality_id,
            district_ids=locked.districts.values_list("pk", flat=True))
    if locked.status == Activity.Status.CANCELLED:  # cancelled twice (a double click): nothing changes
        return locked
    require_transition("activity", locked.status, Activity.Status.CANCELLED,
                       _("Een afgelaste activiteit kan niet meer worden gewijzigd."))
    locked.status = Activity.Status.CANCELLED
    locked.cancel_reason = clean_text(reason, max_length=300, field="reason")
    locked.sequence += 1
    locked.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    public_pages_changed(locked.municipality_id)
    if not locked.is_example:
        notify(recipients=_registered_users(locked, waitlisted=True), event="activity.cancelled",
               params={"title": locked.title, "when": when_text(locked), "reason": locked.cancel_reason},
               url=activity_path(locked), actor=actor)
    return locked


def _registered_users(activity: Activity, *, waitlisted: bool = False) -> list[User]:
    statuses = [Registration.Status.CONFIRMED] + ([Registration.Status.WAITLISTED] if waitlisted else [])
    return [r.user for r in activity.registrations.filter(status__in=statuses).select_related("user")]
