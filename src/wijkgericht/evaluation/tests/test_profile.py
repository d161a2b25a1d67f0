"""The district profile on the hand-made data set: indexes against the municipality's baseline (100), the halves
mixed by the subjective share, strong and weak themes, and the baseline fixed (known answers)."""

from __future__ import annotations

import pytest

from wijkgericht.evaluation.models import Profile, ProfileIndicator, ProfileTheme
from wijkgericht.evaluation.selectors import profile as selectors
from wijkgericht.evaluation.services import profile as services
from wijkgericht.evaluation.services import survey as survey_services
from wijkgericht.evaluation.tests.dataset import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = build()
    for district, figures in ((data.a, (1000, 60)), (data.b, (200, 10)), (data.c, (800, 50))):
        district.key_figures.update({"woningvoorraad": figures[0], "percentage_koopwoningen": figures[1]})
        district.save()
    profile = Profile.objects.create(municipality=data.municipality, baseline_wave=data.wave)
    theme = ProfileTheme.objects.create(profile=profile, name="Wonen")
    ProfileIndicator.objects.create(theme=theme, label="Inwoners", source="cbs", cbs_key="aantal_inwoners")
    ProfileIndicator.objects.create(theme=theme, label="Koopwoningen", source="cbs",
                                    cbs_key="percentage_koopwoningen", weight=2)
    ProfileIndicator.objects.create(theme=theme, label="Betrokken", source="survey", question=data.q_ten)
    data.profile = profile
    return data


def test_index():
    assert selectors.index(110, 100) == 110.0
    assert selectors.index(110, 100, higher_is_better=False) == 90.0
    assert selectors.index(None, 100) is None and selectors.index(5, 0) is None


def test_profile_per_district(data):
    result = selectors.district_profiles(municipality=data.municipality)
    (theme,) = result.themes
    baselines = {s.indicator.label: s.baseline for s in theme.indicators}
    assert round(baselines["Inwoners"], 2) == 1333.33  # a count: the mean per district
    assert baselines["Koopwoningen"] == 51.0  # weighted by the housing stock, as CBS figures add up
    assert baselines["Betrokken"] == 7.882  # the municipality's mean at the baseline wave
    assert theme.objective == {data.a.id: 128.4, data.b.id: 25.6, data.c.id: 102.8}
    assert theme.subjective == {data.a.id: 88.8, data.b.id: None, data.c.id: None}  # Beewijk: 5 answers, hidden
    assert theme.total == {data.a.id: 108.6, data.b.id: 25.6, data.c.id: 102.8}
    by_code = {p.district.code: p for p in result.districts}
    assert by_code["WK999901"].strong == ["Wonen"] and by_code["WK999902"].weak == ["Wonen"]
    assert by_code["WK999903"].overall == 102.8


def test_baseline_fixed_stays(data):
    assert services.baseline_fix(profile=data.profile) == 3
    data.a.key_figures["percentage_koopwoningen"] = 90  # a later CBS year
    data.a.save()
    (theme,) = selectors.district_profiles(municipality=data.municipality).themes
    koop = next(s for s in theme.indicators if s.indicator.label == "Koopwoningen")
    assert koop.baseline == 51.0 and koop.indexes[data.a.id] == 176.5


def test_default_profile(data):
    data.profile.delete()
    survey = survey_services.survey_create_standard(municipality=data.municipality)
    profile = services.profile_create_default(municipality=data.municipality, survey=survey)
    assert [t.name for t in profile.themes.all()] == ["Fysiek", "Sociaal"]
    assert ProfileIndicator.objects.filter(theme__profile=profile, source="survey").count() == 3


def test_a_figure_cbs_left_empty_is_left_out_and_the_weights_spread_over_the_rest(data):
    """CBS keeps Ceewijk's share of owner-occupied homes secret (empty). The baseline comes from Aawijk and Beewijk
    (60 % of 1000 and 10 % of 200 homes: 51.7 %), so their profiles keep the figure; Ceewijk's objective half is
    its one known indicator (inhabitants, weight 1 of 3), and its profile names what was left out."""
    data.c.key_figures["percentage_koopwoningen"] = None
    data.c.save()
    result = selectors.district_profiles(municipality=data.municipality)
    (theme,) = result.themes
    koop = next(s for s in theme.indicators if s.indicator.label == "Koopwoningen")
    assert koop.baseline == 51.7
    assert koop.indexes == {data.a.id: 116.1, data.b.id: 19.3, data.c.id: None}
    # inhabitants 150.0 / 37.5 / 112.5 against 1333.3; weights 1 and 2, renormalised over what is known
    assert theme.objective == {data.a.id: 127.4, data.b.id: 25.4, data.c.id: 112.5}
    by_code = {p.district.code: p for p in result.districts}
    assert by_code["WK999903"].missing == ["Koopwoningen", "Betrokken"]  # no figure; no survey answers
    assert by_code["WK999901"].missing == []
    assert by_code["WK999903"].overall == 112.5
    assert result.without_baseline == []


def test_a_figure_no_district_has_is_left_out_everywhere(data):
    for district in (data.a, data.b, data.c):
        district.key_figures["percentage_koopwoningen"] = None
        district.save()
    result = selectors.district_profiles(municipality=data.municipality)
    assert result.without_baseline == ["Koopwoningen"]
    (theme,) = result.themes
    assert theme.objective == {data.a.id: 150.0, data.b.id: 37.5, data.c.id: 112.5}  # inhabitants alone


def test_the_dashboard_shows_the_profile_and_what_was_left_out(client, data):
    import csv
    import io

    data.c.key_figures["percentage_koopwoningen"] = None
    data.c.save()
    base = f"/gemeenten/{data.municipality.code}/evaluatie/"
    html = client.get(base + "?van=2025-03-01&tot=2025-03-31").content.decode()
    assert 'id="wijkprofiel-kop"' in html and "telt dat cijfer voor die wijk niet mee" in html
    row = html.split('scope="row">Ceewijk</th>', 2)[-1].split("</tr>", 1)[0]
    assert "112,5" in row and "Koopwoningen, Betrokken" in row
    response = client.get(base + "wijkprofiel.csv?van=2025-03-01&tot=2025-03-31")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Wijk", "Wonen", "Totaal", "Sterk", "Zwak", "Niet meegeteld (geen cijfer)"]
    assert rows[1:] == [["Aawijk", "108.1", "108.1", "Wonen", "", ""],  # (127.4 + 88.8) / 2
                        ["Beewijk", "25.4", "25.4", "", "Wonen", "Betrokken"],
                        ["Ceewijk", "112.5", "112.5", "Wonen", "", "Koopwoningen, Betrokken"]]
