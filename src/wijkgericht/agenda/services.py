"""Writes for getting to know the district. Each service owns its transaction, checks the actor's permission on the
object's districts (`actor=None` is the system: the demo loader, scheduled tasks), and tells whom it concerns.

RSVP under load: registering and cancelling lock the activity row (SELECT … FOR UPDATE), so the count of confirmed
places and the decision "confirmed or waiting list" are serialised per activity — no overbooking however many
residents press the button at once, and a cancelled place goes to the first on the waiting list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.agenda import permissions
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    PartnerContact,
    Registration,
    ReportTopic,
    RequestSupport,
    VisitReport,
)
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.versioning import municipality_touch_on_commit
from wijkgericht.governance.models import Alderman
from wijkgericht.notifications.services import notify
from wijkgericht.participation.audience import district_team_of
from wijkgericht.participation.models import Item
from wijkgericht.participation.services import clean_text, require_resident

DEFAULT_KINDS = [
    ("wijkoverleg", gettext_lazy("Wijkoverleg"), gettext_lazy("Het vaste overleg met bewoners en wijkpartners.")),
    ("bijeenkomst", gettext_lazy("Bijeenkomst"), gettext_lazy("Een avond of middag over een onderwerp.")),
    ("evenement", gettext_lazy("Evenement"), gettext_lazy("Een buurtfeest, markt of opening.")),
    ("fietstocht", gettext_lazy("Fietstocht met wijkpartners"),
     gettext_lazy("Door de wijk fietsen met politie, corporatie, welzijn en bewoners.")),
    ("werkbezoek", gettext_lazy("Werkbezoek"), gettext_lazy("Op bezoek bij een school, club of organisatie.")),
    ("spreekuur", gettext_lazy("Spreekuur"), gettext_lazy("Zonder afspraak binnenlopen bij de wijkwethouder.")),
]


def kinds_ensure_defaults(municipality: Municipality) -> None:
    """Give a municipality the default activity kinds once; it edits the list in the back office after that. Runs
    when a municipality is created (AgendaConfig.ready); migration 0002 keeps a copy of DEFAULT_KINDS for the ones
    that existed before. Idempotent: a municipality with any kind is left alone."""
    if ActivityKind.objects.filter(municipality=municipality).exists():
        return
    with translation.override(settings.LANGUAGE_CODE):  # stored data, in the site's language, not the visitor's
        ActivityKind.objects.bulk_create([
            ActivityKind(municipality=municipality, slug=slug, name=str(name), description=str(text), order=n)
            for n, (slug, name, text) in enumerate(DEFAULT_KINDS)
        ])


def _require(actor: User | None, action: str, *, municipality_id: int, district_ids: Iterable[int],
             host_user_ids: Iterable[int] = ()) -> None:
    """The actor may act on something in these districts (a role in any one of them suffices)."""
    if actor is None:
        return
    if not permissions.can_in_districts(user_scope(actor), action, municipality_id=municipality_id,
                                        district_ids=district_ids, host_user_ids=host_user_ids):
        raise PermissionDenied(_("U mag dit niet doen voor deze wijk."))


def _require_each(actor: User | None, action: str, *, municipality_id: int, district_ids: Iterable[int]) -> None:
    """The actor may act in every one of these districts: nobody plans in, or links a partner to, a district that
    is not theirs."""
    if actor is None:
        return
    scope = user_scope(actor)
    for district_id in district_ids:
        if not permissions.can_in_districts(scope, action, municipality_id=municipality_id,
                                            district_ids=[district_id]):
            raise PermissionDenied(_("U mag dit niet doen voor een van de gekozen wijken."))


def _require_visible_item(actor: User | None, item: Item, *, municipality_id: int) -> None:
    """Linking a resident item shows its title: only a public item, or one the actor may see anyway."""
    from wijkgericht.participation import permissions as item_permissions
    from wijkgericht.participation.selectors import PUBLIC_STATUSES

    if item.municipality_id != municipality_id:
        raise ValidationError({"item": _("Deze inbreng hoort bij een andere gemeente.")})
    if actor is not None and item.status not in PUBLIC_STATUSES and not item_permissions.can(
            user_scope(actor), item_permissions.VIEW_PRIVATE, item):
        raise ValidationError({"item": _("Er is geen openbare inbreng met dit nummer.")})


def when_text(activity: Activity) -> str:
    return formats.date_format(timezone.localtime(activity.starts_at), "DATETIME_FORMAT")


def activity_path(activity: Activity) -> str:
    return reverse("agenda:activity", kwargs={"activity_id": activity.pk})


# --- partners -------------------------------------------------------------------------------------------------

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
        _require(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk, district_ids=current)
    elif not district_ids:
        _require(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk, district_ids=[])
    _require_each(actor, permissions.MANAGE_PARTNER, municipality_id=municipality.pk,
                  district_ids=set(district_ids) - current)
    partner = partner or Partner(municipality=municipality)
    partner.name = clean_text(name, max_length=150, field="name")
    partner.kind, partner.website, partner.active, partner.is_example = kind, website, active, is_example
    partner.description = clean_text(description, max_length=2000, field="description", required=False)
    partner.save()
    partner.districts.set(districts)
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
    _require(actor, permissions.MANAGE_PARTNER, municipality_id=partner.municipality_id,
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


# --- activities -----------------------------------------------------------------------------------------------

def _check_activity_fields(municipality: Municipality, kind: ActivityKind, districts: Sequence[District],
                           starts_at: dt.datetime, ends_at: dt.datetime, capacity: int | None, *,
                           allow_past: bool = True) -> None:
    """The checks of an activity's fields, all at once. A start in the past is refused only when asked
    (allow_past=False, for a new activity): an existing one may be corrected after the fact."""
    errors: dict[str, str] = {}
    # Minutes, as the form has them: a start in the current minute is not the past.
    if not allow_past and starts_at < timezone.now().replace(second=0, microsecond=0):
        errors["starts_at"] = _("Een nieuwe activiteit kan niet in het verleden beginnen.")
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


@transaction.atomic
def activity_create(*, actor: User | None, municipality: Municipality, kind: ActivityKind, title: str,
                    districts: Sequence[District], starts_at: dt.datetime, ends_at: dt.datetime, place: str,
                    description: str = "", lat: float | None = None, lon: float | None = None,
                    hosts: Sequence[Alderman] = (), invited_partners: Sequence[Partner] = (),
                    is_public: bool = True, capacity: int | None = None, registration_open: bool = True,
                    request: MeetingRequest | None = None, is_example: bool = False,
                    allow_past: bool = False) -> Activity:
    """Plan an activity (answering a residents' request, whose supporters are told).

    A new public activity, or one that answers a request, cannot start in the past: nobody can come any more, and
    supporters of a request would be told of a meeting that already happened. An invitation-only one may: that is
    how a work visit or a cycling tour that already took place is recorded, so that its visit report can be
    written. `allow_past` records any past activity, for history only (the demo loader, tests).
    """
    past_ok = allow_past or (not is_public and request is None)
    _check_activity_fields(municipality, kind, districts, starts_at, ends_at, capacity, allow_past=past_ok)
    _require_each(actor, permissions.PLAN, municipality_id=municipality.pk, district_ids=[d.pk for d in districts])
    activity = Activity.objects.create(
        municipality=municipality, kind=kind, title=clean_text(title, max_length=150, field="title"),
        description=clean_text(description, max_length=5000, field="description", required=False),
        starts_at=starts_at, ends_at=ends_at, place=clean_text(place, max_length=200, field="place"),
        lat=lat, lon=lon, is_public=is_public, capacity=capacity, registration_open=registration_open,
        created_by=actor, is_example=is_example)
    activity.districts.set(districts)
    activity.hosts.set(hosts)
    activity.invited_partners.set(invited_partners)
    if request is not None:
        request_plan(request=request, activity=activity, actor=actor)
    return activity


# Fields whose change residents who registered must hear about.
_TOLD_FIELDS = ("starts_at", "ends_at", "place")


@transaction.atomic
def activity_update(*, actor: User | None, activity: Activity, **fields: Any) -> Activity:
    """Change an activity; a change of time or place is told to everyone registered (and raises SEQUENCE, so
    calendar apps replace their copy)."""
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _require(actor, permissions.PLAN, municipality_id=locked.municipality_id,
             district_ids=locked.districts.values_list("pk", flat=True))
    if locked.status == Activity.Status.CANCELLED:
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
        elif name not in ("kind", "starts_at", "ends_at", "lat", "lon", "is_public", "capacity",
                          "registration_open"):
            raise TypeError(f"activity_update does not change {name!r}")
        setattr(locked, name, value)
    _check_activity_fields(locked.municipality, locked.kind, districts if districts is not None else
                           list(locked.districts.all()), locked.starts_at, locked.ends_at, locked.capacity)
    if districts is not None:
        _require_each(actor, permissions.PLAN, municipality_id=locked.municipality_id,
                      district_ids={d.pk for d in districts} - set(locked.districts.values_list("pk", flat=True)))
    locked.sequence += 1
    locked.save()
    if districts is not None:
        locked.districts.set(districts)
    if hosts is not None:
        locked.hosts.set(hosts)
    if partners is not None:
        locked.invited_partners.set(partners)
    _promote_waitlist(locked)  # more capacity frees places for the waiting list
    changed = [name for name in _TOLD_FIELDS if getattr(locked, name) != before[name]]
    if changed and not locked.is_example:
        labels = {"starts_at": _("tijd"), "ends_at": _("tijd"), "place": _("plaats")}
        notify(recipients=_registered_users(locked), event="activity.changed",
               params={"title": locked.title, "when": when_text(locked), "place": locked.place,
                       "change": ", ".join(sorted({str(labels[c]) for c in changed}))},
               url=activity_path(locked), actor=actor)
    return locked


@transaction.atomic
def activity_cancel(*, actor: User | None, activity: Activity, reason: str) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _require(actor, permissions.PLAN, municipality_id=locked.municipality_id,
             district_ids=locked.districts.values_list("pk", flat=True))
    if locked.status == Activity.Status.CANCELLED:
        return locked
    locked.status = Activity.Status.CANCELLED
    locked.cancel_reason = clean_text(reason, max_length=300, field="reason")
    locked.sequence += 1
    locked.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    if not locked.is_example:
        notify(recipients=_registered_users(locked, waitlisted=True), event="activity.cancelled",
               params={"title": locked.title, "when": when_text(locked), "reason": locked.cancel_reason},
               url=activity_path(locked), actor=actor)
    return locked


def _registered_users(activity: Activity, *, waitlisted: bool = False) -> list[User]:
    statuses = [Registration.Status.CONFIRMED] + ([Registration.Status.WAITLISTED] if waitlisted else [])
    return [r.user for r in activity.registrations.filter(status__in=statuses).select_related("user")]


# --- RSVP -----------------------------------------------------------------------------------------------------

def _confirmed_count(activity: Activity) -> int:
    return activity.registrations.filter(status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def rsvp_register(*, activity: Activity, user: User) -> Registration:
    """Sign a resident up: confirmed while places are left, otherwise on the waiting list. Registering twice gives
    back the existing registration."""
    require_resident(user)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if not locked.is_public:
        raise PermissionDenied(_("Voor deze activiteit kunt u zich niet zelf aanmelden."))
    if locked.status == Activity.Status.CANCELLED or locked.starts_at <= timezone.now():
        raise ValidationError(_("Aanmelden kan niet meer: de activiteit is voorbij of afgelast."), code="closed")
    if not locked.registration_open or locked.capacity is None:
        raise ValidationError(_("Voor deze activiteit hoeft u zich niet aan te melden; u bent welkom."),
                              code="no_registration")
    existing = locked.registrations.exclude(status=Registration.Status.CANCELLED).filter(user=user).first()
    if existing is not None:
        return existing
    status = (Registration.Status.CONFIRMED if _confirmed_count(locked) < locked.capacity
              else Registration.Status.WAITLISTED)
    try:
        with transaction.atomic():
            return Registration.objects.create(activity=locked, user=user, status=status)
    except IntegrityError:  # the same person's second request raced the first; the lock makes this rare
        return locked.registrations.exclude(status=Registration.Status.CANCELLED).get(user=user)


@transaction.atomic
def rsvp_cancel(*, registration: Registration, user: User) -> Registration:
    """A resident cancels; a confirmed place goes to the first on the waiting list, who is told."""
    activity = Activity.objects.select_for_update().get(pk=registration.activity_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.user_id != user.pk:
        raise PermissionDenied(_("Dit is niet uw aanmelding."))
    if locked.status == Registration.Status.CANCELLED:
        return locked
    locked.status = Registration.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    _promote_waitlist(activity)
    return locked


def _promote_waitlist(activity: Activity) -> list[Registration]:
    """Move the waiting list up into free places, first come first served (caller holds the activity lock)."""
    if activity.capacity is None or activity.status != Activity.Status.PLANNED or activity.starts_at <= timezone.now():
        return []  # nobody is promoted into a cancelled or past activity
    free = activity.capacity - _confirmed_count(activity)
    if free <= 0:
        return []
    promoted = list(activity.registrations.filter(status=Registration.Status.WAITLISTED)
                    .select_related("user").order_by("created_at", "pk")[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    if promoted and not activity.is_example:
        notify(recipients=[r.user for r in promoted], event="activity.waitlist_promoted",
               params={"title": activity.title, "when": when_text(activity)}, url=activity_path(activity))
    return promoted


# --- what residents ask for -----------------------------------------------------------------------------------

@transaction.atomic
def request_submit(*, author: User, district: District, kind: ActivityKind, topic: str, place: str = "",
                   is_example: bool = False) -> MeetingRequest:
    """"Nodig uw wijkwethouder uit": a resident proposes a way to meet, which others can support."""
    if not is_example:
        require_resident(author)
    if kind.municipality_id != district.municipality_id or not kind.active:
        raise ValidationError({"kind": _("Kies een vorm uit de lijst.")})
    topic = clean_text(topic, max_length=200, field="topic")
    place = clean_text(place, max_length=200, field="place", required=False)
    # The same invitation sent twice (a double click, a resent form) is one request: lock the author's row so
    # simultaneous copies see each other (issue #10; SQLite's IMMEDIATE transactions serialise them anyway).
    if author is not None:  # the demo's example requests have none
        User.objects.select_for_update().filter(pk=author.pk).first()
        earlier = MeetingRequest.objects.filter(
            author=author, district=district, kind=kind, topic=topic, place=place,
            status=MeetingRequest.Status.OPEN, created_at__gte=timezone.now() - dt.timedelta(minutes=10)).first()
        if earlier is not None:
            return earlier
    request = MeetingRequest.objects.create(
        municipality_id=district.municipality_id, district=district, kind=kind, author=author, topic=topic,
        place=place, is_example=is_example)
    RequestSupport.objects.create(request=request, user=author)
    if not is_example:
        notify(recipients=district_team_of(district_id=district.pk, municipality_id=district.municipality_id),
               event="meeting_request.new",
               params={"topic": request.topic, "district": district.name, "kind": kind.name},
               url=reverse("agenda:planning"), actor=author)
    return request


def request_support(*, request: MeetingRequest, user: User) -> bool:
    """Support a request once; True if this added support."""
    require_resident(user)
    if request.status != MeetingRequest.Status.OPEN:
        raise ValidationError(_("Dit verzoek is al afgehandeld."), code="closed")
    try:
        with transaction.atomic():
            RequestSupport.objects.create(request=request, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def request_plan(*, request: MeetingRequest, activity: Activity, actor: User | None) -> MeetingRequest:
    """Link a request to the activity that answers it and tell everyone who supported it."""
    locked = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    _require(actor, permissions.PLAN, municipality_id=locked.municipality_id, district_ids=[locked.district_id])
    if locked.status != MeetingRequest.Status.OPEN:
        raise ValidationError(_("Dit verzoek is al afgehandeld."), code="closed")
    if not activity.districts.filter(pk=locked.district_id).exists():
        raise ValidationError(_("De activiteit is niet in de wijk van het verzoek."))
    locked.status = MeetingRequest.Status.PLANNED
    locked.save(update_fields=["status"])
    Activity.objects.filter(pk=activity.pk).update(request=locked)
    if not (locked.is_example or activity.is_example):
        supporters = User.objects.filter(pk__in=locked.supports.values_list("user_id", flat=True))
        notify(recipients=supporters, event="meeting_request.planned",
               params={"topic": locked.topic, "title": activity.title, "when": when_text(activity)},
               url=activity_path(activity), actor=actor)
    return locked


@transaction.atomic
def request_decline(*, request: MeetingRequest, actor: User | None, response: str) -> MeetingRequest:
    locked = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    _require(actor, permissions.PLAN, municipality_id=locked.municipality_id, district_ids=[locked.district_id])
    if locked.status != MeetingRequest.Status.OPEN:
        raise ValidationError(_("Dit verzoek is al afgehandeld."), code="closed")
    locked.status = MeetingRequest.Status.DECLINED
    locked.response = clean_text(response, max_length=2000, field="response")
    locked.save(update_fields=["status", "response"])
    if not locked.is_example:
        supporters = User.objects.filter(pk__in=locked.supports.values_list("user_id", flat=True))
        notify(recipients=supporters, event="meeting_request.declined",
               params={"topic": locked.topic, "response": locked.response}, url="", actor=actor)
    return locked


# --- visit reports and follow-up ------------------------------------------------------------------------------

def _report_permission(actor: User | None, activity: Activity) -> None:
    _require(actor, permissions.REPORT, municipality_id=activity.municipality_id,
             district_ids=activity.districts.values_list("pk", flat=True),
             host_user_ids=activity.hosts.exclude(user__isnull=True).values_list("user_id", flat=True))


@transaction.atomic
def report_save(*, actor: User | None, activity: Activity, attendance: int, impressions: str = "",
                partners_present: Sequence[Partner] = (), public_summary: str = "",
                summary_published: bool = False) -> VisitReport:
    """Record (or update) what an activity brought; only after it took place."""
    _report_permission(actor, activity)
    if activity.starts_at > timezone.now():
        raise ValidationError(_("Een verslag schrijft u na de activiteit."))
    if attendance < 0:
        raise ValidationError({"attendance": _("Vul een aantal van 0 of meer in.")})
    summary = clean_text(public_summary, max_length=5000, field="public_summary", required=False)
    if summary_published and not summary:
        raise ValidationError({"public_summary": _("Schrijf een samenvatting om die openbaar te maken.")})
    report, _created = VisitReport.objects.get_or_create(activity=activity, defaults={"author": actor})
    report.attendance = attendance
    report.impressions = clean_text(impressions, max_length=10000, field="impressions", required=False)
    report.public_summary, report.summary_published = summary, summary_published
    report.save()
    report.partners_present.set(partners_present)
    return report


def topic_add(*, actor: User | None, report: VisitReport, text: str, item: Item | None = None) -> ReportTopic:
    _report_permission(actor, report.activity)
    if item is not None:
        _require_visible_item(actor, item, municipality_id=report.activity.municipality_id)
    return ReportTopic.objects.create(report=report, text=clean_text(text, max_length=300, field="text"), item=item)


@transaction.atomic
def topic_promote(*, actor: User | None, topic: ReportTopic, district: District) -> AgendaItem:
    """Put a topic raised during a visit on the district agenda."""
    _require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    if not topic.report.activity.districts.filter(pk=district.pk).exists():
        raise ValidationError(_("Kies een wijk van deze activiteit."))
    if topic.agenda_item_id:
        return topic.agenda_item
    agenda_item = agenda_item_save(actor=actor, district=district, title=topic.text[:150],
                                   source=AgendaItem.Source.VISIT, source_report=topic.report,
                                   source_item=topic.item, is_example=topic.report.activity.is_example)
    topic.agenda_item = agenda_item
    topic.save(update_fields=["agenda_item"])
    return agenda_item


@transaction.atomic
def action_create(*, actor: User | None, report: VisitReport, what: str, due_date: dt.date,
                  owner_user: User | None = None, owner_department: str = "", owner_partner: Partner | None = None,
                  portfolio: Any = None) -> FollowUpAction:
    _report_permission(actor, report.activity)
    department = clean_text(owner_department, max_length=150, field="owner_department", required=False)
    if sum(bool(x) for x in (owner_user, department, owner_partner)) != 1:
        raise ValidationError({"owner": _("Kies één eigenaar: een persoon, een afdeling of een wijkpartner.")})
    action = FollowUpAction.objects.create(
        report=report, what=clean_text(what, max_length=300, field="what"), due_date=due_date,
        owner_user=owner_user, owner_department=department, owner_partner=owner_partner, portfolio=portfolio)
    if owner_user is not None and not report.activity.is_example:
        notify(recipients=[owner_user], event="action.assigned",
               params={"what": action.what, "title": report.activity.title,
                       "due": formats.date_format(due_date, "DATE_FORMAT")},
               url=reverse("agenda:actions"), actor=actor)
    return action


@transaction.atomic
def action_done(*, actor: User | None, action: FollowUpAction, note: str = "") -> FollowUpAction:
    locked = FollowUpAction.objects.select_for_update().select_related("report__activity").get(pk=action.pk)
    if actor is None or locked.owner_user_id != actor.pk:
        _report_permission(actor, locked.report.activity)
    if locked.status == FollowUpAction.Status.DONE:
        return locked
    locked.status, locked.done_at, locked.done_by = FollowUpAction.Status.DONE, timezone.now(), actor
    locked.done_note = clean_text(note, max_length=300, field="note", required=False)
    locked.save(update_fields=["status", "done_at", "done_by", "done_note"])
    return locked


def actions_remind_overdue(*, today: dt.date | None = None, every_days: int | None = None) -> int:
    """Remind the owner (or, for a department or partner, the report's author and the district team) of each open
    action past its due date, at most once every `every_days` days. Returns the number of actions reminded."""
    day = today or timezone.localdate()
    every = every_days or settings.WIJKGERICHT_ACTION_REMINDER_DAYS
    since = timezone.now() - dt.timedelta(days=every)
    due = (FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN, due_date__lt=day,
                                         report__activity__is_example=False)  # examples never notify
           .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=since))
           .select_related("report__activity", "owner_user", "report__author"))
    count = 0
    for action in due:
        with transaction.atomic():
            claimed = FollowUpAction.objects.filter(pk=action.pk).filter(
                Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=since)).update(
                last_reminded_at=timezone.now())
            if not claimed:  # another worker reminded it just now
                continue
            activity = action.report.activity
            if action.owner_user_id:
                recipients = [action.owner_user]
            else:
                recipients = [action.report.author] if action.report.author_id else []
                for district in activity.districts.all():
                    recipients += district_team_of(district_id=district.pk, municipality_id=district.municipality_id)
            notify(recipients=recipients, event="action.overdue",
                   params={"what": action.what, "title": activity.title,
                           "due": formats.date_format(action.due_date, "DATE_FORMAT")},
                   url=reverse("agenda:actions"))
            count += 1
    return count


# --- the district agenda --------------------------------------------------------------------------------------

@transaction.atomic
def agenda_item_save(*, actor: User | None, district: District, title: str, source: str,
                     agenda_item: AgendaItem | None = None, description: str = "", status: str | None = None,
                     portfolio: Any = None, source_item: Item | None = None,
                     source_report: VisitReport | None = None, source_partner: Partner | None = None,
                     is_example: bool = False) -> AgendaItem:
    _require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    if source not in AgendaItem.Source.values:
        raise ValidationError({"source": _("Kies een bron.")})
    if status is not None and status not in AgendaItem.Status.values:
        raise ValidationError({"status": _("Kies een status.")})
    if source_item is not None:
        _require_visible_item(actor, source_item, municipality_id=district.municipality_id)
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
    if status is not None:
        agenda_item.status = status
    agenda_item.save()
    return agenda_item


@transaction.atomic
def agenda_reorder(*, actor: User | None, district: District, ordered_ids: Sequence[int]) -> None:
    _require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    items = {a.pk: a for a in AgendaItem.objects.select_for_update().filter(district=district)}
    if set(ordered_ids) != set(items):
        raise ValidationError(_("De volgorde moet alle punten van de wijkagenda noemen."))
    for position, pk in enumerate(ordered_ids, start=1):
        if items[pk].position != position:
            AgendaItem.objects.filter(pk=pk).update(position=position)
    municipality_touch_on_commit(municipality_id=district.municipality_id)  # update() sends no signal


def registrations_release(*, user: User) -> int:
    """Before an account is deleted: cancel its registrations the normal way, so places go to the waiting list."""
    count = 0
    for registration in Registration.objects.filter(user=user).exclude(status=Registration.Status.CANCELLED):
        rsvp_cancel(registration=registration, user=user)
        count += 1
    return count
