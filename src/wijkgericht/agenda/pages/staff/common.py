"""What the agenda's staff pages share: the municipalities and districts of a staff member's scope, the
permission check on an activity, calling a service with this app's form field names, and rendering in the
workspace's frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkgericht.accounts.roles import Scope
from wijkgericht.agenda import permissions
from wijkgericht.agenda.models import Activity
from wijkgericht.districts.models import District, Municipality
from wijkgericht.frame.context import base_context, default_context
from wijkgericht.frame.service_forms import ServiceOutcome, call_service
from wijkgericht.governance.models import Portfolio

# Service error keys that are named differently on the forms.
_FIELD_ALIASES = {"starts_at": "start", "ends_at": "end", "item": "item_number", "owner": None}


# --- scope helpers --------------------------------------------------------------------------------------------

def scope_municipalities(scope: Scope) -> list[Municipality]:
    """The municipalities this staff member works for, through any of their roles."""
    if scope.is_superuser:
        return list(Municipality.objects.order_by("name"))
    ids = set(District.objects.filter(pk__in=scope.team_district_ids).values_list("municipality_id", flat=True))
    ids |= scope.administrator_municipality_ids | scope.moderator_municipality_ids
    ids |= set(Portfolio.objects.filter(pk__in=scope.portfolio_ids).values_list("municipality_id", flat=True))
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))


def team_districts(scope: Scope, municipality: Municipality) -> QuerySet[District]:
    """Districts where this user plans, reports and keeps the agenda (all of them for an administrator)."""
    districts = District.objects.filter(municipality=municipality).order_by("name")
    return districts if scope.administers(municipality.pk) else districts.filter(pk__in=scope.team_district_ids)


def may(scope: Scope, action: str, activity: Activity) -> bool:
    """May this staff member do `action` on the activity (a role in one of its districts; a host may report)?"""
    hosts = activity.hosts.exclude(user__isnull=True).values_list("user_id", flat=True)
    return permissions.can_in_districts(scope, action, municipality_id=activity.municipality_id,
                                        district_ids=activity.districts.values_list("pk", flat=True),
                                        host_user_ids=hosts if action == permissions.REPORT else ())


def service_call(request: HttpRequest, call: Callable[[], Any], **kwargs: Any) -> ServiceOutcome:
    """call_service with this app's form field names for the services' error keys."""
    return call_service(request, call, aliases=_FIELD_ALIASES, **kwargs)


def staff_render(request: HttpRequest, template: str, context: dict[str, Any],
                 municipality: Municipality | None, status: int = 200) -> HttpResponse:
    page = base_context(municipality) if municipality is not None else default_context()
    page.update(context)
    return render(request, f"agenda/staff/{template}", page, status=status)
