"""RSVP and the waiting list.

Under load: registering and cancelling lock the activity row (SELECT … FOR UPDATE), so the count of confirmed
places and the decision "confirmed or waiting list" are serialised per activity — no overbooking however many
residents press the button at once, and a cancelled place goes to the first on the waiting list.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import workflow
from wijkgericht.agenda.models import Activity, Registration
from wijkgericht.agenda.services.common import activity_path, when_text
from wijkgericht.notifications.services import notify
from wijkgericht.participation.services import require_resident


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
    assert status in workflow.REGISTRATION_INITIAL
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
    workflow.check("registration", locked.status, Registration.Status.CANCELLED)
    locked.status = Registration.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    promote_waitlist(activity)
    return locked


def promote_waitlist(activity: Activity) -> list[Registration]:
    """Move the waiting list up into free places, first come first served (caller holds the activity lock)."""
    if activity.capacity is None or activity.status != Activity.Status.PLANNED or activity.starts_at <= timezone.now():
        return []  # nobody is promoted into a cancelled or past activity
    free = activity.capacity - _confirmed_count(activity)
    if free <= 0:
        return []
    promoted = list(activity.registrations.filter(status=Registration.Status.WAITLISTED)
                    .select_related("user").order_by("created_at", "pk")[:free])
    for registration in promoted:
        workflow.check("registration", registration.status, Registration.Status.CONFIRMED)
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
    if promoted and not activity.is_example:
        notify(recipients=[r.user for r in promoted], event="activity.waitlist_promoted",
               params={"title": activity.title, "when": when_text(activity)}, url=activity_path(activity))
    return promoted


def registrations_release(*, user: User) -> int:
    """Before an account is deleted: cancel its registrations the normal way, so places go to the waiting list."""
    count = 0
    for registration in Registration.objects.filter(user=user).exclude(status=Registration.Status.CANCELLED):
        rsvp_cancel(registration=registration, user=user)
        count += 1
    return count
