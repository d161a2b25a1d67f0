"""The staff side of the evaluation: the dashboard with the internal measures (same filters and CSV downloads as the
public one), and the report for the college — asked for with a period, made in the background, its progress on its
own page (refreshed by a plain link: no script, no meta refresh), then downloaded as PDF, workbook or CSV."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkgericht.accounts.roles import request_scope
from wijkgericht.evaluation import report as report_document
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.models import Report
from wijkgericht.evaluation.pages.dashboard import build, csv_response
from wijkgericht.evaluation.services import dashboard
from wijkgericht.evaluation.services.report import (
    report_request,
    report_tables,
    report_workbook,
    require_staff,
)
from wijkgericht.frame.context import default_context, municipality_or_404


def _place(request: HttpRequest):
    """Staff, aldermen and the municipality's council members (read only); 403 for anyone else."""
    municipality = municipality_or_404(None)
    require_staff(request_scope(request), municipality.id)
    return municipality


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    municipality = _place(request)
    context = default_context("staff")
    context.update(build(request, municipality, staff=True))
    context["report_url"] = reverse("evaluation:staff_reports")
    return render(request, "evaluation/dashboard.html", context)


@login_required
def staff_dashboard_csv(request: HttpRequest, table: str) -> HttpResponse:
    municipality = _place(request)
    built = build(request, municipality, staff=True, table=table)
    found = built["tables"].get(table)
    if found is None:
        raise Http404(_("Deze tabel bestaat niet."))
    return csv_response(found, f"evaluatie-medewerkers-{table}{built['suffix']}")


class ReportForm(forms.Form):
    van = forms.DateField(label=gettext_lazy("Van"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label=gettext_lazy("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum."))
        return data


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """Ask for a report (POST) and see the earlier ones."""
    municipality = _place(request)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            made = report_request(scope=request_scope(request), municipality=municipality,
                                  period=Period(form.cleaned_data["van"], form.cleaned_data["tot"]))
            return redirect("evaluation:staff_report", report_id=made.pk)
    else:
        period = dashboard.default_period(timezone.localdate())
        form = ReportForm(initial={"van": period.start.isoformat(), "tot": period.end.isoformat()})
    context = default_context("staff")
    context.update({
        "form": form, "dashboard_url": reverse("evaluation:staff_dashboard"),
        "reports": [{"report": r, "title": report_document.title(Period(r.period_start, r.period_end)),
                     "url": reverse("evaluation:staff_report", args=[r.pk])}
                    for r in Report.objects.filter(municipality=municipality).defer("pdf", "tables")[:20]],
    })
    return render(request, "evaluation/report_list.html", context)


def _report(request: HttpRequest, report_id: int) -> Report:
    municipality = _place(request)
    return get_object_or_404(Report.objects.select_related("municipality"), pk=report_id, municipality=municipality)


@login_required
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report's progress, and its downloads once made. While it is being made the page offers a link to
    itself ("Vernieuwen"); no script and no automatic refresh (WCAG 2.2.1)."""
    found = _report(request, report_id)
    context = default_context("staff")
    done = found.status == Report.Status.DONE
    context.update({
        "report": found, "done": done, "busy": found.status in (Report.Status.QUEUED, Report.Status.RUNNING),
        "title": report_document.title(Period(found.period_start, found.period_end)),
        "tables": report_tables(found) if done else [], "list_url": reverse("evaluation:staff_reports"),
        "checked_at": timezone.localtime(),
    })
    return render(request, "evaluation/report_status.html", context)


def _filename(found: Report) -> str:
    return f"evaluatie-wijkgericht-werken-{found.period_start.isoformat()}-{found.period_end.isoformat()}"


def _ready(found: Report) -> None:
    if found.status != Report.Status.DONE:
        raise Http404(_("Dit rapport is nog niet klaar."))


@login_required
def report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    _ready(found)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found)}.pdf"'
    return response


@login_required
def report_xlsx(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    _ready(found)
    response = HttpResponse(report_workbook(found),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found)}.xlsx"'
    return response


@login_required
def report_csv(request: HttpRequest, report_id: int, table: str) -> HttpResponse:
    found = _report(request, report_id)
    _ready(found)
    match = next((t for t in report_tables(found) if t.name == table), None)
    if match is None:
        raise Http404(_("Deze tabel bestaat niet."))
    return csv_response(match, f"{_filename(found)}-{table}")

