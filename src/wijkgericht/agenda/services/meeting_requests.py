"""What residents ask for ("nodig uw wijkwethouder uit"): a request, its moderation (like an idea: it waits until a
moderator or the district team places it), its supporters, and the district team's answer (planned as an activity,
or declined with a reason). Pending → open | rejected; open → planned | declined, see `agenda.workflow`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.agenda import permissions, workflow
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest, RequestSupport
from wijkgericht.agenda.services.common import activity_path, require, require_transition, when_text
from wijkgericht.core.double_submit import double_submit_first
from wijkgericht.core.support import support_once, supporter_ids
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District
from wijkgericht.districts.paths import page_path
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.notifications.services import notify
from wijkgericht.participation.audience import district_team_of, moderators
from wijkgericht.participation.services import require_resident


@transaction.atomic
def request_submit(*, author: User, district: District, kind: ActivityKind, topic: str, place: str = "",
                   is_example: bool = False) -> MeetingRequest:
    """"Nodig uw wijkwethouder uit": a resident proposes a way to meet. It waits for moderation (the moderators and
    the district team are told); once placed, others can support it. The demo's examples are open at once."""
    if not is_example:
        require_resident(author)
    if kind.municipality_id != district.municipality_id or not kind.active:
        raise ValidationError({"kind": _("Kies een vorm uit de lijst.")})
    topic = clean_text(topic, max_length=200, field="topic")
    place = clean_text(place, max_length=200, field="place", required=False)
    # The same invitation sent twice (a double click, a resent form) is one request (issue #10).
    if author is not None:  # the demo's example requests have none
        earlier = double_submit_first(MeetingRequest.objects.filter(
            district=district, kind=kind, topic=topic, place=place,
            status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.OPEN]), author=author)
        if earlier is not None:
            return earlier
    request = MeetingRequest.objects.create(
        municipality_id=district.municipality_id, district=district, kind=kind, author=author, topic=topic,
        place=place, is_example=is_example,
        status=MeetingRequest.Status.OPEN if is_example else MeetingRequest.Status.PENDING)
    support_once(RequestSupport, target=request, user=author)  # the author supports their own request
    if not is_example:
        notify(recipients=[*moderators(district.municipality_id),
                           *district_team_of(district_id=district.pk, municipality_id=district.municipality_id)],
               event="meeting_request.pending",
               params={"topic": request.topic, "district": district.name, "kind": kind.name},
               url=reverse("agenda:request_moderation"), actor=author)
    return request


def may_moderate(actor: User | None, request: MeetingRequest) -> bool:
    """Who places a resident's invitation: as with ideas, the municipality's moderators, its administrators and the
    request's district team (`actor=None`: the system)."""
    if actor is None:
        return True
    scope = user_scope(actor)
    return (scope.moderates(request.municipality_id) or scope.administers(request.municipality_id)
            or request.district_id in scope.team_district_ids)


@transaction.atomic
def request_moderate(*, request: MeetingRequest, actor: User | None, approve: bool,
                     reason: str = "") -> MeetingRequest:
    """Place a waiting invitation (it becomes public and supportable; the district team is told, and its author) or
    not (with a reason the author reads). Deciding twice is refused."""
    locked = MeetingRequest.objects.select_for_update().select_related("district", "kind").get(pk=request.pk)
    if not may_moderate(actor, locked):
        raise PermissionDenied(_("U mag uitnodigingen in deze wijk niet controleren."))
    target = MeetingRequest.Status.OPEN if approve else MeetingRequest.Status.REJECTED
    if locked.status != MeetingRequest.Status.PENDING:
        raise ValidationError(_("Over deze uitnodiging is al besloten."), code="moderated")
    require_transition("meeting_request", locked.status, target, _("Over deze uitnodiging is al besloten."))
    text = clean_text(reason, max_length=2000, field="reason", required=not approve)
    locked.status = target
    if not approve:
        locked.response = text
    locked.save(update_fields=["status", "response"])
    params = {"topic": locked.topic, "district": locked.district.name, "kind": locked.kind.name, "reason": text}
    author = [locked.author] if locked.author_id else []
    if approve:
        public_pages_changed(locked.municipality_id)  # the district's agenda and invitation page list it now
        notify(recipients=district_team_of(district_id=locked.district_id, municipality_id=locked.municipality_id),
               event="meeting_request.new", params=params, url=reverse("agenda:planning"), actor=actor)
        notify(recipients=author, event="meeting_request.published", params=params,
               url=page_path("agenda:invite", locked.district.municipality, slug=locked.district.slug), actor=actor)
    else:
        notify(recipients=author, event="meeting_request.rejected", params=params, url="", actor=actor)
    return locked


def pending_requests(*, actor: User) -> list[MeetingRequest]:
    """The invitations waiting for `actor` to place them (moderators: their municipality; a team: its districts)."""
    scope = user_scope(actor)
    municipalities = scope.moderator_municipality_ids | scope.administrator_municipality_ids
    where = Q(district_id__in=scope.team_district_ids) | Q(municipality_id__in=municipalities)
    if not (scope.team_district_ids or municipalities or scope.is_superuser):
        return []
    rows = MeetingRequest.objects.filter(status=MeetingRequest.Status.PENDING)
    return list((rows if scope.is_superuser else rows.filter(where)).select_related("district", "kind")
                .order_by("created_at", "pk"))


def request_support(*, request: MeetingRequest, user: User) -> bool:
    """Support a request once; True if this added support."""
    require_resident(user)
    if request.status not in workflow.REQUEST_SUPPORTABLE:
        raise ValidationError(_("Dit verzoek is al afgehandeld."), code="closed")
    _support, added = support_once(RequestSupport, target=request, user=user)
    return added


@transaction.atomic
def request_plan(*, request: MeetingRequest, activity: Activity, actor: User | None) -> MeetingRequest:
    """Link a request to the activity that answers it and tell everyone who supported it."""
    locked = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, permissions.PLAN, municipality_id=locked.municipality_id, district_ids=[locked.district_id])
    require_transition("meeting_request", locked.status, MeetingRequest.Status.PLANNED,
                       _("Dit verzoek is al afgehandeld."), code="closed")
    if not activity.districts.filter(pk=locked.district_id).exists():
        raise ValidationError(_("De activiteit is niet in de wijk van het verzoek."))
    locked.status = MeetingRequest.Status.PLANNED
    locked.save(update_fields=["status"])
    Activity.objects.filter(pk=activity.pk).update(request=locked)
    if not (locked.is_example or activity.is_example):
        supporters = User.objects.filter(pk__in=supporter_ids(RequestSupport, target=locked))
        notify(recipients=supporters, event="meeting_request.planned",
               params={"topic": locked.topic, "title": activity.title, "when": when_text(activity)},
               url=activity_path(activity), actor=actor)
    return locked


@transaction.atomic
def request_decline(*, request: MeetingRequest, actor: User | None, response: str) -> MeetingRequest:
    locked = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, permissions.PLAN, municipality_id=locked.municipality_id, district_ids=[locked.district_id])
    require_transition("meeting_request", locked.status, MeetingRequest.Status.DECLINED,
                       _("Dit verzoek is al afgehandeld."), code="closed")
    locked.status = MeetingRequest.Status.DECLINED
    locked.response = clean_text(response, max_length=2000, field="response")
    locked.save(update_fields=["status", "response"])
    if not locked.is_example:
        supporters = User.objects.filter(pk__in=supporter_ids(RequestSupport, target=locked))
        notify(recipients=supporters, event="meeting_request.declined",
               params={"topic": locked.topic, "response": locked.response}, url="", actor=actor)
    return locked
