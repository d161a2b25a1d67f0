"""Planning an activity (also in answer to a residents' request) and changing or cancelling it."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope
from wijkgericht.agenda import permissions
from wijkgericht.agenda.forms.staff import ActivityForm, CancelForm, VisitForm, local_parts
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest, Partner, Registration
from wijkgericht.agenda.pages.staff.common import (
    may,
    scope_municipalities,
    service_call,
    staff_render,
    team_districts,
)
from wijkgericht.agenda.services import activities
from wijkgericht.districts.models import District, Municipality
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope
from wijkgericht.governance.models import Alderman
from wijkgericht.governance.selectors import board_snapshot


def _activity_choices(scope: Scope, municipality: Municipality, activity: Activity | None = None) -> dict[str, Any]:
    """What the activity form offers: the districts the user plans in (plus those the activity already has), the
    aldermen of the current board, the municipality's active partners and kinds."""
    district_q = Q(pk__in=team_districts(scope, municipality).values("pk"))
    partner_q = Q(municipality=municipality, active=True)
    kind_q = Q(municipality=municipality, active=True)
    term = board_snapshot(municipality=municipality).term
    host_q = Q(municipality=municipality, terms=term) if term is not None else Q(municipality=municipality)
    if activity is not None:
        district_q |= Q(pk__in=activity.districts.values("pk"))
        partner_q |= Q(pk__in=activity.invited_partners.values("pk"))
        host_q |= Q(pk__in=activity.hosts.values("pk"))
        kind_q |= Q(pk=activity.kind_id)
    return {"kinds": ActivityKind.objects.filter(kind_q).order_by("order", "name"),
            "districts": District.objects.filter(district_q).order_by("name"),
            "hosts": Alderman.objects.filter(host_q).distinct().order_by("-role", "name"),
            "partners": Partner.objects.filter(partner_q).order_by("name")}


def _district_hosts(municipality: Municipality, districts: list[District],
                    offered: QuerySet[Alderman]) -> list[Alderman]:
    """The district alderman of each of these districts (on the board's reference date), as the hosts a new
    activity starts with: they are the ones who come. Only those the form offers; the planner can untick them."""
    snapshot = board_snapshot(municipality=municipality)
    ids = {a.pk for d in districts if (a := snapshot.alderman_of(d.pk)) is not None}
    return list(offered.filter(pk__in=ids)) if ids else []


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    meeting_request = None
    if request.GET.get("verzoek"):
        meeting_request = get_object_or_404(MeetingRequest.objects.select_related("district", "kind", "municipality"),
                                            pk=form_id(request.GET["verzoek"]),
                                            status=MeetingRequest.Status.OPEN)
        municipality = meeting_request.municipality
        if not permissions.can_in_districts(scope, permissions.PLAN, municipality_id=municipality.pk,
                                            district_ids=[meeting_request.district_id]):
            raise Http404
    else:
        municipality = next((m for m in scope_municipalities(scope) if team_districts(scope, m).exists()),
                            None)
        if municipality is None:
            raise PermissionDenied(_("U plant geen activiteiten: u hebt geen wijken."))
    choices = _activity_choices(scope, municipality)
    if request.method == "POST":
        form = ActivityForm(request.POST, **choices)
        del form.fields["registration_open"]  # activity_create has no such argument: set on the edit page
        if form.is_valid():
            outcome = service_call(request, partial(activities.activity_create, actor=request.user,
                                                    municipality=municipality, request=meeting_request,
                                                    **form.service_fields()),
                                   form=form, denied_on_form=True, success=_("De activiteit is gepland."))
            if outcome.ok:
                return redirect("agenda:activity_edit", activity_id=outcome.value.pk)
    else:
        initial: dict[str, Any] = {}
        if meeting_request is not None:
            initial = {"districts": [meeting_request.district], "kind": meeting_request.kind_id,
                       "title": meeting_request.topic, "place": meeting_request.place}
        else:
            offered = list(choices["districts"])
            if len(offered) == 1:
                initial["districts"] = offered
        if initial.get("districts"):
            initial["hosts"] = _district_hosts(municipality, initial["districts"], choices["hosts"])
        form = ActivityForm(initial=initial, **choices)
        del form.fields["registration_open"]
    return staff_render(request, "activity_form.html", {"form": form, "meeting_request": meeting_request},
                        municipality, status=400 if form.is_bound else 200)


