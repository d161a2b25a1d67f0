"""The district profile (after Rotterdam's Wijkprofiel): per district and theme an index where the municipality's
baseline is 100, half (or the configured share) from the residents' own judgement in the involvement survey and
the rest from CBS key figures; with the district's strong and weak themes.

An indicator's index is 100 × (1 + (value − baseline) / baseline) when higher is better, and
100 × (1 − (value − baseline) / baseline) when lower is better: 10 % better than the municipality at the baseline is
110. A half's index is the weighted mean of its indicators' indexes; a theme is the two halves mixed by the profile's
subjective share (only the half that has figures, when the other has none); a district's overall index is the mean
of its themes. Survey cells with fewer than 10 answers count as unknown.

What is unknown is left out and the weights are spread over what is known: an indicator without a figure for a
district (CBS keeps it secret, or it is absent) drops out of that district's half, whose index is then the
weighted mean of its other indicators; the baseline of a CBS figure comes from the districts that have it. Each
district's profile lists the indicators that were left out (`missing`), so the page can say so."""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkgericht.districts import keyfigures
from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation.models import Profile, ProfileIndicator, ProfileTheme, Wave
from wijkgericht.evaluation.selectors import survey as survey_selectors

STRONG = 105.0  # a theme at or above this index is a strong point of the district
WEAK = 95.0  # at or below: a weak point


def profile_for(*, municipality: Municipality) -> Profile | None:
    return (Profile.objects.filter(municipality=municipality).select_related("baseline_wave__survey").first())


def index(value: float | None, baseline: float | None, higher_is_better: bool = True) -> float | None:
    if value is None or baseline is None or baseline == 0:
        return None
    relative = (value - baseline) / abs(baseline)
    return round(100.0 * (1 + relative if higher_is_better else 1 - relative), 1)


def _weighted(pairs: list[tuple[float | None, float]]) -> float | None:
    known = [(v, w) for v, w in pairs if v is not None]
    total = sum(w for _v, w in known)
    return round(sum(v * w for v, w in known) / total, 1) if total else None


def cbs_baseline(municipality: Municipality, key: str) -> float | None:
    """The municipality-wide value of a CBS key figure from its districts (weighted as CBS figures add up; a count
    as the mean per district, so it compares with one district's count). CBS leaves a figure empty where it is
    secret (few inhabitants) or unknown: the baseline is then taken over the districts that have it (and, for a
    share or an average, its base), so one empty district does not take the figure out of every district's
    profile. None only when no district has it."""
    parts = [d.key_figures or {} for d in District.objects.filter(municipality=municipality).only("key_figures")]
    figure = keyfigures.BY_KEY.get(key)
    if figure is None or figure.kind == "count":
        values = [float(p[key]) for p in parts if p.get(key) is not None]
        return sum(values) / len(values) if values else None
    known = [p for p in parts if p.get(key) is not None and (not figure.base or p.get(figure.base) is not None)]
    return keyfigures.aggregate(known).get(key) if known else None


def survey_baseline(indicator: ProfileIndicator, wave: Wave | None) -> float | None:
    if indicator.question is None or wave is None:
        return None
    return survey_selectors.result(question=indicator.question, waves=[wave]).mean


def baseline_of(indicator: ProfileIndicator, profile: Profile) -> float | None:
    """The indicator's fixed baseline, or (until it is fixed) the municipality-wide value at the baseline wave
    (survey) or now (CBS)."""
    if indicator.baseline is not None:
        return indicator.baseline
    if indicator.source == ProfileIndicator.Source.CBS:
        return cbs_baseline(profile.municipality, indicator.cbs_key)
    return survey_baseline(indicator, profile.baseline_wave)


@dataclass
class IndicatorScore:
    indicator: ProfileIndicator
    baseline: float | None
    values: dict[int, float | None]  # district id → value
    indexes: dict[int, float | None]  # district id → index

    def missing_for(self, district_id: int) -> bool:
        """No index for this district (its figure is empty, or there is no baseline): its half's weights are
        spread over the indicators that are known."""
        return self.indexes.get(district_id) is None


