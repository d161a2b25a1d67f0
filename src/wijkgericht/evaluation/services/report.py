"""The report for the college, made in the background: asked for (a Report row, queued to the worker after commit;
on the embedded default Celery runs it at once), built with its progress kept on the row for the page that shows
it, and read back as PDF, workbook or CSV."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope
from wijkgericht.districts.models import Municipality
from wijkgericht.evaluation import report as report_document
from wijkgericht.evaluation import xlsx
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.models import Report
from wijkgericht.evaluation.tables import Table

log = logging.getLogger(__name__)


def may_see(scope: Scope, municipality_id: int) -> bool:
    """The staff dashboard and the report are for the municipality's staff and aldermen (anyone with a role in the
    workspace) and its council members (raadsleden: read only, municipality-wide, aggregates without personal
    data). Asking for a report only makes the document; it changes nothing else."""
    return scope.reads_evaluation(municipality_id)


def require_staff(scope: Scope, municipality_id: int) -> None:
    if not may_see(scope, municipality_id):
        raise PermissionDenied(_("Deze pagina is alleen voor medewerkers, bestuurders en raadsleden van de gemeente."))


def report_request(*, scope: Scope, municipality: Municipality, period: Period) -> Report:
    """A new report for the period, made by the worker once this transaction commits."""
    require_staff(scope, municipality.id)
    report = Report.objects.create(municipality=municipality, period_start=period.start, period_end=period.end,
                                   step=_("In de wachtrij"))
    from wijkgericht.evaluation.tasks import build_report

    transaction.on_commit(lambda: build_report.delay(report.pk))
    return report


def _tell(report: Report, progress: int, step: str) -> None:
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=min(progress, 99),
                                               step=step[:200])


def report_build(report: Report) -> Report:
    """Collect, render and store; a failure is kept on the row (and logged) instead of lost in the worker."""
    period = Period(report.period_start, report.period_end)
    _tell(report, 1, _("Begonnen"))
    try:
        data = report_document.collect(report.municipality, period, lambda p, s: _tell(report, p, s))
        _tell(report, 90, _("PDF opmaken"))
        pdf = report_document.render_pdf(data)
    except Exception as error:  # noqa: BLE001 - shown on the page; the traceback goes to the log
        log.exception("evaluation report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error=str(error)[:2000],
                                                   step=_("Mislukt"), finished_at=timezone.now())
        report.refresh_from_db()
        return report
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DONE, progress=100, step=_("Klaar"), pdf=pdf,
                                               tables=report_document.tables_as_json(data),
                                               finished_at=timezone.now())
    report.refresh_from_db()
    return report


def report_tables(report: Report) -> list[Table]:
    return report_document.tables_from_json(report.tables or [])


def report_workbook(report: Report) -> bytes:
    return xlsx.workbook(report_tables(report), title=report_document.title(Period(report.period_start,
                                                                                   report.period_end)))
