"""Residents' invitations waiting to be placed ("Uitnodigingen controleren"), moderated like ideas: place it (public
and supportable) or not (with a reason its author reads). agenda.services.meeting_requests decides who may."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wijkgericht.agenda.models import MeetingRequest
from wijkgericht.agenda.pages.staff.common import service_call, staff_render
from wijkgericht.agenda.services.meeting_requests import pending_requests, request_moderate
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope
from wijkgericht.participation.forms import CommentModerationForm


@login_required
def request_moderation(request: HttpRequest) -> HttpResponse:
    staff_scope(request)
    bound: CommentModerationForm | None = None
    bound_id = None
    if request.method == "POST":
        meeting_request = get_object_or_404(MeetingRequest, pk=form_id(request.POST.get("request")))
        bound_id = meeting_request.pk
        bound = CommentModerationForm(request.POST, auto_id=f"id_%s_{meeting_request.pk}")
        if bound.is_valid():
            approve = bound.cleaned_data["decision"] == "approve"
            outcome = service_call(request, partial(request_moderate, request=meeting_request, actor=request.user,
                                                    approve=approve, reason=bound.cleaned_data["reason"]),
                                   form=bound,
                                   success=_("De uitnodiging staat op de site; wie haar stuurde krijgt bericht.")
                                   if approve else _("De uitnodiging is niet geplaatst; wie haar stuurde krijgt de "
                                                     "reden."))
            if outcome.done:
                return redirect("agenda:request_moderation")
    rows = [{"request": r, "form": bound if r.pk == bound_id else CommentModerationForm(auto_id=f"id_%s_{r.pk}")}
            for r in pending_requests(actor=request.user)]
    return staff_render(request, "request_moderation.html", {"rows": rows}, None,
                        status=400 if bound is not None and bound.errors else 200)
