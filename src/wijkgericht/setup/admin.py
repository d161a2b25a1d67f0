"""The set-up page in the back office ("Inrichting"): the steps from an empty database to a site residents can use,
each with its state, a one-line explanation and a link to the admin page that does it (the checks: status.py).
Linked from the admin's index."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import request_scope
from wijkgericht.setup.status import municipalities, municipality_for, setup_status


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page another configuration leaves out: show the step without a link
        return ""


def setup_page(request: HttpRequest) -> HttpResponse:
    municipality = municipality_for(request.GET.get("gemeente"))
    status = setup_status(municipality=municipality)
    steps = [{"step": step, "url": _url(step.admin_url_name)} for step in status.steps]
    role_url = ""
    if not request_scope(request).has_role:  # a superuser alone: an empty workspace
        query = {"user": request.user.pk, **({"municipality": municipality.pk} if municipality else {})}
        role_url = reverse("admin:accounts_staffrole_add") + "?" + urlencode(query)
    context = {
        **admin.site.each_context(request),
        "title": _("Inrichting"),
        "status": status,
        "steps": steps,
        "summary": _("%(done)d van %(total)d klaar") % {"done": status.done_count, "total": len(status.steps)},
        "municipalities": municipalities(),
        "role_url": role_url,
    }
    return TemplateResponse(request, "setup/setup_page.html", context)


admin.site.register_page("inrichting/", setup_page, "setup")
admin.site.index_template = "setup/admin_index.html"
