"""The agenda's staff pages in the workspace ("werkplek"): the alderman's planning view, activities, visit reports
with topics and follow-up actions, open actions, the district agenda and the partners registry.

Like web.staff_views: pages refuse non-staff (403), offer only the districts a role may act in, post each action
with a hidden `action` field, and leave every rule to the services, whose ValidationError/PermissionDenied are
shown on the form or as a message. The one write without a service, partners' contact persons, is
`partner_contacts_save` below, with the same permission check the services use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.accounts.roles import Scope, request_scope
from wijkgericht.agenda import permissions, selectors, services
from wijkgericht.agenda.forms_staff import (
    ActionForm,
    ActivityForm,
    AgendaItemForm,
    CancelForm,
    ContactFormSet,
    DeclineForm,
    DoneForm,
    PartnerForm,
    ReportForm,
    TopicForm,
    local_parts,
)
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    Registration,
    ReportTopic,
    VisitReport,
)
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman, Portfolio
from wijkgericht.governance.selectors import board_snapshot
from wijkgericht.participation.models import Item
from wijkgericht.web.badinput import form_id
from wijkgericht.web.service_forms import ServiceOutcome, call_service
from wijkgericht.web.staff_views import _staff_scope
from wijkgericht.web.views import base_context, default_context

# Service error keys that are named differently on the forms.
_FIELD_ALIASES = {"starts_at": "start", "ends_at": "end", "item": "item_number", "owner": None}


# --- scope helpers --------------------------------------------------------------------------------------------

def _municipalities(scope: Scope) -> list[Municipality]:
    """The municipalities this staff member works for, through any of their roles."""
    if scope.is_superuser:
        return list(Municipality.objects.order_by("name"))
    ids = set(District.objects.filter(pk__in=scope.team_district_ids).values_list("municipality_id", flat=True))
    ids |= scope.administrator_municipality_ids | scope.moderator_municipality_ids
    ids |= set(Portfolio.objects.filter(pk__in=scope.portfolio_ids).values_list("municipality_id", flat=True))
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def _team_districts(scope: Scope, municipality: Municipality) -> QuerySet[District]:
    """Districts where this user plans, reports and keeps the agenda (all of them for an administrator)."""
    districts = District.objects.filter(municipality=municipality).order_by("name")
    return districts if scope.administers(municipality.pk) else districts.filter(pk__in=scope.team_district_ids)


def _may(scope: Scope, action: str, activity: Activity) -> bool:
    hosts = activity.hosts.exclude(user__isnull=True).values_list("user_id", flat=True)
    return permissions.can_in_districts(scope, action, municipality_id=activity.municipality_id,
                                        district_ids=activity.districts.values_list("pk", flat=True),
                                        host_user_ids=hosts if action == permissions.REPORT else ())


def _staff_users(municipality: Municipality) -> QuerySet[User]:
    """Who can own a follow-up action as a person: staff roles and aldermen with an account."""
    ids = set(StaffRole.objects.filter(municipality=municipality).values_list("user_id", flat=True))
    ids |= set(Alderman.objects.filter(municipality=municipality, user__isnull=False).values_list("user_id", flat=True))
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pseudonym")


def _call(request: HttpRequest, call: Callable[[], Any], **kwargs: Any) -> ServiceOutcome:
    """call_service with this app's form field names for the services' error keys."""
    return call_service(request, call, aliases=_FIELD_ALIASES, **kwargs)


def _render(request: HttpRequest, template: str, context: dict[str, Any], municipality: Municipality | None,
            status: int = 200) -> HttpResponse:
    page = base_context(municipality) if municipality is not None else default_context()
    page.update(context)
    return render(request, f"agenda/staff/{template}", page, status=status)


# --- planning -------------------------------------------------------------------------------------------------

@login_required
def planning(request: HttpRequest) -> HttpResponse:
    """Per district of the user's scope: what residents ask for, the last visit, what is planned."""
    scope = _staff_scope(request)
    bound: DeclineForm | None = None
    bound_id = None
    if request.method == "POST":
        meeting_request = get_object_or_404(MeetingRequest, pk=form_id(request.POST.get("request")))
        bound_id = meeting_request.pk
        bound = DeclineForm(request.POST, auto_id=f"id_%s_{meeting_request.pk}")
        if bound.is_valid() and _call(
                request, partial(services.request_decline, request=meeting_request, actor=request.user,
                                 response=bound.cleaned_data["response"]), form=bound,
                success=_("Het verzoek is niet ingepland; wie het steunde krijgt uw antwoord.")).done:
            return redirect("agenda:planning")
    sections = []
    for municipality in _municipalities(scope):
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
    return _render(request, "planning.html", context, sections[0]["municipality"] if sections else None,
                   status=400 if bound is not None else 200)