@login_required
def visit_record(request: HttpRequest) -> HttpResponse:
    """Bezoek vastleggen: a visit that took place (unplanned, or in the past) in one form, then its report."""
    scope = staff_scope(request)
    municipality = next((m for m in scope_municipalities(scope) if team_districts(scope, m).exists()), None)
    if municipality is None:
        raise PermissionDenied(_("U legt geen bezoeken vast: u hebt geen wijken."))
    choices = _activity_choices(scope, municipality)
    if request.method == "POST":
        form = VisitForm(request.POST, **choices)
        if form.is_valid():
            outcome = service_call(request, partial(activities.visit_record, actor=request.user,
                                                    municipality=municipality, **form.service_fields()),
                                   form=form, denied_on_form=True,
                                   success=_("Het bezoek is vastgelegd. Schrijf nu het verslag."))
            if outcome.ok:
                return redirect("agenda:report", activity_id=outcome.value.pk)
    else:
        now = timezone.localtime()
        initial: dict[str, Any] = {"date": now.date()}
        offered = list(choices["districts"])
        if len(offered) == 1:
            initial["districts"] = offered
            initial["hosts"] = _district_hosts(municipality, offered, choices["hosts"])
        form = VisitForm(initial=initial, **choices)
    return staff_render(request, "activity_form.html", {"form": form, "visit": True}, municipality,
                        status=400 if form.is_bound else 200)


@login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = staff_scope(request)
    activity = get_object_or_404(Activity.objects.select_related("kind", "municipality", "request"), pk=activity_id)
    if not may(scope, permissions.PLAN, activity):
        raise Http404
    choices = _activity_choices(scope, activity.municipality, activity)
    form = ActivityForm(initial=ActivityForm.initial_for(activity), **choices)
    cancel_form = CancelForm()
    failed = False
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "update":
        form = ActivityForm(request.POST, **choices)
        if form.is_valid():
            fields = form.service_fields()
            # Minutes on the form: an unchanged time keeps its exact value, so nobody is told of a non-change.
            for name in ("starts_at", "ends_at"):
                if local_parts(getattr(activity, name)) == local_parts(fields[name]):
                    fields[name] = getattr(activity, name)
            update = partial(activities.activity_update, actor=request.user, activity=activity,
                             registration_open=form.cleaned_data["registration_open"], **fields)
            if service_call(request, update, form=form, denied_on_form=True,
                            success=_("Opgeslagen. Wie zich aanmeldde hoort het als tijd of plaats veranderde.")).ok:
                return redirect("agenda:activity_edit", activity_id=activity.pk)
        failed = True
    elif request.method == "POST" and action == "cancel":
        cancel_form = CancelForm(request.POST)
        if cancel_form.is_valid() and service_call(
                request, partial(activities.activity_cancel, actor=request.user, activity=activity,
                                 reason=cancel_form.cleaned_data["reason"]),
                form=cancel_form, denied_on_form=True,
                success=_("De activiteit is afgelast; wie zich aanmeldde krijgt bericht.")).ok:
            return redirect("agenda:activity_edit", activity_id=activity.pk)
        failed = True
    elif request.method == "POST":
        failed = True
        messages.error(request, _("Onbekende handeling."))
    registrations = activity.registrations.select_related("user").order_by("created_at", "pk")
    context = {
        "activity": activity, "form": form, "cancel_form": cancel_form,
        "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
        "waitlisted": [r for r in registrations if r.status == Registration.Status.WAITLISTED],
        "took_place": activity.starts_at <= timezone.now(),
        "cancelled": activity.status == Activity.Status.CANCELLED,
    }
    return staff_render(request, "activity_form.html", context, activity.municipality,
                        status=400 if failed else 200)