@dataclass
class ThemeScore:
    theme: ProfileTheme
    objective: dict[int, float | None]
    subjective: dict[int, float | None]
    total: dict[int, float | None]
    indicators: list[IndicatorScore] = field(default_factory=list)


@dataclass
class DistrictProfile:
    district: District
    themes: dict[str, float | None]  # theme name → index
    overall: float | None
    strong: list[str]
    weak: list[str]
    missing: list[str] = field(default_factory=list)  # indicators left out for this district (no figure)


@dataclass
class ProfileResult:
    profile: Profile
    wave: Wave | None
    themes: list[ThemeScore]
    districts: list[DistrictProfile]

    @property
    def without_baseline(self) -> list[str]:
        """Indicators with no baseline at all (no district has the figure): left out everywhere."""
        return [s.indicator.label for t in self.themes for s in t.indicators if s.baseline is None]


def latest_wave(profile: Profile) -> Wave | None:
    survey = profile.baseline_wave.survey if profile.baseline_wave else None
    queryset = Wave.objects.filter(survey__municipality=profile.municipality)
    if survey is not None:
        queryset = queryset.filter(survey=survey)
    return queryset.order_by("-closes_on", "-pk").first()


def district_profiles(*, municipality: Municipality, wave: Wave | None = None) -> ProfileResult | None:
    """Every district's profile for a wave (default: the latest) against the baseline; None without a profile."""
    profile = profile_for(municipality=municipality)
    if profile is None:
        return None
    wave = wave or latest_wave(profile)
    areas = list(District.objects.filter(municipality=municipality).only("id", "name", "code", "slug",
                                                                          "key_figures").order_by("name"))
    share = profile.subjective_share / 100.0
    themes: list[ThemeScore] = []
    for theme in profile.themes.prefetch_related("indicators__question"):
        scores = []
        for indicator in theme.indicators.all():
            baseline = baseline_of(indicator, profile)
            if indicator.source == ProfileIndicator.Source.CBS:
                values = {d.id: (d.key_figures or {}).get(indicator.cbs_key) for d in areas}
            elif wave is not None and indicator.question is not None:
                cells = survey_selectors.results_by_district(question=indicator.question, waves=[wave])
                values = {d.id: cells[d.id].mean if d.id in cells else None for d in areas}
            else:
                values = {d.id: None for d in areas}
            scores.append(IndicatorScore(indicator, baseline, values,
                                         {i: index(v, baseline, indicator.higher_is_better)
                                          for i, v in values.items()}))
        objective, subjective, total = {}, {}, {}
        for d in areas:
            objective[d.id] = _weighted([(s.indexes[d.id], s.indicator.weight) for s in scores
                                         if s.indicator.source == ProfileIndicator.Source.CBS])
            subjective[d.id] = _weighted([(s.indexes[d.id], s.indicator.weight) for s in scores
                                          if s.indicator.source == ProfileIndicator.Source.SURVEY])
            halves = [(objective[d.id], 1 - share), (subjective[d.id], share)]
            total[d.id] = _weighted([(v, w) for v, w in halves if w > 0])
        themes.append(ThemeScore(theme, objective, subjective, total, scores))
    districts = []
    for d in areas:
        by_theme = {t.theme.name: t.total[d.id] for t in themes}
        known = [v for v in by_theme.values() if v is not None]
        districts.append(DistrictProfile(
            d, by_theme, round(sum(known) / len(known), 1) if known else None,
            [name for name, v in by_theme.items() if v is not None and v >= STRONG],
            [name for name, v in by_theme.items() if v is not None and v <= WEAK],
            [s.indicator.label for t in themes for s in t.indicators if s.missing_for(d.id)]))
    return ProfileResult(profile, wave, themes, districts)
