"""Writes of the involvement survey: the standard survey, single-use codes for letters, a resident's answers, and
the moderation of open answers.

Secrecy as in budgets (budgets/hashing.py): who answered is a keyed hash (HMAC-SHA256 under the site's secret key,
with salts of this app's own, so a value never matches a budgets hash), unique per wave (`Respondent`); what was
answered (`Response`, `Answer`, `OpenAnswer`) carries no link to it, no time stamp and random ids. A code is stored
only as a keyed hash; the letter is the only place the code itself is."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from wijkgericht.budgets.hashing import CODE_ALPHABET, normalise_code
from wijkgericht.districts.models import District
from wijkgericht.evaluation import tallies
from wijkgericht.evaluation.models import (
    Answer,
    OpenAnswer,
    Question,
    Respondent,
    Response,
    Survey,
    SurveyCode,
    Wave,
)

CODE_LENGTH = 12
OPEN_ANSWER_MAX = 2000

# The standard survey of the issue: three statements and one open question.
STANDARD_QUESTIONS = (
    ("betrokken", "Ik voel me betrokken bij mijn wijk", Question.Scale.TEN),
    ("gemeente-weet", "De gemeente weet wat er in mijn wijk speelt", Question.Scale.FIVE),
    ("ken-wijkwethouder", "Ik weet wie mijn wijkwethouder is", Question.Scale.FIVE),
    ("open", "Wat zou uw wijk beter maken?", Question.Scale.OPEN),
)


def _hex(purpose: str, value: str) -> str:
    return salted_hmac(f"wijkgericht.evaluation.{purpose}", value, algorithm="sha256").hexdigest()


def respondent_token(wave_id: int, *, account: int | None = None, code: str | None = None) -> str:
    """Who answered a wave, as stored: an account or a code, exactly one."""
    if (account is None) == (code is None):
        raise ValueError("A respondent is an account or a code, exactly one.")
    who = f"account:{account}" if account is not None else f"code:{normalise_code(code or '')}"
    return _hex("respondent", f"{wave_id}:{who}")


def code_hash(code: str) -> str:
    return _hex("code", normalise_code(code))


def code_looks_valid(raw: str) -> bool:
    code = normalise_code(raw)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def code_format(code: str) -> str:
    """ABCD-EFGH-JKMN: as printed in a letter."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def survey_create_standard(*, municipality, title: str = "", is_example: bool = False) -> Survey:  # noqa: ANN001
    """The municipality's survey with the issue's standard questions (editable afterwards in the back office)."""
    survey = Survey.objects.create(municipality=municipality, title=title or _("Betrokkenheid bij uw wijk"),
                                   intro=_("Vijf minuten over uw wijk. Uw antwoorden zijn anoniem: we bewaren niet "
                                           "wie wat heeft geantwoord."), is_example=is_example)
    for order, (key, text, scale) in enumerate(STANDARD_QUESTIONS, start=1):
        Question.objects.create(survey=survey, key=key, text=text, scale=scale, order=order)
    return survey


@transaction.atomic
def codes_issue(*, wave: Wave, district: District, count: int) -> list[str]:
    """`count` new single-use codes for letters to addresses in the district. Returns the codes themselves, once:
    only their keyed hashes are stored."""
    if district.municipality_id != wave.survey.municipality_id:
        raise ValidationError(_("Deze wijk hoort niet bij de gemeente van de meting."))
    if not wave.with_code:
        raise ValidationError(_("In deze meetronde doet men niet mee met een code."))
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                SurveyCode.objects.create(wave=wave, district=district, code_hash=code_hash(code))
        except IntegrityError:  # pragma: no cover - a collision in 10^16: draw again
            continue
        codes.append(code)
    return codes


def code_district(*, wave: Wave, code: str) -> District | None:
    """The district of an unused code of the wave, or None."""
    row = (SurveyCode.objects.filter(wave=wave, code_hash=code_hash(code), status=SurveyCode.Status.ISSUED)
           .select_related("district").first())
    return row.district if row else None


def _check_open(wave: Wave, today: dt.date) -> None:
    if not wave.opens_on <= today <= wave.closes_on:
        raise ValidationError(_("Deze meetronde is gesloten."), code="closed")


