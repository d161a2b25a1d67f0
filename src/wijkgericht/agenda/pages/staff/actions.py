"""Open follow-up actions: those in the user's districts and those they own, overdue first; marking one done."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import request_scope
from wijkgericht.agenda import selectors
from wijkgericht.agenda.forms.staff import DoneForm
from wijkgericht.agenda.models import FollowUpAction
from wijkgericht.agenda.pages.staff.common import scope_municipalities, service_call, staff_render
from wijkgericht.agenda.services.follow_up import action_done
from wijkgericht.districts.models import District
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope


@login_required
def actions(request: HttpRequest) -> HttpResponse:
    """Open actions in the user's districts and the ones they own, overdue first."""
    scope = request_scope(request)
    owns = FollowUpAction.objects.filter(owner_user=request.user, status=FollowUpAction.Status.OPEN).exists()
    if not owns:
        scope = staff_scope(request)
    if request.method == "POST":
        action = get_object_or_404(FollowUpAction, pk=form_id(request.POST.get("follow_up")))
        form = DoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            service_call(request, partial(action_done, actor=request.user, action=action,
                                          note=form.cleaned_data["note"]),
                         success=_("De actie is gedaan."), denied_message=_("Dat mag u niet bij deze actie."))
        return redirect("agenda:actions")
    if scope.is_superuser:
        district_ids = None
    else:
        district_ids = set(scope.team_district_ids) | set(District.objects.filter(
            municipality_id__in=scope.administrator_municipality_ids).values_list("pk", flat=True))
    today = timezone.localdate()
    rows = []
    for follow_up in selectors.open_actions(district_ids=district_ids, user_id=request.user.pk):
        follow_up.overdue_days = (today - follow_up.due_date).days
        rows.append(follow_up)
    rows.sort(key=lambda a: (a.overdue_days <= 0, a.due_date, a.pk))
    municipalities = scope_municipalities(scope)
    return staff_render(request, "actions.html", {"rows": rows, "today": today},
                        municipalities[0] if municipalities else None)
