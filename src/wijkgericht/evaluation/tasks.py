"""Background work of the evaluation: the report for the college (Celery; eager on the embedded default)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from wijkgericht.evaluation import rollup
from wijkgericht.evaluation.models import Report
from wijkgericht.evaluation.services.report import report_build


@shared_task
def build_report(report_id: int) -> str:
    """Build one queued report; its status and progress are on its row. Returns the final status."""
    report = Report.objects.select_related("municipality").filter(pk=report_id).first()
    if report is None or report.status == Report.Status.DONE:
        return "missing" if report is None else report.status
    return report_build(report).status


@shared_task
def refresh_rollup(municipality_id: int, days: list[str]) -> int:
    """The queued recount of these days (rollup.refresh_soon): the marks are cleared first, so a write that commits
    from here on queues the next one. Returns the number of days recounted."""
    wanted = [dt.date.fromisoformat(day) for day in days]
    rollup.unmark(municipality_id, wanted)
    rollup.refresh(municipality_id, wanted)
    return len(wanted)
