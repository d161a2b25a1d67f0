"""The life cycles of the agenda as plain tables (no Django): statuses and allowed transitions.

- An activity is planned, and may be cancelled (afgelast); a cancelled activity stays as it is. That an activity
  took place is no status: it follows from its time (a planned activity whose start has passed).
- A registration starts confirmed (while there is room) or on the waiting list; the waiting list moves up into a
  free place; either is cancelled by the resident (or when the account is deleted). A cancelled registration stays
  cancelled: signing up again is a new registration.
- A meeting request ("nodig uw wijkwethouder uit") waits for moderation (pending) like a resident's idea: placed, it
  is open (public, supportable), or it is not placed (rejected, with a reason to its author). An open request — or a
  pending one the district team answers at once — is planned (an activity answers it) or declined (with an answer to
  its supporters); rejected, planned and declined are final.
- A follow-up action is open until it is done; done is final.
- A point on the district agenda is new, then the team is busy with it (mee bezig), then done. Its status is the
  team's own label for its priorities, so every change is allowed: a step set by mistake is corrected, and a
  finished point that comes back is picked up again. The table says so explicitly; the service still asks it.

Doing what was already done (cancelling a cancelled activity, marking a done action done) is no transition: the
services give back the thing unchanged, so a double click does no harm. `check` is only asked about a change.
Where a service has a message for a refusal (a request that was already dealt with, a cancelled activity), the
resident or staff member sees it; where the services themselves never ask for a move the table forbids (a
registration or an action that is already final is returned before), `check` raises TransitionRefused, which only
a row changed outside the services can cause.
"""

from __future__ import annotations

from collections.abc import Mapping

# Activity.Status
ACTIVITY_PLANNED = "planned"
ACTIVITY_CANCELLED = "cancelled"
ACTIVITY_STATUSES = (ACTIVITY_PLANNED, ACTIVITY_CANCELLED)
ACTIVITY_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ACTIVITY_PLANNED: frozenset({ACTIVITY_CANCELLED}),
    ACTIVITY_CANCELLED: frozenset(),
}
# An activity's details (time, place, hosts…) may be changed only in these statuses.
ACTIVITY_EDITABLE = frozenset({ACTIVITY_PLANNED})

# Registration.Status
REGISTRATION_CONFIRMED = "confirmed"
REGISTRATION_WAITLISTED = "waitlisted"
REGISTRATION_CANCELLED = "cancelled"
REGISTRATION_STATUSES = (REGISTRATION_CONFIRMED, REGISTRATION_WAITLISTED, REGISTRATION_CANCELLED)
REGISTRATION_INITIAL = frozenset({REGISTRATION_CONFIRMED, REGISTRATION_WAITLISTED})
REGISTRATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    REGISTRATION_CONFIRMED: frozenset({REGISTRATION_CANCELLED}),
    # Promoted into a free place, or the resident gives up their place on the list.
    REGISTRATION_WAITLISTED: frozenset({REGISTRATION_CONFIRMED, REGISTRATION_CANCELLED}),
    REGISTRATION_CANCELLED: frozenset(),
}

# MeetingRequest.Status
REQUEST_PENDING = "pending"
REQUEST_OPEN = "open"
REQUEST_REJECTED = "rejected"
REQUEST_PLANNED = "planned"
REQUEST_DECLINED = "declined"
REQUEST_STATUSES = (REQUEST_PENDING, REQUEST_OPEN, REQUEST_REJECTED, REQUEST_PLANNED, REQUEST_DECLINED)
REQUEST_TRANSITIONS: Mapping[str, frozenset[str]] = {
    REQUEST_PENDING: frozenset({REQUEST_OPEN, REQUEST_REJECTED, REQUEST_PLANNED, REQUEST_DECLINED}),
    REQUEST_OPEN: frozenset({REQUEST_PLANNED, REQUEST_DECLINED}),
    REQUEST_REJECTED: frozenset(),
    REQUEST_PLANNED: frozenset(),
    REQUEST_DECLINED: frozenset(),
}
# Residents may add their support only while the request is open.
REQUEST_SUPPORTABLE = frozenset({REQUEST_OPEN})

# FollowUpAction.Status
ACTION_OPEN = "open"
ACTION_DONE = "done"
ACTION_STATUSES = (ACTION_OPEN, ACTION_DONE)
ACTION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    ACTION_OPEN: frozenset({ACTION_DONE}),
    ACTION_DONE: frozenset(),
}

# AgendaItem.Status (a new point may start in any of them: the team records what it already does or did)
AGENDA_NEW = "new"
AGENDA_ACTIVE = "active"
AGENDA_DONE = "done"
AGENDA_STATUSES = (AGENDA_NEW, AGENDA_ACTIVE, AGENDA_DONE)
AGENDA_TRANSITIONS: Mapping[str, frozenset[str]] = {
    AGENDA_NEW: frozenset({AGENDA_ACTIVE, AGENDA_DONE}),
    AGENDA_ACTIVE: frozenset({AGENDA_NEW, AGENDA_DONE}),
    AGENDA_DONE: frozenset({AGENDA_NEW, AGENDA_ACTIVE}),
}

# Every life cycle by name, for the services' messages and the tests.
TABLES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "activity": ACTIVITY_TRANSITIONS,
    "registration": REGISTRATION_TRANSITIONS,
    "meeting_request": REQUEST_TRANSITIONS,
    "follow_up_action": ACTION_TRANSITIONS,
    "agenda_item": AGENDA_TRANSITIONS,
}


class TransitionRefused(Exception):
    """`source → target` is not in the table of `thing` (one of TABLES' names)."""

    def __init__(self, thing: str, source: str, target: str):
        self.thing, self.source, self.target = thing, source, target
        super().__init__(f"{thing}: {source} → {target} is not allowed")


def allowed(thing: str, source: str, target: str) -> bool:
    """May a `thing` in status `source` move to `target`? Unknown statuses are never allowed."""
    return target in TABLES[thing].get(source, frozenset())


def check(thing: str, source: str, target: str) -> None:
    """Raise TransitionRefused unless the table of `thing` allows `source → target`."""
    if not allowed(thing, source, target):
        raise TransitionRefused(thing, source, target)
