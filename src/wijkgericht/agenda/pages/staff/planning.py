"""The alderman's planning view: per district of the user's scope, what residents ask for (and declining a request),
the last visit, what is planned."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.agenda import selectors
from wijkgericht.agenda.forms.staff import DeclineForm
from wijkgericht.agenda.models import MeetingRequest
from wijkgericht.agenda.pages.staff.common import scope_municipalities, service_call, staff_render
from wijkgericht.agenda.services.meeting_requests import request_decline
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope


@login_required
def planning(request: HttpRequest) -> HttpResponse:
    """Per district of the user's scope: what residents ask for, the last visit, what is planned."""
    scope = staff_scope(request)
    bound: DeclineForm | None = None
    bound_id = None
    if request.method == "POST":
        meeting_request = get_object_or_404(MeetingRequest, pk=form_id(request.POST.get("request")))
        bound_id = meeting_request.pk
        bound = DeclineForm(request.POST, auto_id=f"id_%s_{meeting_request.pk}")
        if bound.is_valid() and service_call(
                request, partial(request_decline, request=meeting_request, actor=request.user,
                                 response=bound.cleaned_data["response"]), form=bound,
                success=_("Het verzoek is niet ingepland; wie het steunde krijgt uw antwoord.")).done:
            return redirect("agenda:planning")
    sections = []
    for municipality in scope_municipalities(scope):
        district_ids = None if scope.administers(municipality.pk) else set(scope.team_district_ids)
        rows = selectors.planning(district_ids=district_ids, municipality=municipality) if (
            district_ids is None or district_ids) else []
        for row in rows:
            for meeting_request in row.requests:
                meeting_request.decline_form = (bound if meeting_request.pk == bound_id else
                                                DeclineForm(auto_id=f"id_%s_{meeting_request.pk}"))
        if rows:
            sections.append({"municipality": municipality, "rows": rows})
    context = {"sections": sections, "stale_days": _stale_days(), "scope": scope, "now": timezone.now()}
    return staff_render(request, "planning.html", context, sections[0]["municipality"] if sections else None,
                        status=400 if bound is not None else 200)


def _stale_days() -> int:
    return settings.WIJKGERICHT_VISIT_STALE_DAYS
