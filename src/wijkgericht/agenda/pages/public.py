"""The agenda's public pages: the municipality's agenda, an activity with RSVP and a waiting list, a district's
activities and what residents ask for, and "Nodig uw wijkwethouder uit". Thin: forms check fields, agenda.services
decide, agenda.selectors read.

Caching: only the agenda list goes through `cached_page` (every activity write raises the municipality's
content_version). The activity, district agenda and invite pages show places left and support counts, which
registrations and supports change without raising that version, so they are always rendered fresh.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from wijkgericht.accounts.roles import user_scope
from wijkgericht.agenda import ical, permissions, selectors
from wijkgericht.agenda.forms.public import AgendaFilterForm, InviteForm
from wijkgericht.agenda.models import Activity, ActivityKind, MeetingRequest, Registration, RequestSupport
from wijkgericht.agenda.services import meeting_requests
from wijkgericht.agenda.services import rsvp as rsvp_services  # `rsvp` is a page here
from wijkgericht.agenda.services.common import activity_path
from wijkgericht.core.support import supported_by
from wijkgericht.districts import selectors as districts
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.paths import district_path, page_path
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.pagecache import cached_page

PER_PAGE = 25
INVITE_RATE = "5/h"     # requests per resident per hour: plenty for one person, stops floods
ACTION_RATE = "60/h"    # RSVP, cancel and support clicks per resident per hour


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("Dat mag niet.")


def _district(place: Municipality, slug: str) -> District:
    area = districts.district_by_slug(municipality=place, slug=slug)
    if area is None:
        raise Http404(_("Deze wijk bestaat niet."))
    return area


def _may_plan(user: Any, activity: Activity) -> bool:
    """Staff with a role in one of the activity's districts (or administering its municipality)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return permissions.can_in_districts(user_scope(user), permissions.PLAN, municipality_id=activity.municipality_id,
                                       district_ids=[d.pk for d in activity.districts.all()])


def _visible_activity(request: HttpRequest, activity_id: int) -> Activity:
    """The activity, or 404: an invitation-only one exists only for the staff of its districts."""
    activity = get_object_or_404(Activity.objects.select_related("kind", "municipality"), pk=activity_id)
    if not activity.is_public and not _may_plan(request.user, activity):
        raise Http404(_("Deze activiteit bestaat niet of is niet openbaar."))
    return activity


