"""The Barendrecht demo's evaluation (issue #13): a baseline wave before the year of visits and a later wave with
generated answers in every district (the business parks suppressed: too few answers), moderated open answers in
their anonymised form only, the district profile with its baseline fixed, and the college's decisions, shown on the
district page (public ones only) and in the report. Loading again changes nothing. (Here, above the demo, since the
evaluation's own tests do not import the demo; the `barendrecht` fixture loads the demo without its evaluation.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from wijkgericht.agenda.models import Activity
from wijkgericht.districts.models import District
from wijkgericht.districts.paths import district_path
from wijkgericht.evaluation import report
from wijkgericht.evaluation.measures import MIN_CELL
from wijkgericht.evaluation.models import (
    Answer,
    Decision,
    OpenAnswer,
    Profile,
    ProfileIndicator,
    Question,
    Response,
    Survey,
    Wave,
)
from wijkgericht.evaluation.selectors import involvement
from wijkgericht.evaluation.selectors import profile as profile_selectors
from wijkgericht.evaluation.selectors import survey as survey_selectors
from wijkgericht.evaluation.services import dashboard
from wijkgericht.evaluation.services.decisions import decision_follow_up, decision_record

pytestmark = pytest.mark.django_db

BUSINESS_PARKS = "WK048950"  # 90 inhabitants: too few answers for a figure
VRIJENBURG = "WK048920"


@pytest.fixture
def demo(barendrecht):
    """The demo as `wijkgericht demo` loads it: the fixture's rows plus the evaluation."""
    from wijkgericht.demo import evaluation as demo_evaluation

    demo_evaluation.load(barendrecht)
    return barendrecht


def waves() -> tuple[Wave, Wave]:
    baseline, later = Wave.objects.filter(survey__is_example=True).order_by("opens_on")
    return baseline, later


def fingerprint() -> dict[str, object]:
    """Everything the demo's evaluation wrote, as counts and sums (ids are random)."""
    cells = (Answer.objects.order_by().values("wave__kind", "district__code", "question__key")
             .annotate(n=Count("id"), total=Sum("value")))
    return {
        "cells": sorted((c["wave__kind"], c["district__code"], c["question__key"], c["n"], c["total"]) for c in cells),
        "counts": [m.objects.count() for m in (Survey, Question, Wave, Response, OpenAnswer, Profile,
                                               ProfileIndicator, Decision)],
        "open": sorted(OpenAnswer.objects.values_list("status", "public_text")),
        "baselines": sorted(ProfileIndicator.objects.values_list("label", "baseline")),
        "decisions": sorted(Decision.objects.values_list("title", "status", "is_public", "decided_on")),
    }


def test_a_baseline_before_the_visits_and_a_later_wave_with_answers_everywhere(demo):
    survey = Survey.objects.get(municipality=demo)
    assert survey.is_example
    baseline, later = waves()
    assert (baseline.kind, later.kind) == (Wave.Kind.BASELINE, Wave.Kind.FOLLOW_UP)
    assert baseline.is_example and later.is_example
    first_visit = Activity.objects.filter(municipality=demo).order_by("starts_at").first().starts_at
    assert baseline.closes_on < timezone.localdate(first_visit)
    today = timezone.localdate()
    assert later.closes_on < today  # closed: its results are final
    # The dashboards' default period holds the later wave; its comparison period the baseline.
    period = dashboard.default_period(today)
    assert later.closes_on in period and baseline.closes_on in period.previous()

    assert not Response.objects.filter(is_example=False).exists()
    districts = District.objects.filter(municipality=demo)
    for wave in (baseline, later):
        counts = survey_selectors.response_counts(wave=wave)
        assert set(counts) == set(districts.values_list("id", flat=True))
    # Every scored question answered by every respondent: a cell has as many answers as the district responses.
    assert Answer.objects.count() == Response.objects.count() * 3


def test_small_cells_are_suppressed_and_the_rest_shown(demo):
    baseline, later = waves()
    question = Question.objects.get(survey__municipality=demo, key="betrokken")
    rows = survey_selectors.comparison(question=question, before=baseline, after=later)
    suppressed = {r.district.code for r in rows if r.district and (r.before.suppressed or r.after.suppressed)}
    assert suppressed == {BUSINESS_PARKS}
    parks = next(r for r in rows if r.district and r.district.code == BUSINESS_PARKS)
    assert 0 < parks.after.n < MIN_CELL and parks.after.mean is None and parks.change.value is None
    whole = rows[-1]
    assert whole.district is None and whole.after.mean > whole.before.mean and whole.change.significant

    # The headline measure on the dashboards: this year against the baseline, nothing for the business parks.
    period = dashboard.default_period(timezone.localdate())
    measure = involvement.score(demo, period, None, by_district=True)
    assert measure.value == whole.after.mean and measure.comparison == whole.before.mean
    assert measure.districts[BUSINESS_PARKS] is None
    assert sum(v is not None for v in measure.districts.values()) == len(measure.districts) - 1


def test_open_answers_shown_only_moderated_and_anonymised(demo):
    shown = survey_selectors.approved_open_answers(municipality=demo)
    assert len(shown) >= 5 and all(a.is_example for a in shown)
    assert not any("De Vries" in a.public_text or "Lindelaan" in a.public_text for a in shown)
    assert OpenAnswer.objects.filter(text__contains="Lindelaan", status="approved").exists()  # what was written
    assert survey_selectors.moderation_queue(municipality=demo).count() == 1


