"""The evaluation in the Barendrecht demo (issue #13): the involvement survey with a baseline wave before the demo's
year of district visits and a later wave a month ago, generated answers in every district, a few moderated open
answers, the district profile with its baseline fixed, and the college's decisions drawn from it.

Everything is invented example data and marked so wherever the models have the flag (survey, waves, responses,
open answers, profile, decisions). Dates are counted from today, as the demo's agenda is: the baseline wave closed
a little over a year ago, so on the dashboards' default period (the last twelve months) it is the comparison period's
figure and the later wave this period's; the decisions were taken two weeks ago, so the report for the last year
lists them.

The answers come from a seeded random number generator, so every load gives the same figures. About one resident in
four hundred answers, at least ten per district (the least for which a figure is shown), except in the business
parks (a handful of inhabitants): there the few answers stay below ten, and the pages show that the figure is
suppressed. Answers are written with bulk_create, and no more of them than that: the tests load this demo, or copy
its rows, many times. Nobody really answered, so there are no `Respondent` rows (who answered) for them.

Loaded once per part: a municipality with any survey gets no demo survey, one with a profile no demo profile, one
with any decision no demo decisions; nothing staff made is touched."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone
from django.utils.text import slugify

from wijkgericht.demo import agenda as demo_agenda
from wijkgericht.districts.models import District, Municipality
from wijkgericht.evaluation import tallies
from wijkgericht.evaluation.models import (
    Answer,
    Decision,
    OpenAnswer,
    Profile,
    Question,
    Response,
    Survey,
    Wave,
)
from wijkgericht.evaluation.services.decisions import decision_follow_up, decision_record
from wijkgericht.evaluation.services.profile import baseline_fix, profile_create_default
from wijkgericht.evaluation.services.survey import open_answer_moderate, survey_create_standard
from wijkgericht.governance.models import Alderman

SEED = 2019
TITLE = "Betrokkenheid bij uw wijk (voorbeeld)"
PER_RESIDENTS = 400      # one answer per this many inhabitants …
MINIMUM = 10             # … and at least this many per district (MIN_CELL: a figure is shown) …
SMALL = 100              # … except where fewer people live than this: a handful, suppressed on every page
SMALL_ANSWERS = 4

# (name, kind, opens and closes in days from today)
WAVES = (
    ("Nulmeting {year}", Wave.Kind.BASELINE, -400, -379),
    ("Meting {year}", Wave.Kind.FOLLOW_UP, -60, -32),
)

# Mean answers per question key: (at the baseline, later where the district alderman came, later elsewhere).
LEVELS = {
    "betrokken": (6.2, 7.3, 6.6),
    "gemeente-weet": (2.8, 3.5, 3.0),
    "ken-wijkwethouder": (2.0, 3.4, 2.3),
}
SPREAD = {Question.Scale.TEN: 1.4, Question.Scale.FIVE: 0.9}

# Open answers: (district code, wave index, what the resident wrote, as approved (anonymised) or None).
OPEN_ANSWERS = (
    ("WK048909", 1, "Sinds de fietstocht weet ik wie onze wijkwethouder is, en de lampen in het park doen het weer.",
     "Sinds de fietstocht weet ik wie onze wijkwethouder is, en de lampen in het park doen het weer."),
    ("WK048909", 1, "Mevrouw De Vries van de Lindelaan 4 en ik willen graag helpen met een plek voor jongeren.",
     "Een buurvrouw en ik willen graag helpen met een plek voor jongeren."),
    ("WK048908", 1, "Het parkeeronderzoek duurt lang. Maar fijn dat er eindelijk naar ons geluisterd wordt.",
     "Het parkeeronderzoek duurt lang. Maar fijn dat er eindelijk naar ons geluisterd wordt."),
    ("WK048901", 1, "Het spreekuur in de bibliotheek is laagdrempelig; graag vaker, ook op zaterdag.",
     "Het spreekuur in de bibliotheek is laagdrempelig; graag vaker, ook op zaterdag."),
    ("WK048914", 1, "Het buurtfeest was gezellig. Verder zien we de gemeente hier weinig.",
     "Het buurtfeest was gezellig. Verder zien we de gemeente hier weinig."),
    ("WK048920", 0, "Ik weet niet wie er over onze wijk gaat bij de gemeente.",
     "Ik weet niet wie er over onze wijk gaat bij de gemeente."),
    ("WK048920", 1, "Nog nooit een wethouder in Vrijenburg gezien. Kom eens langs!", None),  # waits for moderation
)

# The college's decisions: (title, explanation, district codes (none: the whole municipality), measures, owner
# (alderman's name) or department, days ago decided, due in days from today, status, public).
DECISIONS = (
    ("Wijkwethouder blijft",
     "Elke wijk houdt een eigen wijkwethouder. Waar de wijkwethouder kwam, weten meer inwoners wie dat is en voelen "
     "zij zich meer betrokken dan bij de nulmeting.",
     (), ("involvement.score", "acquaintance.activities", "acquaintance.not_visited"), "Jan van Belzen", -14, 30,
     Decision.Status.DONE, True),
    ("Fietstochten met wijkpartners in elke wijk",
     "De fietstocht met wijkagent, woonstichting en welzijn werkte in Nieuweland en Molenvliet. Volgend jaar fietst "
     "de wijkwethouder zo door elke wijk, te beginnen met de wijken die langer dan 90 dagen geen bezoek kregen.",
     ("WK048920", "WK048902", "WK048905", "WK048906", "WK048931"),
     ("acquaintance.not_visited", "acquaintance.partners_reached"),
     "Wijkzaken", -14, 180, Decision.Status.IN_PROGRESS, True),
    ("Nulmeting herhalen op de bedrijventerreinen met een brief aan elk adres",
     "Op de bedrijventerreinen vulden te weinig mensen de meting in om een cijfer te tonen.",
     ("WK048950",), ("involvement.responses",), "Onderzoek en statistiek", -14, 120, Decision.Status.OPEN, False),
)


def _today() -> dt.date:
    return timezone.localdate()


def _visited_codes() -> set[str]:
    """The districts the demo's district aldermen visited in the past year (demo/agenda.py)."""
    return {code for row in demo_agenda.ACTIVITIES if row[1] < 0 for code in row[5]}