def _rows(activities: Any) -> list[dict[str, Any]]:
    return [{"activity": a, "url": activity_path(a),
             "month": formats.date_format(timezone.localtime(a.starts_at), "F Y")} for a in activities]


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _verified(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.email_verified_at is not None


# --- the municipality's agenda --------------------------------------------------------------------------------

@cached_page(municipality_or_404, params=("wijk", "soort", "voorbij", "pagina"), personal_slots=True)  # filter, page
def agenda(request: HttpRequest, municipality: str | None = None, place: Municipality | None = None) -> HttpResponse:
    place = place or municipality_or_404(municipality)
    past = request.GET.get("voorbij") == "1"
    areas = list(districts.district_list(municipality=place))
    kinds = ActivityKind.objects.filter(municipality=place).order_by("order", "name")
    form = AgendaFilterForm(request.GET or None, districts=[(d.slug, d.name) for d in areas],
                            kinds=[(k.slug, k.name) for k in kinds])
    chosen = form.cleaned_data if form.is_valid() else {}
    area = next((d for d in areas if d.slug == chosen.get("wijk")), None)
    activities = selectors.public_activities(municipality=place, district=area, upcoming_only=not past)
    if chosen.get("soort"):
        activities = activities.filter(kind__slug=chosen["soort"])
    if past:
        activities = activities.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    base = page_path("agenda:agenda", place)
    context = base_context(place, "agenda")
    context.update({
        "form": form, "past": past, "page": page, "rows": _rows(page), "query": query.urlencode(),
        "filtered": bool(chosen.get("wijk") or chosen.get("soort")),
        "upcoming_url": base, "past_url": f"{base}?voorbij=1", "agenda_url": base,
        "district": area,
        "invite_url": page_path("agenda:invite", place, slug=area.slug) if area else None,
    })
    return render(request, "agenda/public/agenda.html", context)


# --- one activity ---------------------------------------------------------------------------------------------

def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    found = _visible_activity(request, activity_id)
    place = found.municipality
    context = base_context(place)
    registration = selectors.user_registration(found, request.user)
    report = getattr(found, "report", None)
    area_list = list(found.districts.all())
    now = timezone.now()
    context.update({
        "activity": found,
        "activity_url": activity_path(found),
        "agenda_url": page_path("agenda:agenda", place),
        "districts": [{"district": d, "url": district_path(d, place),
                       "agenda_url": page_path("agenda:district_agenda", place, slug=d.slug)} for d in area_list],
        "hosts": [{"alderman": a, "url": page_path("alderman", place, slug=a.slug)} for a in found.hosts.all()],
        "partners": found.invited_partners.filter(active=True).only("name", "kind", "is_example"),
        "places_left": selectors.places_left(found),
        "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration) if registration else None,
        "cancelled": found.status == Activity.Status.CANCELLED,
        "is_past": found.ends_at < now,
        "can_register": (found.is_public and found.status == Activity.Status.PLANNED and found.starts_at > now
                         and found.registration_open and found.capacity is not None),
        "verified": _verified(request.user),
        "report": report if report is not None and report.summary_published else None,
        # What was agreed at the visit and how far it is: with a published report only.
        "actions": (selectors.public_report_actions(report=report, municipality_name=place.name)
                    if report is not None else []),
        "took_place": found.ends_at < now and found.status != Activity.Status.CANCELLED,
        # Begun but not over: no places to take any more, no sign-up; the page says it is going on now.
        "under_way": found.starts_at <= now <= found.ends_at and found.status != Activity.Status.CANCELLED,
        "started": found.starts_at <= now,
        "staff_view": not found.is_public,
        "map_district": area_list[0].code if area_list else "",
    })
    return render(request, "agenda/public/activity.html", context)


@require_POST
@ratelimit(key="user_or_ip", rate=ACTION_RATE, method="POST", block=True)
def rsvp(request: HttpRequest, activity_id: int) -> HttpResponse:
    found = _visible_activity(request, activity_id)
    back = activity_path(found)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        registration = rsvp_services.rsvp_register(activity=found, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("U bent aangemeld. Tot dan!"))
        else:
            messages.success(request, _("De activiteit is vol. U staat op de wachtlijst, op plaats %(position)d. "
                                        "Komt er een plaats vrij, dan krijgt u bericht.")
                             % {"position": selectors.waitlist_position(registration) or 0})
    return HttpResponseRedirect(back)


@require_POST
@ratelimit(key="user_or_ip", rate=ACTION_RATE, method="POST", block=True)
def rsvp_cancel(request: HttpRequest, activity_id: int) -> HttpResponse:
    found = _visible_activity(request, activity_id)
    back = activity_path(found)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    registration = selectors.user_registration(found, request.user)
    if registration is None:
        messages.info(request, _("U was niet aangemeld voor deze activiteit."))
        return HttpResponseRedirect(back)
    was_waiting = registration.status == Registration.Status.WAITLISTED
    try:
        rsvp_services.rsvp_cancel(registration=registration, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("U staat niet meer op de wachtlijst.") if was_waiting
                         else _("U bent afgemeld. Uw plaats gaat naar wie op de wachtlijst staat."))
    return HttpResponseRedirect(back)


# --- a district's activities and requests ---------------------------------------------------------------------

def _requests_context(request: HttpRequest, area: District, place: Municipality) -> dict[str, Any]:
    requests = list(selectors.open_requests(district=area))
    return {
        "requests": requests,
        "supported_ids": supported_by(RequestSupport, user=request.user, targets=requests),
        "verified": _verified(request.user),
    }


def district_agenda(request: HttpRequest, slug: str, municipality: str | None = None) -> HttpResponse:
    place = municipality_or_404(municipality)
    area = _district(place, slug)
    context = base_context(place)
    context.update({
        "district": area,
        "district_url": district_path(area, place),
        "rows": _rows(selectors.public_activities(municipality=place, district=area)),
        "partners": selectors.district_partners(district=area),
        "invite_url": page_path("agenda:invite", place, slug=area.slug),
        "agenda_url": page_path("agenda:agenda", place),
        "past_url": f"{page_path('agenda:agenda', place)}?voorbij=1&wijk={area.slug}",
        "feed_url": ical.district_feed_path(area),
        **_requests_context(request, area, place),
    })
    return render(request, "agenda/public/district_agenda.html", context)


@ratelimit(key="user_or_ip", rate=INVITE_RATE, method="POST", block=True)
def invite(request: HttpRequest, slug: str, municipality: str | None = None) -> HttpResponse:
    """"Nodig uw wijkwethouder uit": GET shows the form and what others asked; POST (signed in, verified) asks."""
    place = municipality_or_404(municipality)
    area = _district(place, slug)
    here = page_path("agenda:invite", place, slug=area.slug)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(here)
        form = InviteForm(request.POST, municipality=place)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting_requests.request_submit(author=request.user, district=area, kind=data["kind"],
                                                topic=data["topic"], place=data["place"])
            except ValidationError as exc:
                pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                for field, errors in pairs:
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                messages.error(request, _error_text(exc))
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("Dank u wel! Uw uitnodiging is ontvangen. Na een korte controle staat zij "
                                            "hieronder en kunnen andere inwoners haar steunen; u krijgt daarover "
                                            "bericht. Het wijkteam laat weten wat ermee gebeurt."))
                return HttpResponseRedirect(f"{here}#verzoeken")
    else:
        form = InviteForm(municipality=place)
    context = base_context(place)
    context.update({
        "district": area,
        "district_url": district_path(area, place),
        "district_agenda_url": page_path("agenda:district_agenda", place, slug=area.slug),
        "alderman": context["board"].alderman_of(area.pk),
        "form": form,
        "has_kinds": form.fields["kind"].queryset.exists(),
        "invite_url": here,
        **_requests_context(request, area, place),
    })
    return render(request, "agenda/public/invite.html", context, status=400 if form.errors else 200)


@require_POST
@ratelimit(key="user_or_ip", rate=ACTION_RATE, method="POST", block=True)
def request_support(request: HttpRequest, request_id: int) -> HttpResponse:
    meeting = get_object_or_404(MeetingRequest.objects.select_related("district__municipality"), pk=request_id)
    area = meeting.district
    back = _back(request, f"{page_path('agenda:invite', area.municipality, slug=area.slug)}#verzoeken")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        added = meeting_requests.request_support(request=meeting, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Bedankt voor uw steun.") if added else _("U steunde dit verzoek al."))
    return HttpResponseRedirect(back)
