"""Reads for getting to know the district: the public agenda, an activity with its places left, what residents ask
for per district ranked by support beside how long ago the district was last visited, open actions, the agenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.agenda.models import (
    Activity,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    Registration,
    RequestSupport,
    VisitReport,
)
from wijkgericht.core.support import support_counts
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman


def public_activities(*, municipality: Municipality, district: District | None = None, alderman_id: int | None = None,
                      upcoming_only: bool = True) -> QuerySet[Activity]:
    """Public activities (cancelled ones stay, marked, so people who planned to come see it)."""
    activities = Activity.objects.filter(municipality=municipality, is_public=True)
    if district is not None:
        activities = activities.filter(districts=district)
    if alderman_id is not None:
        activities = activities.filter(hosts__pk=alderman_id)
    if upcoming_only:
        activities = activities.filter(ends_at__gte=timezone.now())
    return (activities.select_related("kind").prefetch_related("districts", "hosts")
            .annotate(confirmed=Count("registrations", filter=Q(registrations__status="confirmed"), distinct=True))
            .order_by("starts_at", "pk").distinct())


def places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    confirmed = activity.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(activity.capacity - confirmed, 0)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        activity_id=registration.activity_id, status=Registration.Status.WAITLISTED
    ).filter(Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at,
                                                            pk__lt=registration.pk)).count() + 1


def user_registration(activity: Activity, user: object) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return activity.registrations.exclude(status=Registration.Status.CANCELLED).filter(user=user).first()


def district_partners(*, district: District) -> QuerySet[Partner]:
    """Public partner data only (never contact persons)."""
    return district.partners.filter(active=True).only("name", "kind", "description", "website", "is_example")


def district_agenda(*, district: District) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(district=district).exclude(status=AgendaItem.Status.DONE)
            .select_related("portfolio", "source_item").order_by("position", "pk"))


def open_requests(*, district: District) -> QuerySet[MeetingRequest]:
    return (MeetingRequest.objects.filter(district=district, status=MeetingRequest.Status.OPEN)
            .select_related("kind").annotate(support_count=support_counts(RequestSupport))
            .order_by("-support_count", "created_at"))


def published_reports(*, district: District) -> QuerySet[Activity]:
    return (Activity.objects.filter(districts=district, report__summary_published=True, is_public=True)
            .select_related("report", "kind").order_by("-starts_at")[:5])


@dataclass(frozen=True)
class PublicAction:
    """A follow-up action as a published report shows it: what, who (a partner or department by name; a person
    only as "the municipality": residents see no civil servant), by when, and whether it is done."""

    what: str
    owner: str
    due_date: dt.date
    done: bool
    done_on: dt.date | None

    @property
    def late(self) -> bool:
        return not self.done and self.due_date < timezone.localdate()


def public_report_actions(*, report: VisitReport, municipality_name: str) -> list[PublicAction]:
    """The follow-up actions of a report whose summary is published (none otherwise), by due date."""
    if not report.summary_published:
        return []
    rows = []
    for action in report.actions.select_related("owner_partner").order_by("due_date", "pk"):
        if action.owner_partner_id:
            owner = action.owner_partner.name
        elif action.owner_department:
            owner = action.owner_department
        else:
            owner = municipality_name
        done = action.status == FollowUpAction.Status.DONE
        rows.append(PublicAction(what=action.what, owner=owner, due_date=action.due_date, done=done,
                                 done_on=timezone.localdate(action.done_at) if done and action.done_at else None))
    return rows


@dataclass(frozen=True)
class DistrictPlanning:
    district: District
    last_visit: dt.datetime | None
    requests: list[MeetingRequest]
    upcoming: list[Activity]

    @property
    def days_since_visit(self) -> int | None:
        return None if self.last_visit is None else (timezone.now() - self.last_visit).days

    @property
    def stale(self) -> bool:
        days = self.days_since_visit
        return days is None or days > settings.WIJKGERICHT_VISIT_STALE_DAYS

    @property
    def support_total(self) -> int:
        return sum(r.support_count for r in self.requests)


def planning(*, district_ids: set[int] | None, municipality: Municipality) -> list[DistrictPlanning]:
    """Per district: residents' open requests ranked by support, the last visit (a past activity there that was
    not cancelled) and what is planned; districts not visited for too long come first."""
    districts = District.objects.filter(municipality=municipality).order_by("name")
    if district_ids is not None:
        districts = districts.filter(pk__in=district_ids)
    now = timezone.now()
    last_visits = dict(
        Activity.objects.filter(municipality=municipality, starts_at__lt=now)
        .exclude(status=Activity.Status.CANCELLED).values("districts").annotate(last=Max("starts_at"))
        .values_list("districts", "last"))
    requests: dict[int, list[MeetingRequest]] = {}
    for request in (MeetingRequest.objects.filter(municipality=municipality, status=MeetingRequest.Status.OPEN)
                    .select_related("kind").annotate(support_count=support_counts(RequestSupport))
                    .order_by("-support_count", "created_at")):
        requests.setdefault(request.district_id, []).append(request)
    upcoming: dict[int, list[Activity]] = {}
    for activity in (Activity.objects.filter(municipality=municipality, starts_at__gte=now,
                                             status=Activity.Status.PLANNED)
                     .prefetch_related("districts").select_related("kind").order_by("starts_at")):
        for district in activity.districts.all():
            upcoming.setdefault(district.pk, []).append(activity)
    rows = [DistrictPlanning(d, last_visits.get(d.pk), requests.get(d.pk, []), upcoming.get(d.pk, []))
            for d in districts]
    return sorted(rows, key=lambda r: (not r.stale, -r.support_total, r.district.name))


def open_actions(*, district_ids: set[int] | None, user_id: int | None = None) -> QuerySet[FollowUpAction]:
    """Open follow-up actions in these districts (all when None), or owned by the user; overdue first."""
    actions = FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN)
    where = Q()
    if district_ids is not None:
        where = Q(report__activity__districts__pk__in=district_ids)
        if user_id is not None:
            where |= Q(owner_user_id=user_id)
    return (actions.filter(where).select_related("report__activity", "owner_user", "owner_partner", "portfolio")
            .distinct().order_by("due_date", "pk"))


def action_owner_people(*, municipality: Municipality) -> QuerySet[User]:
    """Who can own a follow-up action as a person: the civil servants of the municipality's districts and the
    aldermen with an account. Never a role account such as "Beheerder" or "Moderator": moderating and
    administering the site is no one's follow-up work (a department or a partner is chosen by name instead)."""
    ids = set(StaffRole.objects.filter(municipality=municipality, role=StaffRole.Role.CIVIL_SERVANT)
              .values_list("user_id", flat=True))
    ids |= set(Alderman.objects.filter(municipality=municipality, user__isnull=False).values_list("user_id", flat=True))
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pseudonym")