def test_the_profile_has_its_baseline_fixed(demo):
    profile = Profile.objects.get(municipality=demo)
    baseline, later = waves()
    assert profile.is_example and profile.baseline_wave == baseline
    indicators = ProfileIndicator.objects.filter(theme__profile=profile)
    assert indicators.filter(source="survey").exists() and indicators.filter(source="cbs").exists()
    # The residents' half is fixed at the baseline wave. (The CBS half stays unfixed in Barendrecht: a district
    # whose figure CBS suppresses makes the municipality-wide figure unknown; see selectors.profile.cbs_baseline.)
    assert not indicators.filter(source="survey", baseline__isnull=True).exists()
    result = profile_selectors.district_profiles(municipality=demo)
    assert result.wave == later
    overall = {p.district.code: p.overall for p in result.districts}
    assert overall[VRIJENBURG] is not None


def test_the_colleges_decisions(demo):
    decisions = Decision.objects.filter(municipality=demo)
    assert decisions.count() == 3 and not decisions.filter(is_example=False).exists()
    stays = decisions.get(title="Wijkwethouder blijft")
    assert not stays.districts.exists() and stays.owner.name == "Jan van Belzen" and stays.status == "done"
    tours = decisions.get(title="Fietstochten met wijkpartners in elke wijk")
    assert tours.districts.filter(code=VRIJENBURG).exists() and tours.owner_department and tours.measures
    assert tours.status == "in_progress" and tours.due_date > timezone.localdate()
    assert decisions.filter(is_public=False).count() == 1
    _baseline, later = waves()
    assert all(d.decided_on > later.closes_on for d in decisions)


def test_decisions_on_the_district_page(client, demo, django_capture_on_commit_callbacks):
    vrijenburg = District.objects.get(code=VRIJENBURG)
    page = client.get(district_path(vrijenburg, demo)).content.decode()
    assert 'id="besluiten"' in page
    assert "Fietstochten met wijkpartners in elke wijk" in page and "Wijkzaken" in page
    assert "Wijkwethouder blijft" in page and "Jan van Belzen" in page  # the whole municipality's, too
    assert "In uitvoering" in page or "in uitvoering" in page
    parks = District.objects.get(code=BUSINESS_PARKS)
    page = client.get(district_path(parks, demo)).content.decode()
    assert "Wijkwethouder blijft" in page
    assert "Nulmeting herhalen" not in page  # not public

    # A decision recorded later, and its follow-up, show on the (cached) page at once.
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_record(municipality=demo, title="Spreekuur op zaterdag in Vrijenburg",
                                   decided_on=timezone.localdate(), districts=[vrijenburg],
                                   owner_department="Wijkzaken")
    page = client.get(district_path(vrijenburg, demo)).content.decode()
    assert "Spreekuur op zaterdag in Vrijenburg" in page
    with django_capture_on_commit_callbacks(execute=True):
        decision_follow_up(decision=decision, status=Decision.Status.DONE, note="Elke eerste zaterdag")
    page = client.get(district_path(vrijenburg, demo)).content.decode()
    line = page[page.index("Spreekuur op zaterdag in Vrijenburg"):]
    assert "Uitgevoerd" in line[:600] or "uitgevoerd" in line[:600]


def test_the_demo_dashboard_and_report_show_its_figures(client, demo):
    from wijkgericht.evaluation import tables

    period = dashboard.default_period(timezone.localdate())
    measure = involvement.score(demo, period, None)
    page = client.get("/evaluatie/").content.decode()
    assert tables.number(measure.value, "score") in page

    data = report.collect(demo, period)
    assert {d.title for d in data.decisions} == set(Decision.objects.values_list("title", flat=True))
    by_code = {p.district.code: p for p in data.districts}
    assert by_code["WK048909"].quotes and not by_code[BUSINESS_PARKS].quotes
    html = report.render_html(data)
    assert "Wijkwethouder blijft" in html and "lampen in het park" in html


def test_loading_again_changes_nothing(demo):
    from wijkgericht.demo import evaluation as demo_evaluation
    from wijkgericht.demo.services import barendrecht_demo_load

    before = fingerprint()
    barendrecht_demo_load(budgets=False)  # the evaluation's part included
    assert fingerprint() == before

    # The answers come from a seeded generator: made afresh, they are the same.
    Survey.objects.filter(municipality=demo).delete()
    demo_evaluation.load(demo)
    after = fingerprint()
    assert after["cells"] == before["cells"] and after["open"] == before["open"]


def test_staff_decisions_are_never_touched(client, barendrecht):
    from wijkgericht.demo import evaluation as demo_evaluation

    vrijenburg = District.objects.get(code=VRIJENBURG)
    assert 'id="besluiten"' not in client.get(district_path(vrijenburg, barendrecht)).content.decode()
    own = decision_record(municipality=barendrecht, title="Eigen besluit", decided_on=dt.date(2026, 1, 5),
                          owner_department="Griffie")
    demo_evaluation.load(barendrecht)
    assert list(Decision.objects.filter(municipality=barendrecht)) == [own]
    assert Survey.objects.filter(municipality=barendrecht, is_example=True).exists()  # the rest is loaded
