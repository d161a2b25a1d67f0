"""A person's data in the agenda — registrations, meeting requests and support for them, follow-up actions — for the
export and the erasure of an account (accounts/personal_data.py, registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from wijkgericht.accounts.models import User
from wijkgericht.accounts.personal_data import Provider, municipality_ids, when
from wijkgericht.agenda.models import (
    Activity,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Registration,
    RequestSupport,
    VisitReport,
)
from wijkgericht.agenda.services.rsvp import registrations_release


def agenda_export(user: User) -> dict[str, Any]:
    """The user's part of getting to know the district: registrations, invitations and support, actions owned."""
    return {
        "activity_registrations": [
            {"activity_id": r.activity_id, "activity": r.activity.title, "starts_at": when(r.activity.starts_at),
             "status": r.status, "created_at": when(r.created_at)}
            for r in Registration.objects.filter(user=user).select_related("activity").order_by("created_at", "pk")
        ],
        "meeting_requests": [
            {"id": m.pk, "district": m.district.name, "kind": m.kind.name, "topic": m.topic, "place": m.place,
             "status": m.status, "created_at": when(m.created_at)}
            for m in MeetingRequest.objects.filter(author=user).select_related("district", "kind")
            .order_by("created_at", "pk")
        ],
        "meeting_request_supports": [
            {"request_id": r.request_id, "topic": r.request.topic, "created_at": when(r.created_at)}
            for r in RequestSupport.objects.filter(user=user).select_related("request").order_by("created_at", "pk")
        ],
        "follow_up_actions": [
            {"id": a.pk, "what": a.what, "due_date": when(a.due_date), "status": a.status,
             "owned_by_you": a.owner_user_id == user.pk, "done_by_you": a.done_by_id == user.pk}
            for a in FollowUpAction.objects.filter(Q(owner_user=user) | Q(done_by=user)).order_by("due_date", "pk")
        ],
    }


def agenda_erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    """Places go to the waiting list the normal way; free text that may hold an address goes. Registrations go with
    the account (CASCADE); requests and support stay without a name (SET NULL)."""
    released = registrations_release(user=user)
    MeetingRequest.objects.filter(author=user).update(place="")
    return {"registrations": released}


def municipalities_showing(user: User) -> set[int]:
    """Meeting requests, support for them and registrations are shown (by pseudonym or in counts)."""
    return municipality_ids(
        MeetingRequest.objects.filter(author=user).values_list("municipality_id", flat=True),
        RequestSupport.objects.filter(user=user).values_list("request__municipality_id", flat=True),
        Registration.objects.filter(user=user).values_list("activity__municipality_id", flat=True),
    )


# Activity.created_by, VisitReport.author and AgendaItem.created_by record which staff member did the work: they are
# not part of the export and lose their account on deletion (SET NULL).
provider = Provider(
    section="agenda", order=20,
    models=(Registration, MeetingRequest, RequestSupport, FollowUpAction, Activity, VisitReport, AgendaItem),
    export=agenda_export, erase=agenda_erase, municipalities_showing=municipalities_showing,
)
