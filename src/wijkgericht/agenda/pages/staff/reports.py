"""The visit report of an activity that took place: attendance and impressions, topics (linked to a resident item or
put on the district agenda) and follow-up actions."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.agenda import permissions
from wijkgericht.agenda.forms.staff import ActionForm, ReportForm, TopicForm
from wijkgericht.agenda.models import Activity, Partner, ReportTopic, VisitReport
from wijkgericht.agenda.pages.staff.common import may, service_call, staff_render
from wijkgericht.agenda.selectors import action_owner_people
from wijkgericht.agenda.services.follow_up import action_create
from wijkgericht.agenda.services.reports import report_save, topic_add, topic_promote
from wijkgericht.districts.models import District
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation.models import Item


@login_required
def report(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = staff_scope(request)
    activity = get_object_or_404(Activity.objects.select_related("kind", "municipality"), pk=activity_id)
    if not may(scope, permissions.REPORT, activity):
        raise Http404
    municipality = activity.municipality
    visit = VisitReport.objects.filter(activity=activity).first()
    partners = Partner.objects.filter(municipality=municipality).order_by("name")
    forms: dict[str, Any] = {
        "report": ReportForm(partners=partners, initial=_report_initial(visit)),
        "topic": TopicForm(),
        "action": ActionForm(users=action_owner_people(municipality=municipality), partners=partners,
                             portfolios=Portfolio.objects.filter(municipality=municipality)),
    }
    took_place = activity.starts_at <= timezone.now() and activity.status != Activity.Status.CANCELLED
    failed = False
    if request.method == "POST":
        if not took_place:
            raise PermissionDenied(_("Een verslag schrijft u na de activiteit."))
        done = _report_act(request, activity, visit, forms)
        if done:
            return redirect("agenda:report", activity_id=activity.pk)
        failed = True
    topics = visit.topics.select_related("agenda_item", "item") if visit else []
    context = {
        "activity": activity, "visit": visit, "took_place": took_place, "forms": forms, "topics": topics,
        "districts": list(activity.districts.order_by("name")),
        "actions": (visit.actions.select_related("owner_user", "owner_partner", "portfolio", "done_by")
                    if visit else []),
        "today": timezone.localdate(),
    }
    return staff_render(request, "report.html", context, municipality, status=400 if failed else 200)


def _report_initial(visit: VisitReport | None) -> dict[str, Any]:
    if visit is None:
        return {}
    return {"attendance": visit.attendance, "partners_present": list(visit.partners_present.all()),
            "impressions": visit.impressions, "public_summary": visit.public_summary,
            "summary_published": visit.summary_published}


def _report_act(request: HttpRequest, activity: Activity, visit: VisitReport | None, forms: dict[str, Any]) -> bool:
    """Carry out the posted action; True when it is done (the page redirects), else the bound form is kept."""
    action = request.POST.get("action", "")
    user = request.user
    form = None
    if action == "report":
        form = forms["report"] = ReportForm(request.POST, partners=forms["report"].fields[
            "partners_present"].queryset)
        if not form.is_valid():
            return False
        call = partial(report_save, actor=user, activity=activity, **form.cleaned_data)
    elif visit is None:
        messages.error(request, _("Sla eerst het verslag op."))
        return True
    elif action == "topic":
        form = forms["topic"] = TopicForm(request.POST)
        if not form.is_valid():
            return False
        number = form.cleaned_data["item_number"]
        item = Item.objects.filter(pk=number).first() if number else None
        if number and item is None:
            form.add_error("item_number", _("Er is geen inbreng met dit nummer."))
            return False
        call = partial(topic_add, actor=user, report=visit, text=form.cleaned_data["text"], item=item)
    elif action == "promote":
        topic = get_object_or_404(ReportTopic, pk=form_id(request.POST.get("topic")), report=visit)
        district = get_object_or_404(District, pk=form_id(request.POST.get("district")))
        call = partial(topic_promote, actor=user, topic=topic, district=district)
    elif action == "action":
        old = forms["action"].fields
        form = forms["action"] = ActionForm(request.POST, users=old["owner_user"].queryset,
                                            partners=old["owner_partner"].queryset,
                                            portfolios=old["portfolio"].queryset)
        if not form.is_valid():
            return False
        call = partial(action_create, actor=user, report=visit, **form.cleaned_data)
    else:
        messages.error(request, _("Onbekende handeling."))
        return True
    return service_call(request, call, form=form, success=_("Opgeslagen."),
                        denied_message=_("Dat mag u niet bij deze activiteit.")).done
