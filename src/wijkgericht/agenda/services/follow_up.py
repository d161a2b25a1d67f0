"""Follow-up actions agreed during a visit: who does what by when, marking them done, and reminders when overdue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import workflow
from wijkgericht.agenda.models import FollowUpAction, Partner, VisitReport
from wijkgericht.agenda.selectors import action_owner_people
from wijkgericht.agenda.services.reports import require_report_permission
from wijkgericht.core import dates
from wijkgericht.core.text import clean_text
from wijkgericht.notifications.services import notify
from wijkgericht.participation.audience import district_team_of


@transaction.atomic
def action_create(*, actor: User | None, report: VisitReport, what: str, due_date: dt.date,
                  owner_user: User | None = None, owner_department: str = "", owner_partner: Partner | None = None,
                  portfolio: Any = None) -> FollowUpAction:
    require_report_permission(actor, report.activity)
    department = clean_text(owner_department, max_length=150, field="owner_department", required=False)
    if sum(bool(x) for x in (owner_user, department, owner_partner)) != 1:
        raise ValidationError({"owner": _("Kies één eigenaar: een persoon, een afdeling of een wijkpartner.")})
    municipality = report.activity.municipality
    if owner_user is not None and not action_owner_people(municipality=municipality).filter(pk=owner_user.pk).exists():
        raise ValidationError({"owner_user": _("Kies als persoon een wijkregisseur of wethouder van deze gemeente, "
                                               "geen account voor beheer of moderatie.")})
    if owner_partner is not None and owner_partner.municipality_id != municipality.pk:
        raise ValidationError({"owner_partner": _("Kies een wijkpartner van deze gemeente.")})
    action = FollowUpAction.objects.create(
        report=report, what=clean_text(what, max_length=300, field="what"), due_date=due_date,
        owner_user=owner_user, owner_department=department, owner_partner=owner_partner, portfolio=portfolio)
    if owner_user is not None and not report.activity.is_example:
        notify(recipients=[owner_user], event="action.assigned",
               params={"what": action.what, "title": report.activity.title,
                       "due": dates.day(due_date)},
               url=reverse("agenda:actions"), actor=actor)
    return action


@transaction.atomic
def action_done(*, actor: User | None, action: FollowUpAction, note: str = "") -> FollowUpAction:
    locked = FollowUpAction.objects.select_for_update().select_related("report__activity").get(pk=action.pk)
    if actor is None or locked.owner_user_id != actor.pk:
        require_report_permission(actor, locked.report.activity)
    if locked.status == FollowUpAction.Status.DONE:  # done twice (a double click): nothing changes
        return locked
    workflow.check("follow_up_action", locked.status, FollowUpAction.Status.DONE)
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
                           "due": dates.day(action.due_date)},
                   url=reverse("agenda:actions"))
            count += 1
    return count
