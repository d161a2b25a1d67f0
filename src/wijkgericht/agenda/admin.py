"""Back office for getting to know the district: the configurable activity kinds, partners with their contact
persons, activities, residents' requests, visit reports with topics and actions, and the district agenda.

The admin is for administrators; the staff pages (pages.staff) go through the services with their permission checks
and notifications, so day-to-day work belongs there. What public pages show (kinds, partners, activities, published
visit reports, the district agenda) raises the municipality's content version after commit (`PublicPagesAdmin`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from wijkgericht.accounts.models import PersonalDataAccess
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Partner,
    PartnerContact,
    Registration,
    ReportTopic,
    VisitReport,
)
from wijkgericht.districts.versioning import PublicPagesAdmin


@admin.register(ActivityKind)
class ActivityKindAdmin(PublicPagesAdmin, TranslationAdmin):  # the agenda shows the kind's name, in nl and en
    list_display = ["name", "municipality", "slug", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["municipality", "active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "active", "is_example"]
    list_filter = ["municipality", "kind", "active", "districts"]
    search_fields = ["name", "description"]
    filter_horizontal = ["districts"]
    inlines = [PartnerContactInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):  # noqa: ANN001, ANN201
        """Contact persons are personal data: opening a partner here is logged like on the staff pages."""
        partner = self.get_object(request, object_id)
        if partner is not None:
            PersonalDataAccess.objects.bulk_create([
                PersonalDataAccess(accessor=request.user, subject_label=c.name[:200],
                                   purpose=f"contactpersonen van wijkpartner {partner.pk} ingezien (beheer)")
                for c in partner.contacts.all()])
        return super().change_view(request, object_id, form_url, extra_context)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["resident", "status", "created_at"]
    readonly_fields = ["resident", "created_at"]

    @admin.display(description=_("inwoner"))
    def resident(self, registration: Registration) -> str:
        """The pseudonym, as everywhere else: an e-mail address is not needed to see who comes."""
        return registration.user.pseudonym


@admin.register(Activity)
class ActivityAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "status", "is_public", "capacity", "is_example"]
    list_filter = ["kind", "status", "districts", "is_public", "municipality"]
    search_fields = ["title", "place", "description"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["districts", "hosts", "invited_partners"]
    raw_id_fields = ["request", "created_by"]
    readonly_fields = ["uid", "sequence", "created_at", "updated_at"]
    inlines = [RegistrationInline]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["topic", "district", "kind", "status", "created_at", "is_example"]
    list_filter = ["status", "kind", "district"]
    search_fields = ["topic", "place"]
    raw_id_fields = ["author"]
    readonly_fields = ["created_at"]


class ReportTopicInline(admin.TabularInline):
    model = ReportTopic
    extra = 0
    raw_id_fields = ["agenda_item", "item"]


class FollowUpActionInline(admin.StackedInline):
    model = FollowUpAction
    extra = 0
    raw_id_fields = ["owner_user", "owner_partner", "done_by"]
    readonly_fields = ["done_at", "last_reminded_at", "created_at"]


@admin.register(VisitReport)
class VisitReportAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["activity", "attendance", "summary_published", "updated_at"]
    list_filter = ["summary_published", "activity__kind"]
    search_fields = ["activity__title", "public_summary"]
    raw_id_fields = ["activity", "author"]
    filter_horizontal = ["partners_present"]
    inlines = [ReportTopicInline, FollowUpActionInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["title", "district", "status", "source", "position", "portfolio"]
    list_filter = ["status", "source", "district"]
    search_fields = ["title", "description"]
    raw_id_fields = ["source_item", "source_report", "source_partner", "created_by"]
    ordering = ["district", "position", "pk"]