def _clean_scores(wave: Wave, scores: Mapping[int, int | None]) -> list[tuple[Question, int]]:
    answers = []
    for question in wave.survey.questions.exclude(scale=Question.Scale.OPEN):
        value = scores.get(question.pk)
        if value is None:
            if question.required:
                raise ValidationError(_("Beantwoord de vraag ‘%s’.") % question.text, code="required")
            continue
        if not 1 <= int(value) <= (question.maximum or 0):
            raise ValidationError(_("Kies bij ‘%s’ een van de antwoorden.") % question.text, code="range")
        answers.append((question, int(value)))
    return answers


@transaction.atomic
def response_submit(*, wave: Wave, district: District, scores: Mapping[int, int | None], open_text: str = "",
                    account: int | None = None, code: str | None = None, today: dt.date | None = None,
                    is_example: bool = False) -> Response:
    """A resident's answers to a wave: once per account or code. With a code, the district is the code's (the
    letter went there) and the code is used up. Raises ValidationError (code "already" for a second answer)."""
    _check_open(wave, today or timezone.localdate())
    if district.municipality_id != wave.survey.municipality_id:
        raise ValidationError(_("Kies een wijk van deze gemeente."), code="district")
    if account is not None and not wave.with_account:
        raise ValidationError(_("In deze meetronde doet u mee met de code uit uw brief."), code="way")
    if code is not None:
        if not wave.with_code:
            raise ValidationError(_("In deze meetronde doet u mee met uw account."), code="way")
        row = (SurveyCode.objects.select_for_update()
               .filter(wave=wave, code_hash=code_hash(code), status=SurveyCode.Status.ISSUED).first())
        if row is None:
            raise ValidationError(_("Deze code klopt niet of is al gebruikt."), code="code")
        district = row.district
        row.status = SurveyCode.Status.USED
        row.save(update_fields=["status"])
    answers = _clean_scores(wave, scores)
    text = " ".join((open_text or "").split())[:OPEN_ANSWER_MAX]
    if not answers and not text:
        raise ValidationError(_("Beantwoord ten minste één vraag."), code="empty")
    token = respondent_token(wave.pk, account=account, code=code)
    try:
        with transaction.atomic():
            Respondent.objects.create(wave=wave, token=token,
                                      way=Respondent.Way.CODE if code is not None else Respondent.Way.ACCOUNT)
    except IntegrityError:
        raise ValidationError(_("U hebt al meegedaan aan deze meetronde. Dank u wel!"), code="already") from None
    response = Response.objects.create(wave=wave, district=district, is_example=is_example)
    Answer.objects.bulk_create([Answer(response=response, question=question, wave=wave, district=district,
                                       value=value) for question, value in answers])
    if text:
        question = wave.survey.questions.filter(scale=Question.Scale.OPEN).first()
        if question is not None:
            OpenAnswer.objects.create(question=question, wave=wave, district=district, text=text,
                                      is_example=is_example)
    tallies.response_stored(wave.pk, district.pk)
    return response


def has_answered(*, wave: Wave, account: int) -> bool:
    return Respondent.objects.filter(wave=wave, token=respondent_token(wave.pk, account=account)).exists()


@transaction.atomic
def open_answer_moderate(*, answer: OpenAnswer, approve: bool, public_text: str = "") -> OpenAnswer:
    """Approve an open answer in its anonymised form (names, addresses and the like taken out by the moderator), or
    reject it. Only approved answers are ever shown, and only their `public_text`."""
    answer = OpenAnswer.objects.select_for_update().get(pk=answer.pk)
    if approve:
        public = " ".join((public_text or answer.public_text or answer.text).split())
        if not public:
            raise ValidationError(_("Een goedgekeurd antwoord heeft een tekst."), code="empty")
        answer.public_text = public[:OPEN_ANSWER_MAX]
        answer.status = OpenAnswer.Status.APPROVED
    else:
        answer.status = OpenAnswer.Status.REJECTED
        answer.public_text = ""
    answer.moderated_at = timezone.now()
    answer.save(update_fields=["public_text", "status", "moderated_at"])
    return answer
