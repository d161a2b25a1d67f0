"""Abuse reports: the resident's form ("Misbruik melden", from an item or one of its reactions) and the moderators'
list of open reports, each handled once (participation.flags)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkgericht.frame.context import base_context, default_context
from wijkgericht.frame.scope import staff_scope
from wijkgericht.participation import flags
from wijkgericht.participation.forms import FlagForm
from wijkgericht.participation.models import Comment, Flag, Item
from wijkgericht.participation.selectors import PUBLIC_STATUSES
from wijkgericht.participation.services import public_path


@login_required
def report(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(Item.objects.select_related("municipality", "district", "theme"), pk=item_id,
                             status__in=PUBLIC_STATUSES, merged_into__isnull=True)
    comment = None
    if request.GET.get("reactie") or request.POST.get("reactie"):
        raw = request.POST.get("reactie") or request.GET.get("reactie")
        if not str(raw).isdigit():
            raise Http404
        comment = get_object_or_404(Comment, pk=int(raw), item=item, status=Comment.Status.APPROVED)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flags.flag_report(item=item, comment=comment, reporter=request.user, reason=form.cleaned_data["reason"],
                              note=form.cleaned_data["note"])
        except ValidationError as exc:
            pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            for field, errors in pairs:
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dank u wel voor uw melding. Een moderator kijkt ernaar; wat niet op de site "
                                        "hoort, haalt hij weg."))
            return HttpResponseRedirect(public_path(item))
    context = base_context(item.municipality)
    context.update({"item": item, "comment": comment, "form": form, "item_url": public_path(item),
                    "action": reverse("web:flag_report", kwargs={"item_id": item.pk})})
    return render(request, "participation/flag_form.html", context, status=400 if form.errors else 200)


@login_required
def staff_flags(request: HttpRequest) -> HttpResponse:
    scope = staff_scope(request)
    if request.method == "POST":
        raw = request.POST.get("melding", "")
        flag = get_object_or_404(Flag, pk=int(raw)) if raw.isdigit() else None
        if flag is None:
            raise Http404
        try:
            flags.flag_handle(flag=flag, actor=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("De melding is afgehandeld."))
        return HttpResponseRedirect(reverse("web:staff_flags"))
    context = default_context()
    context.update({"flags": flags.open_flags(scope=scope)})
    return render(request, "participation/staff_flags.html", context)
