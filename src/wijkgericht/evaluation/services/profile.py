"""Writes of the district profile: a starting configuration, and fixing the baseline (index 100) so later CBS
years and survey waves are measured against the same values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkgericht.districts.models import Municipality
from wijkgericht.evaluation.models import Profile, ProfileIndicator, ProfileTheme, Question, Survey, Wave
from wijkgericht.evaluation.selectors import profile as selectors

# A starting point only: which figures say "better" is the municipality's choice (back office, Wijkprofiel).
DEFAULT_THEMES = (
    ("Fysiek", (("Gemiddelde woningwaarde", "gemiddelde_woningwaarde", True),
                ("Aandeel koopwoningen", "percentage_koopwoningen", True)), ("gemeente-weet",)),
    ("Sociaal", (("Aandeel huishoudens met kinderen", "percentage_huishoudens_met_kinderen", True),
                 ("Aandeel eenpersoonshuishoudens", "percentage_eenpersoonshuishoudens", False)),
     ("betrokken", "ken-wijkwethouder")),
)


@transaction.atomic
def profile_create_default(*, municipality: Municipality, survey: Survey | None = None,
                           baseline_wave: Wave | None = None, is_example: bool = False) -> Profile:
    """A profile with two themes, each from two CBS figures and the survey's matching statements."""
    if Profile.objects.filter(municipality=municipality).exists():
        raise ValidationError(_("Deze gemeente heeft al een wijkprofiel."))
    profile = Profile.objects.create(municipality=municipality, title=_("Wijkprofiel"), baseline_wave=baseline_wave,
                                     is_example=is_example)
    questions = {q.key: q for q in Question.objects.filter(survey=survey)} if survey else {}
    for order, (name, figures, keys) in enumerate(DEFAULT_THEMES, start=1):
        theme = ProfileTheme.objects.create(profile=profile, name=name, order=order)
        for position, (label, key, higher) in enumerate(figures, start=1):
            ProfileIndicator.objects.create(theme=theme, label=label, source=ProfileIndicator.Source.CBS,
                                            cbs_key=key, higher_is_better=higher, order=position)
        for position, key in enumerate(keys, start=len(figures) + 1):
            if key in questions:
                ProfileIndicator.objects.create(theme=theme, label=questions[key].text, question=questions[key],
                                                source=ProfileIndicator.Source.SURVEY, order=position)
    return profile


@transaction.atomic
def baseline_fix(*, profile: Profile) -> int:
    """Store each indicator's municipality-wide value now (CBS) and at the baseline wave (survey) as its baseline:
    from then on that is 100, whatever later years bring. Returns how many indicators got a baseline."""
    if profile.baseline_wave_id is None:
        raise ValidationError(_("Kies eerst de nulmeting van het wijkprofiel."))
    fixed = 0
    for indicator in ProfileIndicator.objects.filter(theme__profile=profile).select_related("question"):
        indicator.baseline = None
        value = selectors.baseline_of(indicator, profile)
        if value is not None:
            indicator.baseline = value
            indicator.save(update_fields=["baseline"])
            fixed += 1
    return fixed
