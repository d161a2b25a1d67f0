"""Background work of the evaluation: the report for the college (Celery; eager on the embedded default)."""

from __future__ import annotations

from celery import shared_task

from wijkgericht.evaluation.models import Report
from wijkgericht.evaluation.services.report import report_build


@shared_task
def build_report(report_id: int) -> str:
    """Build one queued report; its status and progress are on its row. Returns the final status."""
    report = Report.objects.select_related("municipality").filter(pk=report_id).first()
    if report is None or report.status == Report.Status.DONE:
        return "missing" if report is None else report.status
    return report_build(report).status
