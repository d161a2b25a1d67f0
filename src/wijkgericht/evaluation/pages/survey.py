"""The residents' side of the involvement survey (betrokkenheidsmeting): the open waves of a municipality and the
questionnaire. Works without JavaScript: every item is a fieldset of radio buttons, the open question a text area.

Who may answer: with an account (signed in; the district is chosen by the resident, preset from a verified
address), or with the single-use code from a letter (the district is the code's). One answer per resident per wave:
services.survey keeps a keyed hash of the account or code apart from the answers. Nothing here is cached: the form
carries a CSRF token and a signed-in resident's state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from wijkgericht.districts import selectors as districts
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.paths import page_path
from wijkgericht.evaluation.models import Question, Wave
from wijkgericht.evaluation.selectors import survey as selectors
from wijkgericht.evaluation.services import survey as services
from wijkgericht.frame.context import base_context, municipality_or_404
from wijkgericht.frame.forms import StyledForm

SUBMIT_RATE = "30/h"  # answers and code tries per visitor per hour

FIVE_POINT = (
    (1, gettext_lazy("helemaal oneens")),
    (2, gettext_lazy("oneens")),
    (3, gettext_lazy("niet eens, niet oneens")),
    (4, gettext_lazy("eens")),
    (5, gettext_lazy("helemaal eens")),
)


def _ten_point() -> list[tuple[int, str]]:
    return [(1, _("1 (heel slecht)")), *[(n, str(n)) for n in range(2, 10)], (10, _("10 (uitstekend)"))]


def field_name(question: Question) -> str:
    return f"vraag_{question.pk}"


class SurveyForm(StyledForm):
    """The questionnaire: the district (account) or the code (letter), then one field per question."""

    def __init__(self, *args: Any, questions: list[Question], district_choices: list[tuple[str, str]] | None,
                 with_code: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Code uit uw brief"), max_length=40,
                help_text=_("Bijvoorbeeld ACDE-FGHJ-KMNP. Hoofdletters, spaties en streepjes maken niet uit."))
        if district_choices is not None:
            self.fields["wijk"] = forms.ChoiceField(label=_("In welke wijk woont u?"),
                                                    choices=[("", _("Kies uw wijk")), *district_choices])
        for question in questions:
            if question.scale == Question.Scale.OPEN:
                self.fields[field_name(question)] = forms.CharField(
                    label=question.text, required=False, max_length=services.OPEN_ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("Noem geen namen of adressen. Een moderator leest uw antwoord voordat het "
                                "(zonder herkenbare gegevens) getoond kan worden."))
            else:
                choices = _ten_point() if question.scale == Question.Scale.TEN else list(FIVE_POINT)
                self.fields[field_name(question)] = forms.TypedChoiceField(
                    label=question.text, required=question.required, coerce=int, empty_value=None,
                    choices=choices, widget=forms.RadioSelect)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not services.code_looks_valid(code):
            raise ValidationError(_("Een code heeft 12 letters en cijfers, zoals in uw brief. Kijk de code na."))
        return code

    def scores(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions if q.scale != Question.Scale.OPEN}

    def open_text(self) -> str:
        return next((self.cleaned_data.get(field_name(q)) or "" for q in self.questions
                     if q.scale == Question.Scale.OPEN), "")


def _wave(place: Municipality, wave_id: int) -> Wave:
    wave = Wave.objects.select_related("survey").filter(pk=wave_id, survey__municipality=place).first()
    if wave is None:
        raise Http404(_("Deze meting bestaat niet."))
    return wave


def _is_open(wave: Wave) -> bool:
    return wave.opens_on <= timezone.localdate() <= wave.closes_on


def _resident_district(user: Any, place: Municipality) -> District | None:
    """The district of the resident's verified address (budgets), to preset the choice."""
    verification = getattr(user, "budget_verification", None) if user.is_authenticated else None
    if verification is None or verification.works_or_studies:
        return None
    district = verification.neighbourhood.district
    return district if district is not None and district.municipality_id == place.pk else None


def surveys(request: HttpRequest, municipality: str | None = None) -> HttpResponse:
    """The municipality's open waves (usually one)."""
    place = municipality_or_404(municipality)
    rows = [{"wave": w, "url": page_path("evaluation:survey_answer", place, wave_id=w.pk)}
            for w in selectors.open_waves(municipality=place, on=timezone.localdate())]
    context = base_context(place)
    context.update({"rows": rows})
    return render(request, "evaluation/survey/index.html", context)


@ratelimit(key="user_or_ip", rate=SUBMIT_RATE, method="POST", block=True)
def survey_answer(request: HttpRequest, wave_id: int, municipality: str | None = None) -> HttpResponse:
    place = municipality_or_404(municipality)
    wave = _wave(place, wave_id)
    context = base_context(place)
    context.update({"wave": wave, "survey": wave.survey, "is_open": _is_open(wave),
                    "index_url": page_path("evaluation:surveys", place)})
    signed_in = request.user.is_authenticated
    by_account = signed_in and wave.with_account
    by_code = wave.with_code and not by_account
    if not context["is_open"] or not (by_account or by_code):
        context.update({"needs_sign_in": context["is_open"] and wave.with_account and not signed_in})
        return render(request, "evaluation/survey/closed.html", context)
    if by_account and services.has_answered(wave=wave, account=request.user.pk):
        return render(request, "evaluation/survey/thanks.html", context | {"already": True})
    areas = list(districts.district_list(municipality=place))
    choices = [(d.slug, d.name) for d in areas] if by_account else None
    initial = {}
    preset = _resident_district(request.user, place) if by_account else None
    if preset is not None:
        initial["wijk"] = preset.slug
    form = SurveyForm(request.POST or None, questions=selectors.questions(survey=wave.survey),
                      district_choices=choices, with_code=by_code, initial=initial)
    if request.method == "POST" and form.is_valid():
        district = next((d for d in areas if d.slug == form.cleaned_data.get("wijk")), None) or (areas[0] if areas
                                                                                                   else None)
        try:
            if district is None:
                raise ValidationError(_("Deze gemeente heeft nog geen wijken."))
            services.response_submit(
                wave=wave, district=district, scores=form.scores(), open_text=form.open_text(),
                account=request.user.pk if by_account else None,
                code=form.cleaned_data["code"] if by_code else None)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "already":
                return render(request, "evaluation/survey/thanks.html", context | {"already": True})
            form.add_error(None, exc)
        else:
            return redirect(page_path("evaluation:survey_thanks", place, wave_id=wave.pk))
    context.update({"form": form, "by_code": by_code, "preset": preset})
    return render(request, "evaluation/survey/form.html", context)


def survey_thanks(request: HttpRequest, wave_id: int, municipality: str | None = None) -> HttpResponse:
    place = municipality_or_404(municipality)
    wave = _wave(place, wave_id)
    context = base_context(place)
    context.update({"wave": wave, "survey": wave.survey, "already": False,
                    "index_url": page_path("evaluation:surveys", place)})
    return render(request, "evaluation/survey/thanks.html", context)
