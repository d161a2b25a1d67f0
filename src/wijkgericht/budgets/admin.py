"""Back office for district budgets: rounds with their district shares (the settings, published with an action;
changes refused once voting opened), proposals and realisation updates to look up. Reviewing proposals and posting
realisation news belong on the review desk (pages.staff), which goes through the services with their permission
checks and notifications. Who voted and what was voted (Voter, Ballot) have no admin view: ballot secrecy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import DistrictShare, Proposal, ProposalChange, RealisationUpdate, Round
from wijkgericht.budgets.services.rounds import FIELDS, round_check, round_publish, round_tick, today
from wijkgericht.districts.versioning import PublicPagesAdmin, public_pages_changed


def _frozen(obj: Round | None) -> bool:
    if obj is None or obj.pk is None:
        return False
    phase = obj.phase
    if obj.published_at is not None:
        phase = max(phase, workflow.phase_on(obj.schedule, today(), result_published=False), key=workflow.PHASES.index)
    return phase in workflow.RULES_FROZEN


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["municipality", "district", *FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        candidate = self.instance
        for name, value in data.items():
            setattr(candidate, name, value)  # only the round's own fields (Meta.fields)
        shares = {candidate.district_id: candidate.amount} if candidate.district_id else None
        try:
            round_check(candidate, shares)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, exc)
        return data


class ShareInline(admin.TabularInline):
    model = DistrictShare
    extra = 0
    filter_horizontal = ["neighbourhoods"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(Round)
class RoundAdmin(PublicPagesAdmin, admin.ModelAdmin):
    form = RoundForm
    list_display = ["title", "municipality", "district", "amount", "phase", "published_at", "voting_from",
                    "voting_until", "is_example"]
    list_filter = ["municipality", "phase", "is_example"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["phase", "published_at", "result_published_at"]
    inlines = [ShareInline]
    actions = ["publish"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        if _frozen(obj):  # the rules voters saw stay the rules
            return [f.name for f in Round._meta.fields if f.name != "id"]
        return list(self.readonly_fields)

    def get_prepopulated_fields(self, request: Any, obj: Any = None) -> dict[str, Any]:
        return {} if _frozen(obj) else dict(self.prepopulated_fields)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return obj is None or obj.published_at is None

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        round = form.instance
        if round.district_id:  # a district round has one share: its district, the whole amount
            round.shares.exclude(district_id=round.district_id).filter(proposals__isnull=True).delete()
            DistrictShare.objects.update_or_create(round=round, district_id=round.district_id,
                                                   defaults={"amount": round.amount})

    @admin.action(description=_("Publiceren (de regels liggen dan vast voor de stemmers)"))
    def publish(self, request: Any, queryset: Any) -> None:
        for round in queryset:
            try:
                round_publish(round=round, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"{round}: {text}", messages.ERROR)
            else:
                self.message_user(request, _("%s is gepubliceerd.") % round, messages.SUCCESS)

    def changelist_view(self, request: Any, extra_context: Any = None) -> Any:
        for round in Round.objects.exclude(published_at=None).exclude(phase=workflow.REALISATION):
            round_tick(round)
        return super().changelist_view(request, extra_context)


class ChangeInline(admin.TabularInline):
    model = ProposalChange
    extra = 0
    fields = ["created_at", "source", "target", "reason", "actor"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """To look up; review on the desk (werkplek/wijkbudget/), where the rules and notifications are."""

    list_display = ["__str__", "share", "status", "cost", "status_changed_at"]
    list_filter = ["status", "share__round"]
    search_fields = ["item__title"]
    readonly_fields = ["share", "item", "cost", "status", "reason", "merged_into", "created_at", "status_changed_at"]
    inlines = [ChangeInline]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(RealisationUpdate)
class RealisationUpdateAdmin(admin.ModelAdmin):
    """Correct a typo or a photo's description; new updates come from the desk."""

    list_display = ["proposal", "status", "created_at"]
    list_filter = ["status"]
    fields = ["proposal", "status", "text", "alt_text", "photo", "created_at"]
    readonly_fields = ["proposal", "status", "photo", "created_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        public_pages_changed(obj.proposal.share.round.municipality_id)
