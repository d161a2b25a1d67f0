"""What residents ask for ("nodig uw wijkwethouder uit"): a request, its supporters, and the district team's answer
(planned as an activity, or declined with a reason). Open → planned | declined, see `agenda.workflow`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import permissions, workflow
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest, RequestSupport
from wijkgericht.agenda.services.common import activity_path, require, require_transition, when_text
from wijkgericht.core.double_submit import double_submit_first
from wijkgericht.core.support import support_once, supporter_ids
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District
from wijkgericht.notifications.services import notify
from wijkgericht.participation.audience import district_team_of
from wijkgericht.participation.services import require_resident


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
    # The same invitation sent twice (a double click, a resent form) is one request (issue #10).
    if author is not None:  # the demo's example requests have none
        earlier = double_submit_first(MeetingRequest.objects.filter(
            district=district, kind=kind, topic=topic, place=place, status=MeetingRequest.Status.OPEN), author=author)
        if earlier is not None:
            return earlier
    request = MeetingRequest.objects.create(
        municipality_id=district.municipality_id, district=district, kind=kind, author=author, topic=topic,
        place=place, is_example=is_example)
    support_once(RequestSupport, target=request, user=author)  # the author supports their own request
    if not is_example:
        notify(recipients=district_team_of(district_id=district.pk, municipality_id=district.municipality_id),
               event="meeting_request.new",
               params={"topic": request.topic, "district": district.name, "kind": kind.name},
               url=reverse("agenda:planning"), actor=author)
    return request


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