def _stale_days() -> int:
    return settings.WIJKGERICHT_VISIT_STALE_DAYS


# --- activities -----------------------------------------------------------------------------------------------

def _activity_choices(scope: Scope, municipality: Municipality, activity: Activity | None = None) -> dict[str, Any]:
    """What the activity form offers: the districts the user plans in (plus those the activity already has), the
    aldermen of the current board, the municipality's active partners and kinds."""
    district_q = Q(pk__in=_team_districts(scope, municipality).values("pk"))
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
    scope = _staff_scope(request)
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
        municipality = next((m for m in _municipalities(scope) if _team_districts(scope, m).exists()), None)
        if municipality is None:
            raise PermissionDenied(_("U plant geen activiteiten: u heeft geen wijken."))
    choices = _activity_choices(scope, municipality)
    if request.method == "POST":
        form = ActivityForm(request.POST, **choices)
        del form.fields["registration_open"]  # activity_create has no such argument: set on the edit page
        if form.is_valid():
            outcome = _call(request, partial(services.activity_create, actor=request.user, municipality=municipality,
                                             request=meeting_request, **form.service_fields()),
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
    return _render(request, "activity_form.html", {"form": form, "meeting_request": meeting_request},
                   municipality, status=400 if form.is_bound else 200)


@login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _staff_scope(request)
    activity = get_object_or_404(Activity.objects.select_related("kind", "municipality", "request"), pk=activity_id)
    if not _may(scope, permissions.PLAN, activity):
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
            if _call(request, partial(services.activity_update, actor=request.user, activity=activity,
                                      registration_open=form.cleaned_data["registration_open"], **fields),
                     form=form, denied_on_form=True,
                     success=_("Opgeslagen. Wie zich aanmeldde hoort het als tijd of plaats veranderde.")).ok:
                return redirect("agenda:activity_edit", activity_id=activity.pk)
        failed = True
    elif request.method == "POST" and action == "cancel":
        cancel_form = CancelForm(request.POST)
        if cancel_form.is_valid() and _call(
                request, partial(services.activity_cancel, actor=request.user, activity=activity,
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
    return _render(request, "activity_form.html", context, activity.municipality, status=400 if failed else 200)


# --- visit report ---------------------------------------------------------------------------------------------

@login_required
def report(request: HttpRequest, activity_id: int) -> HttpResponse:
    scope = _staff_scope(request)
    activity = get_object_or_404(Activity.objects.select_related("kind", "municipality"), pk=activity_id)
    if not _may(scope, permissions.REPORT, activity):
        raise Http404
    municipality = activity.municipality
    visit = VisitReport.objects.filter(activity=activity).first()
    partners = Partner.objects.filter(municipality=municipality).order_by("name")
    forms: dict[str, Any] = {
        "report": ReportForm(partners=partners, initial=_report_initial(visit)),
        "topic": TopicForm(),
        "action": ActionForm(users=_staff_users(municipality), partners=partners,
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
    return _render(request, "report.html", context, municipality, status=400 if failed else 200)


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
        call = partial(services.report_save, actor=user, activity=activity, **form.cleaned_data)
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
        call = partial(services.topic_add, actor=user, report=visit, text=form.cleaned_data["text"], item=item)
    elif action == "promote":
        topic = get_object_or_404(ReportTopic, pk=form_id(request.POST.get("topic")), report=visit)
        district = get_object_or_404(District, pk=form_id(request.POST.get("district")))
        call = partial(services.topic_promote, actor=user, topic=topic, district=district)
    elif action == "action":
        old = forms["action"].fields
        form = forms["action"] = ActionForm(request.POST, users=old["owner_user"].queryset,
                                            partners=old["owner_partner"].queryset,
                                            portfolios=old["portfolio"].queryset)
        if not form.is_valid():
            return False
        call = partial(services.action_create, actor=user, report=visit, **form.cleaned_data)
    else:
        messages.error(request, _("Onbekende handeling."))
        return True
    return _call(request, call, form=form, success=_("Opgeslagen."),
                 denied_message=_("Dat mag u niet bij deze activiteit.")).done


# --- follow-up actions ----------------------------------------------------------------------------------------

@login_required
def actions(request: HttpRequest) -> HttpResponse:
    """Open actions in the user's districts and the ones they own, overdue first."""
    scope = request_scope(request)
    owns = FollowUpAction.objects.filter(owner_user=request.user, status=FollowUpAction.Status.OPEN).exists()
    if not owns:
        scope = _staff_scope(request)
    if request.method == "POST":
        action = get_object_or_404(FollowUpAction, pk=form_id(request.POST.get("follow_up")))
        form = DoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            _call(request, partial(services.action_done, actor=request.user, action=action,
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
    municipalities = _municipalities(scope)
    return _render(request, "actions.html", {"rows": rows, "today": today},
                   municipalities[0] if municipalities else None)


# --- the district agenda --------------------------------------------------------------------------------------

@login_required
def agenda_manage(request: HttpRequest, slug: str) -> HttpResponse:
    scope = _staff_scope(request)
    district = next((d for d in District.objects.filter(slug=slug).select_related("municipality")
                     if permissions.can_in_districts(scope, permissions.KEEP_AGENDA, municipality_id=d.municipality_id,
                                                     district_ids=[d.pk])), None)
    if district is None:
        raise Http404
    municipality = district.municipality
    items = list(AgendaItem.objects.filter(district=district).select_related("portfolio", "source_item")
                 .order_by("position", "pk"))
    editing = None
    if form_id(request.GET.get("punt")):
        editing = next((a for a in items if a.pk == form_id(request.GET["punt"])), None)
        if editing is None:
            raise Http404
    choices = {
        "reports": VisitReport.objects.filter(activity__districts=district).select_related("activity")
        .order_by("-activity__starts_at"),
        "partners": Partner.objects.filter(municipality=municipality).order_by("name"),
        "portfolios": Portfolio.objects.filter(municipality=municipality),
    }
    form = AgendaItemForm(initial=_agenda_initial(editing), **choices)
    failed = False
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "move":
            _call(request, partial(_agenda_move, request, district, items), success=_("De volgorde is aangepast."))
            return redirect("agenda:agenda_manage", slug=district.slug)
        if action != "save":
            messages.error(request, _("Onbekende handeling."))
            return redirect("agenda:agenda_manage", slug=district.slug)
        form = AgendaItemForm(request.POST, **choices)
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("source_item")
            data["source_item"] = Item.objects.filter(pk=number).first() if number else None
            if number and data["source_item"] is None:
                form.add_error("source_item", _("Er is geen inbreng met dit nummer."))
            elif _call(request, partial(services.agenda_item_save, actor=request.user, district=district,
                                        agenda_item=editing, **data), form=form, success=_("Opgeslagen.")).done:
                return redirect("agenda:agenda_manage", slug=district.slug)
        failed = True
    context = {"district": district, "items": items, "form": form, "editing": editing}
    return _render(request, "agenda_manage.html", context, municipality, status=400 if failed else 200)


def _agenda_initial(item: AgendaItem | None) -> dict[str, Any]:
    if item is None:
        return {}
    return {"title": item.title, "description": item.description, "source": item.source,
            "source_item": item.source_item_id, "source_report": item.source_report_id,
            "source_partner": item.source_partner_id, "status": item.status, "portfolio": item.portfolio_id}


def _agenda_move(request: HttpRequest, district: District, items: list[AgendaItem]) -> None:
    """Move one item up or down by one place: the whole new order goes to the service (the caller shows how that
    went)."""
    ids = [a.pk for a in items]
    pk = form_id(request.POST.get("item")) or None
    if pk not in ids:
        raise ValidationError(_("Dit punt staat niet op deze wijkagenda."))
    at = ids.index(pk)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
        services.agenda_reorder(actor=request.user, district=district, ordered_ids=ids)


# --- partners -------------------------------------------------------------------------------------------------

def _may_manage(scope: Scope, partner: Partner) -> bool:
    return permissions.can_in_districts(scope, permissions.MANAGE_PARTNER, municipality_id=partner.municipality_id,
                                        district_ids=partner.districts.values_list("pk", flat=True))


def _partner_municipality(scope: Scope) -> Municipality | None:
    """Where this user may register partners: a municipality where they have districts or administer."""
    return next((m for m in _municipalities(scope) if _team_districts(scope, m).exists()), None)


@login_required
def partners(request: HttpRequest) -> HttpResponse:
    scope = _staff_scope(request)
    municipalities = _municipalities(scope)
    rows = (Partner.objects.filter(municipality__in=municipalities).prefetch_related("districts")
            .annotate(contact_count=Count("contacts")).order_by("name"))
    context = {"partners": rows, "may_create": _partner_municipality(scope) is not None}
    return _render(request, "partners.html", context, municipalities[0] if municipalities else None)


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    scope = _staff_scope(request)
    municipality = _partner_municipality(scope)
    if municipality is None:
        raise PermissionDenied(_("U kunt geen wijkpartners vastleggen: u heeft geen wijken."))
    districts = District.objects.filter(municipality=municipality).order_by("name")
    form = PartnerForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        outcome = _call(request, partial(services.partner_save, actor=request.user, municipality=municipality,
                                         **{**form.cleaned_data, "districts": list(form.cleaned_data["districts"])}),
                        form=form, denied_on_form=True,
                        success=_("De wijkpartner is vastgelegd. Voeg nu contactpersonen toe."))
        if outcome.ok:
            return redirect("agenda:partner_edit", partner_id=outcome.value.pk)
    return _render(request, "partner_form.html", {"form": form, "partner": None}, municipality,
                   status=400 if form.is_bound else 200)


@login_required
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    scope = _staff_scope(request)
    if not permissions.can_see_contacts(scope):
        raise PermissionDenied
    partner = get_object_or_404(Partner.objects.select_related("municipality"), pk=partner_id,
                                municipality__in=_municipalities(scope))
    may_manage = _may_manage(scope, partner)
    districts = District.objects.filter(municipality=partner.municipality).order_by("name")
    form = PartnerForm(initial={"name": partner.name, "kind": partner.kind, "districts": list(partner.districts.all()),
                                "description": partner.description, "website": partner.website,
                                "active": partner.active}, districts=districts)
    contacts = list(partner.contacts.all())
    formset = ContactFormSet(prefix="contact", initial=[
        {"contact_id": c.pk, "name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in contacts])
    failed = False
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied(_("U mag deze wijkpartner niet wijzigen."))
        action = request.POST.get("action", "")
        if action == "partner":
            form = PartnerForm(request.POST, districts=districts)
            if form.is_valid() and _call(
                    request, partial(services.partner_save, actor=request.user, municipality=partner.municipality,
                                     partner=partner,
                                     **{**form.cleaned_data, "districts": list(form.cleaned_data["districts"])}),
                    form=form, success=_("Opgeslagen.")).done:
                return redirect("agenda:partner_edit", partner_id=partner.pk)
        elif action == "contacts":
            formset = ContactFormSet(request.POST, prefix="contact")
            if formset.is_valid():
                # A refusal of the rows is a message above the formset, which is shown again; "not allowed" is not.
                outcome = _call(request, partial(services.partner_contacts_save, actor=request.user, partner=partner,
                                                 rows=formset.cleaned_data),
                                success=_("De contactpersonen zijn opgeslagen."))
                if outcome.ok or isinstance(outcome.error, PermissionDenied):
                    return redirect("agenda:partner_edit", partner_id=partner.pk)
        else:
            messages.error(request, _("Onbekende handeling."))
        failed = True
    services.partner_contacts_seen(actor=request.user, partner=partner, contacts=contacts)
    context = {"partner": partner, "form": form, "formset": formset, "contacts": contacts, "may_manage": may_manage}
    return _render(request, "partner_form.html", context, partner.municipality, status=400 if failed else 200)


