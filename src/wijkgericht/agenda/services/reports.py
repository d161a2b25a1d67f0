"""Visit reports: what an activity brought, the topics raised, and putting a topic on the district agenda."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.agenda import permissions
from wijkgericht.agenda.models import Activity, AgendaItem, Partner, ReportTopic, VisitReport
from wijkgericht.agenda.services.common import require, require_visible_item
from wijkgericht.agenda.services.district_agenda import agenda_item_save
from wijkgericht.core.text import clean_text
from wijkgericht.districts.models import District
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.participation.models import Item


def require_report_permission(actor: User | None, activity: Activity) -> None:
    require(actor, permissions.REPORT, municipality_id=activity.municipality_id,
            district_ids=activity.districts.values_list("pk", flat=True),
            host_user_ids=activity.hosts.exclude(user__isnull=True).values_list("user_id", flat=True))


@transaction.atomic
def report_save(*, actor: User | None, activity: Activity, attendance: int, impressions: str = "",
                partners_present: Sequence[Partner] = (), public_summary: str = "",
                summary_published: bool = False) -> VisitReport:
    """Record (or update) what an activity brought; only after it took place."""
    require_report_permission(actor, activity)
    if activity.starts_at > timezone.now():
        raise ValidationError(_("Een verslag schrijft u na de activiteit."))
    if attendance < 0:
        raise ValidationError({"attendance": _("Vul een aantal van 0 of meer in.")})
    summary = clean_text(public_summary, max_length=5000, field="public_summary", required=False)
    if summary_published and not summary:
        raise ValidationError({"public_summary": _("Schrijf een samenvatting om die openbaar te maken.")})
    report, _created = VisitReport.objects.get_or_create(activity=activity, defaults={"author": actor})
    report.attendance = attendance
    report.impressions = clean_text(impressions, max_length=10000, field="impressions", required=False)
    report.public_summary, report.summary_published = summary, summary_published
    report.save()
    report.partners_present.set(partners_present)
    public_pages_changed(activity.municipality_id)  # the published summary
    return report


def topic_add(*, actor: User | None, report: VisitReport, text: str, item: Item | None = None) -> ReportTopic:
    require_report_permission(actor, report.activity)
    if item is not None:
        require_visible_item(actor, item, municipality_id=report.activity.municipality_id)
    return ReportTopic.objects.create(report=report, text=clean_text(text, max_length=300, field="text"), item=item)


@transaction.atomic
def topic_promote(*, actor: User | None, topic: ReportTopic, district: District) -> AgendaItem:
    """Put a topic raised during a visit on the district agenda."""
    require(actor, permissions.KEEP_AGENDA, municipality_id=district.municipality_id, district_ids=[district.pk])
    if not topic.report.activity.districts.filter(pk=district.pk).exists():
        raise ValidationError(_("Kies een wijk van deze activiteit."))
    if topic.agenda_item_id:
        return topic.agenda_item
    agenda_item = agenda_item_save(actor=actor, district=district, title=topic.text[:150],
                                   source=AgendaItem.Source.VISIT, source_report=topic.report,
                                   source_item=topic.item, is_example=topic.report.activity.is_example)
    topic.agenda_item = agenda_item
    topic.save(update_fields=["agenda_item"])
    return agenda_item