def _answers_for(inhabitants: int | None) -> int:
    people = int(inhabitants or 0)
    if people < SMALL:
        return SMALL_ANSWERS
    return max(MINIMUM, people // PER_RESIDENTS)


def _score(rng: random.Random, mean: float, scale: str) -> int:
    top = 10 if scale == Question.Scale.TEN else 5
    return min(top, max(1, round(rng.gauss(mean, SPREAD[scale]))))


def _survey(municipality: Municipality, districts: list[District]) -> tuple[Survey, list[Wave]] | None:
    if Survey.objects.filter(municipality=municipality).exists():
        return None  # the municipality has its own survey (or the demo's): loaded once, never touched
    survey = survey_create_standard(municipality=municipality, title=TITLE, is_example=True)
    today = _today()
    waves = []
    for name, kind, opens, closes in WAVES:
        opens_on = today + dt.timedelta(days=opens)
        waves.append(Wave.objects.create(
            survey=survey, name=name.format(year=opens_on.year), kind=kind, opens_on=opens_on,
            closes_on=today + dt.timedelta(days=closes), with_account=True, with_code=True, is_example=True))
    scored = [q for q in survey.questions.order_by("order") if q.scale != Question.Scale.OPEN]
    visited = _visited_codes()
    rng = random.Random(SEED)
    responses, answers = [], []
    for n_wave, wave in enumerate(waves):
        for district in districts:
            # A district's own level, the same in both waves, so the change is what the visits made.
            shift = random.Random(f"{SEED}:{district.code}").uniform(-0.6, 0.6)
            column = 0 if n_wave == 0 else (1 if district.code in visited else 2)
            for _i in range(_answers_for((district.key_figures or {}).get("aantal_inwoners"))):
                # Ids rather than objects: bulk_create of plain rows, a couple of thousand in a blink.
                response = Response(wave_id=wave.pk, district_id=district.pk, is_example=True)
                responses.append(response)
                for question in scored:
                    level = LEVELS.get(question.key, (3.0, 3.0, 3.0))[column]
                    scale_shift = shift if question.scale == Question.Scale.TEN else shift / 2
                    answers.append(Answer(response_id=response.pk, question_id=question.pk, wave_id=wave.pk,
                                          district_id=district.pk,
                                          value=_score(rng, level + scale_shift, question.scale)))
    Response.objects.bulk_create(responses, batch_size=1000)
    Answer.objects.bulk_create(answers, batch_size=1000)
    tallies.rebuild([w.pk for w in waves])  # written in bulk, past the survey's service: its tallies follow
    _open_answers(survey, waves, {d.code: d for d in districts})
    return survey, waves


def _open_answers(survey: Survey, waves: list[Wave], districts: dict[str, District]) -> None:
    question = survey.questions.get(scale=Question.Scale.OPEN)
    for code, n_wave, text, public in OPEN_ANSWERS:
        if code not in districts:
            continue
        answer = OpenAnswer.objects.create(question=question, wave=waves[n_wave], district=districts[code],
                                           text=text, is_example=True)
        if public is not None:
            open_answer_moderate(answer=answer, approve=True, public_text=public)


def _profile(municipality: Municipality) -> None:
    if Profile.objects.filter(municipality=municipality).exists():
        return
    survey = Survey.objects.filter(municipality=municipality, title=TITLE, is_example=True).first()
    baseline = survey.waves.filter(kind=Wave.Kind.BASELINE).order_by("opens_on").first() if survey else None
    profile = profile_create_default(municipality=municipality, survey=survey, baseline_wave=baseline,
                                     is_example=True)
    if baseline is not None:
        baseline_fix(profile=profile)


def _decisions(municipality: Municipality, districts: dict[str, District]) -> None:
    if Decision.objects.filter(municipality=municipality).exists():
        return
    people = {a.slug: a for a in Alderman.objects.filter(municipality=municipality)}
    today = _today()
    for title, explanation, codes, measures, owner, decided, due, status, public in DECISIONS:
        person = people.get(slugify(owner))
        decision = decision_record(
            municipality=municipality, title=title, explanation=f"{explanation} (Voorbeeld)",
            decided_on=today + dt.timedelta(days=decided), districts=[districts[c] for c in codes if c in districts],
            measures=measures, owner=person, owner_department="" if person else owner,
            due_date=today + dt.timedelta(days=due), is_public=public, is_example=True)
        if status != Decision.Status.OPEN:
            note = "Vastgelegd in het collegeprogramma. (Voorbeeld)" if status == Decision.Status.DONE else ""
            decision_follow_up(decision=decision, status=status, note=note)


def load(municipality: Municipality) -> None:
    districts = list(District.objects.filter(municipality=municipality).order_by("code"))
    if not districts:
        return
    _survey(municipality, districts)
    _profile(municipality)
    _decisions(municipality, {d.code: d for d in districts})
