"""The partners registry: partners (wijkpartners) and their contact persons, whom every view of the page records
as seen."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope
from wijkgericht.agenda import permissions
from wijkgericht.agenda.forms.staff import ContactFormSet, PartnerForm
from wijkgericht.agenda.models import Partner
from wijkgericht.agenda.pages.staff.common import (
    scope_municipalities,
    service_call,
    staff_render,
    team_districts,
)
from wijkgericht.agenda.services.partners import partner_contacts_save, partner_contacts_seen, partner_save
from wijkgericht.districts.models import District, Municipality
from wijkgericht.frame.scope import staff_scope


def _may_manage(scope: Scope, partner: Partner) -> bool:
    return permissions.can_in_districts(scope, permissions.MANAGE_PARTNER, municipality_id=partner.municipality_id,
                                        district_ids=partner.districts.values_list("pk", flat=True))


def _partner_municipality(scope: Scope) -> Municipality | None:
    """Where this user may register partners: a municipality where they have districts or administer."""
    return next((m for m in scope_municipalities(scope) if team_districts(scope, m).exists()), None)


@login_required
def partners(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    municipalities = scope_municipalities(scope)
    rows = (Partner.objects.filter(municipality__in=municipalities).prefetch_related("districts")
            .annotate(contact_count=Count("contacts")).order_by("name"))
    context = {"partners": rows, "may_create": _partner_municipality(scope) is not None}
    return staff_render(request, "partners.html", context, municipalities[0] if municipalities else None)


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    municipality = _partner_municipality(scope)
    if municipality is None:
        raise PermissionDenied(_("U kunt geen wijkpartners vastleggen: u hebt geen wijken."))
    districts = District.objects.filter(municipality=municipality).order_by("name")
    form = PartnerForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "districts": list(form.cleaned_data["districts"])}
        outcome = service_call(request, partial(partner_save, actor=request.user, municipality=municipality, **fields),
                               form=form, denied_on_form=True,
                               success=_("De wijkpartner is vastgelegd. Voeg nu contactpersonen toe."))
        if outcome.ok:
            return redirect("agenda:partner_edit", partner_id=outcome.value.pk)
    return staff_render(request, "partner_form.html", {"form": form, "partner": None}, municipality,
                        status=400 if form.is_bound else 200)


@login_required
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    scope = staff_scope(request)
    if not permissions.can_see_contacts(scope):
        raise PermissionDenied
    partner = get_object_or_404(Partner.objects.select_related("municipality"), pk=partner_id,
                                municipality__in=scope_municipalities(scope))
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
            if form.is_valid() and service_call(
                    request, partial(partner_save, actor=request.user, municipality=partner.municipality,
                                     partner=partner,
                                     **{**form.cleaned_data, "districts": list(form.cleaned_data["districts"])}),
                    form=form, success=_("Opgeslagen.")).done:
                return redirect("agenda:partner_edit", partner_id=partner.pk)
        elif action == "contacts":
            formset = ContactFormSet(request.POST, prefix="contact")
            if formset.is_valid():
                # A refusal of the rows is a message above the formset, which is shown again; "not allowed" is not.
                outcome = service_call(request, partial(partner_contacts_save, actor=request.user,
                                                        partner=partner, rows=formset.cleaned_data),
                                       success=_("De contactpersonen zijn opgeslagen."))
                if outcome.ok or isinstance(outcome.error, PermissionDenied):
                    return redirect("agenda:partner_edit", partner_id=partner.pk)
        else:
            messages.error(request, _("Onbekende handeling."))
        failed = True
    partner_contacts_seen(actor=request.user, partner=partner, contacts=contacts)
    context = {"partner": partner, "form": form, "formset": formset, "contacts": contacts, "may_manage": may_manage}
    return staff_render(request, "partner_form.html", context, partner.municipality,
                        status=400 if failed else 200)
