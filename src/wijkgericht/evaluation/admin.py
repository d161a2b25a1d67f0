"""Back office for the evaluation: the involvement survey (questions and waves), the moderation queue of open
answers (approved only in an anonymised form), the district profile (themes, indicators, weights, baseline), and
the college's decisions (through services.decisions: a new district alderman goes through governance).

Who answered and what was answered (Respondent, Response, Answer) have no admin view: answers are anonymous."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.versioning import PublicPagesAdmin
from wijkgericht.evaluation import selectors
from wijkgericht.evaluation.models import (
    Decision,
    OpenAnswer,
    Profile,
    ProfileIndicator,
    ProfileTheme,
    Question,
    Survey,
    Wave,
)
from wijkgericht.evaluation.services import decisions as decision_services
from wijkgericht.evaluation.services import profile as profile_services
from wijkgericht.evaluation.services import survey as survey_services


def _error(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


# --- the survey -----------------------------------------------------------------------------------------------

class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "key", "text", "scale", "required"]


class WaveInline(admin.TabularInline):
    model = Wave
    extra = 0
    fields = ["name", "kind", "opens_on", "closes_on", "with_account", "with_code", "is_example"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "is_example"]
    list_filter = ["municipality"]
    inlines = [QuestionInline, WaveInline]


# --- open answers: the moderation queue -------------------------------------------------------------------------

class OpenAnswerForm(forms.ModelForm):
    class Meta:
        model = OpenAnswer
        fields = ["public_text", "status"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 4})}


@admin.register(OpenAnswer)
class OpenAnswerAdmin(PublicPagesAdmin, admin.ModelAdmin):
    """Approve with the text as it may be shown (names, addresses, anything that identifies someone taken out), or
    reject. Pending answers are listed first; only approved ones are ever shown, by their anonymised text."""

    form = OpenAnswerForm
    list_display = ["excerpt", "district", "wave", "status"]
    list_filter = ["status", "wave", "district"]
    readonly_fields = ["text", "district", "wave", "moderated_at"]
    fields = ["text", "district", "wave", "public_text", "status", "moderated_at"]
    search_fields = ["text", "public_text"]
    actions = ["reject"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def get_queryset(self, request: Any) -> Any:
        return super().get_queryset(request).select_related("district", "wave").order_by("-status", "id")

    @admin.display(description=_("antwoord"))
    def excerpt(self, answer: OpenAnswer) -> str:
        return answer.text[:80]

    def get_form(self, request: Any, obj: OpenAnswer | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and not obj.public_text:
            form.base_fields["public_text"].initial = obj.text  # to edit into its anonymised form
        return form

    def save_model(self, request: Any, obj: OpenAnswer, form: Any, change: bool) -> None:
        status = form.cleaned_data["status"]
        if status == OpenAnswer.Status.PENDING:
            super().save_model(request, obj, form, change)
            return
        try:
            survey_services.open_answer_moderate(answer=obj, approve=status == OpenAnswer.Status.APPROVED,
                                                 public_text=form.cleaned_data["public_text"])
        except ValidationError as exc:
            messages.error(request, _error(exc))
        self._changed(obj.wave.survey.municipality_id)

    @admin.action(description=_("Afwijzen (wordt nooit getoond)"))
    def reject(self, request: Any, queryset: Any) -> None:
        for answer in queryset:
            survey_services.open_answer_moderate(answer=answer, approve=False)
        messages.success(request, _("%(n)d antwoorden afgewezen.") % {"n": queryset.count()})


# --- the district profile ---------------------------------------------------------------------------------------

class ProfileThemeInline(admin.TabularInline):
    model = ProfileTheme
    extra = 0
    fields = ["order", "name"]
    show_change_link = True


@admin.register(Profile)
class ProfileAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["title", "municipality", "baseline_wave", "subjective_share", "is_example"]
    inlines = [ProfileThemeInline]
    actions = ["fix_baseline"]

    @admin.action(description=_("Nulmeting vastleggen (de gemeente nu = 100)"))
    def fix_baseline(self, request: Any, queryset: Any) -> None:
        for profile in queryset:
            try:
                count = profile_services.baseline_fix(profile=profile)
            except ValidationError as exc:
                messages.error(request, f"{profile.municipality}: {_error(exc)}")
            else:
                messages.success(request, _("%(profile)s: %(n)d indicatoren vastgelegd.")
                                 % {"profile": profile.municipality, "n": count})


class ProfileIndicatorInline(admin.TabularInline):
    model = ProfileIndicator
    extra = 0
    fields = ["order", "label", "source", "cbs_key", "question", "weight", "higher_is_better", "baseline"]


@admin.register(ProfileTheme)
class ProfileThemeAdmin(PublicPagesAdmin, admin.ModelAdmin):
    list_display = ["name", "profile", "order"]
    inlines = [ProfileIndicatorInline]

    def get_model_perms(self, request: Any) -> dict[str, bool]:
        return {}  # reached from the profile (its themes' change links), not listed on its own


# --- the college's decisions ------------------------------------------------------------------------------------

def _measure_choices() -> list[tuple[str, str]]:
    return [(fn.key, fn.key) for fn in selectors.MEASURES]  # type: ignore[attr-defined]


class DecisionForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(label=_("maatstaven"), required=False, choices=_measure_choices,
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Decision
        fields = ["municipality", "title", "explanation", "decided_on", "districts", "measures", "owner",
                  "owner_department", "due_date", "status", "done_note", "is_public", "new_alderman",
                  "reassigned_district", "reassign_from", "is_example"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        reassignment = [data.get("new_alderman"), data.get("reassigned_district"), data.get("reassign_from")]
        if any(v is not None for v in reassignment) and any(v is None for v in reassignment):
            raise ValidationError(_("Een nieuwe wijkwethouder vraagt om de wethouder, de wijk en de datum."))
        if self.instance.pk and self.instance.assignment_id and (
                reassignment != [self.instance.new_alderman, self.instance.reassigned_district,
                                 self.instance.reassign_from]):
            raise ValidationError(_("De nieuwe wijkwethouder is al ingegaan; wijzig de toewijzing bij Bestuur."))
        if not data.get("owner") and not (data.get("owner_department") or "").strip():
            raise ValidationError(_("Een besluit heeft een eigenaar: een bestuurder of een afdeling."))
        return data


@admin.register(Decision)
class DecisionAdmin(PublicPagesAdmin, admin.ModelAdmin):
    form = DecisionForm
    list_display = ["title", "municipality", "decided_on", "owner_label", "due_date", "status", "is_public"]
    list_filter = ["municipality", "status", "is_public", "districts"]
    search_fields = ["title", "explanation"]
    date_hierarchy = "decided_on"
    filter_horizontal = ["districts"]
    readonly_fields = ["assignment", "done_at"]

    def has_change_permission(self, request: Any, obj: Decision | None = None) -> bool:
        if obj is not None and not decision_services.may_decide(request.user, obj.municipality_id):
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        try:
            decision_services.decision_saved(decision=form.instance, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _("Het besluit is opgeslagen, maar de nieuwe wijkwethouder is niet ingegaan: %s")
                           % _error(exc))
