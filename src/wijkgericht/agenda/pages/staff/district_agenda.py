"""Keeping a district's agenda (wijkagenda): adding and changing priorities, moving them up or down."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wijkgericht.agenda import permissions
from wijkgericht.agenda.forms.staff import AgendaItemForm
from wijkgericht.agenda.models import AgendaItem, Partner, VisitReport
from wijkgericht.agenda.pages.staff.common import service_call, staff_render
from wijkgericht.agenda.services.district_agenda import agenda_item_save, agenda_reorder
from wijkgericht.districts.models import District
from wijkgericht.frame.badinput import form_id
from wijkgericht.frame.scope import staff_scope
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation.models import Item


@login_required
def agenda_manage(request: HttpRequest, slug: str) -> HttpResponse:
    scope = staff_scope(request)
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
            service_call(request, partial(_agenda_move, request, district, items),
                         success=_("De volgorde is aangepast."))
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
            elif service_call(request, partial(agenda_item_save, actor=request.user, district=district,
                                               agenda_item=editing, **data),
                              form=form, success=_("Opgeslagen.")).done:
                return redirect("agenda:agenda_manage", slug=district.slug)
        failed = True
    context = {"district": district, "items": items, "form": form, "editing": editing}
    return staff_render(request, "agenda_manage.html", context, municipality, status=400 if failed else 200)


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
        agenda_reorder(actor=request.user, district=district, ordered_ids=ids)
