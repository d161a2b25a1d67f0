"""The evaluation's own data: the involvement survey (betrokkenheidsmeting) with its waves and anonymous answers, the
district profile's configuration (like Rotterdam's Wijkprofiel), and the college's decisions with their follow-up.

Survey secrecy follows budgets' Voter/Ballot split: who answered (`Respondent`: a keyed hash of the account or the
single-use code, unique per wave) and what was answered (`Response`, `Answer`, `OpenAnswer`) are stored apart, with
no foreign key between them, no time stamps, and random ids. No model here links to a user, so none holds personal
data.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman, DistrictAssignment


class Survey(models.Model):
    """A municipality's involvement survey: a short list of questions asked in waves."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="surveys",
                                     verbose_name=_("gemeente"))
    title = models.CharField(_("titel"), max_length=150)
    intro = models.TextField(_("uitleg voor inwoners"), max_length=3000, blank=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("betrokkenheidsmeting")
        verbose_name_plural = _("betrokkenheidsmetingen")
        ordering = ["municipality", "title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A survey item: a statement scored 1–10 or on a 5-point scale, or the one open question."""

    class Scale(models.TextChoices):
        TEN = "ten", _("cijfer van 1 tot en met 10")
        FIVE = "five", _("vijf punten (helemaal oneens … helemaal eens)")
        OPEN = "open", _("open vraag")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions",
                               verbose_name=_("meting"))
    key = models.SlugField(_("sleutel"), max_length=50,
                           help_text=_("Korte vaste naam, bijvoorbeeld 'betrokken'. Blijft gelijk tussen metingen."))
    text = models.CharField(_("vraag of stelling"), max_length=300)
    scale = models.CharField(_("schaal"), max_length=5, choices=Scale.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    required = models.BooleanField(_("verplicht"), default=False)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="evaluation_question_key_per_survey"),
            models.UniqueConstraint(fields=["survey"], condition=Q(scale="open"),
                                    name="evaluation_one_open_question"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def maximum(self) -> int | None:
        return {"ten": 10, "five": 5}.get(self.scale)


class Wave(models.Model):
    """A round of the survey: the baseline before district-oriented working, then yearly ones."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("nulmeting")
        FOLLOW_UP = "follow_up", _("vervolgmeting")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves", verbose_name=_("meting"))
    name = models.CharField(_("naam"), max_length=100, help_text=_("Bijvoorbeeld 'Nulmeting 2018'."))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.FOLLOW_UP)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    with_account = models.BooleanField(_("invullen met een account"), default=True)
    with_code = models.BooleanField(_("invullen met een code uit een brief"), default=False)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("meetronde")
        verbose_name_plural = _("meetrondes")
        ordering = ["survey", "opens_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                   name="evaluation_wave_closes_after_open"),
        ]

    def __str__(self) -> str:
        return self.name


class Respondent(models.Model):
    """That someone answered a wave, and nothing more: a keyed hash of the account or code, unique per wave."""

    class Way(models.TextChoices):
        ACCOUNT = "account", _("account")
        CODE = "code", _("code")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="respondents")
    token = models.CharField(max_length=64)
    way = models.CharField(max_length=8, choices=Way.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "token"], name="evaluation_one_answer_per_wave")]

    def __str__(self) -> str:
        return str(_("deelnemer"))


class Response(models.Model):
    """One filled-in survey without who: the wave and the district the resident lives in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    is_example = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["wave", "district"], name="evaluation_response_cell")]

    def __str__(self) -> str:
        return str(_("ingevulde meting"))


class Answer(models.Model):
    """A scored answer. Wave and district are copied from the response so results aggregate without a join."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["question", "wave", "district", "value"], name="evaluation_answer_cell")]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="evaluation_answer_once"),
            models.CheckConstraint(condition=Q(value__gte=1) & Q(value__lte=10), name="evaluation_answer_range"),
        ]

    def __str__(self) -> str:
        return str(self.value)


class OpenAnswer(models.Model):
    """The answer to the open question, apart from the scored ones (no link to the response, so a quote cannot be
    tied to a pattern of scores). Shown only after a moderator approved it, in its anonymised form."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op moderatie")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgewezen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="open_answers")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="open_answers")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+", verbose_name=_("wijk"))
    text = models.TextField(_("antwoord"), max_length=2000)
    public_text = models.TextField(
        _("geanonimiseerd antwoord"), max_length=2000, blank=True,
        help_text=_("Zoals het getoond wordt: zonder namen, adressen of andere herkenbare gegevens."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_at = models.DateTimeField(_("gemodereerd op"), null=True, blank=True, editable=False)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("open antwoord")
        verbose_name_plural = _("open antwoorden")
        indexes = [models.Index(fields=["wave", "status"], name="evaluation_open_queue")]

    def __str__(self) -> str:
        return self.public_text or str(_("open antwoord"))


class SurveyCode(models.Model):
    """A single-use code from a letter, for a wave and the district the letter went to. Only a keyed hash of the
    code is stored."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("verstuurd")
        USED = "used", _("gebruikt")
        VOID = "void", _("vervallen")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="codes")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ISSUED)

    class Meta:
        verbose_name = _("meetcode")
        verbose_name_plural = _("meetcodes")

    def __str__(self) -> str:
        return str(_("meetcode"))


class Profile(models.Model):
    """A municipality's district profile (after Rotterdam's Wijkprofiel): themes, each scored half from CBS key
    figures (objective) and half from survey answers (subjective), indexed so the baseline is 100."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="district_profile",
                                        verbose_name=_("gemeente"))
    title = models.CharField(_("titel"), max_length=150, default=_("Wijkprofiel"))
    baseline_wave = models.ForeignKey(Wave, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                      verbose_name=_("nulmeting"),
                                      help_text=_("De meetronde waarvan de gemeente als geheel 100 is."))
    subjective_share = models.PositiveSmallIntegerField(
        _("aandeel oordeel van inwoners (%)"), default=50,
        help_text=_("Hoeveel procent van elk thema uit de betrokkenheidsmeting komt; de rest uit CBS-cijfers."))
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("wijkprofiel")
        verbose_name_plural = _("wijkprofielen")
        constraints = [models.CheckConstraint(condition=Q(subjective_share__lte=100),
                                              name="evaluation_profile_share_percent")]

    def __str__(self) -> str:
        return self.title


class ProfileTheme(models.Model):
    """A theme of the profile, e.g. physical, safety, social."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="themes",
                                verbose_name=_("wijkprofiel"))
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("thema van het wijkprofiel")
        verbose_name_plural = _("thema's van het wijkprofiel")
        ordering = ["profile", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProfileIndicator(models.Model):
    """One ingredient of a theme: a CBS key figure of the district (objective) or a survey question's mean
    (subjective), with its weight within its half and its direction. `baseline` is the municipality-wide value
    when the baseline was fixed (services.profile.baseline_fix); index = 100 at that value."""

    class Source(models.TextChoices):
        CBS = "cbs", _("CBS-kerncijfer (objectief)")
        SURVEY = "survey", _("betrokkenheidsmeting (oordeel van inwoners)")

    theme = models.ForeignKey(ProfileTheme, on_delete=models.CASCADE, related_name="indicators",
                              verbose_name=_("thema"))
    label = models.CharField(_("naam"), max_length=150)
    source = models.CharField(_("bron"), max_length=6, choices=Source.choices)
    cbs_key = models.CharField(_("CBS-kerncijfer"), max_length=60, blank=True)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                 verbose_name=_("vraag"))
    weight = models.FloatField(_("gewicht"), default=1.0)
    higher_is_better = models.BooleanField(_("hoger is beter"), default=True)
    baseline = models.FloatField(_("waarde bij de nulmeting"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["theme", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="cbs") & ~Q(cbs_key="") & Q(question__isnull=True))
                | (Q(source="survey") & Q(question__isnull=False)),
                name="evaluation_indicator_has_source"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="evaluation_indicator_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class Decision(models.Model):
    """A choice the college made from the evaluation ("wijkwethouder blijft", "fietstochten met wijkpartners in
    elke wijk"), linked to districts and measures, with an owner, a date and its follow-up. A decision that gives a
    district another district alderman carries the change; services.decisions applies it through governance's
    services (history kept) and links the resulting assignment."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in uitvoering")
        DONE = "done", _("uitgevoerd")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="evaluation_decisions",
                                     verbose_name=_("gemeente"))
    title = models.CharField(_("besluit"), max_length=200)
    explanation = models.TextField(_("toelichting"), max_length=5000, blank=True)
    decided_on = models.DateField(_("besloten op"))
    districts = models.ManyToManyField(District, blank=True, related_name="evaluation_decisions",
                                       verbose_name=_("wijken"), help_text=_("Leeg: de hele gemeente."))
    measures = models.JSONField(_("maatstaven"), default=list, blank=True,
                                help_text=_("De sleutels van de maatstaven waarop het besluit steunt."))
    owner = models.ForeignKey(Alderman, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("eigenaar (bestuurder)"))
    owner_department = models.CharField(_("eigenaar (afdeling)"), max_length=150, blank=True)
    due_date = models.DateField(_("uitgevoerd op (uiterlijk)"), null=True, blank=True)
    status = models.CharField(_("stand"), max_length=12, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True, editable=False)
    done_note = models.CharField(_("toelichting bij de uitvoering"), max_length=300, blank=True)
    is_public = models.BooleanField(_("openbaar"), default=True)
    # A change of district alderman that follows from the decision.
    new_alderman = models.ForeignKey(Alderman, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("nieuwe wijkwethouder"))
    reassigned_district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("wijk met een andere wijkwethouder"))
    reassign_from = models.DateField(_("nieuwe wijkwethouder vanaf"), null=True, blank=True)
    assignment = models.ForeignKey(DistrictAssignment, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("besluit uit de evaluatie")
        verbose_name_plural = _("besluiten uit de evaluatie")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "in_progress"]) | Q(done_at__isnull=False),
                                   name="evaluation_decision_done_has_time"),
            models.CheckConstraint(
                condition=(Q(new_alderman__isnull=True) & Q(reassigned_district__isnull=True)
                           & Q(reassign_from__isnull=True))
                | (Q(new_alderman__isnull=False) & Q(reassigned_district__isnull=False)
                   & Q(reassign_from__isnull=False)),
                name="evaluation_decision_reassignment_complete"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        return self.owner.name if self.owner_id else self.owner_department


class Report(models.Model):
    """The report for the college ("Evaluatie wijkgericht werken <period>"), made in the background (tasks.py):
    its progress for the page that polls it, then the PDF and the tables it was built from (for the workbook and
    the CSV files). Who asked for it is not kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="evaluation_reports",
                                     verbose_name=_("gemeente"))
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    status = models.CharField(_("stand"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("bezig met"), max_length=200, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    tables = models.JSONField(default=list, blank=True, editable=False)
    error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluatierapport")
        verbose_name_plural = _("evaluatierapporten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="evaluation_report_period"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="evaluation_report_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"


class DayFigure(models.Model):
    """The daily rollup of the evaluation's item measures: per municipality, district, day (in the site's time zone),
    item kind and theme, the items submitted that day (without those refused at moderation) and how many of them the
    district team answered within ANSWER_DAYS; with kind "" the supports given that day to the district's items.
    Kept right by evaluation.rollup in the same transaction as participation's writes (signals), rebuilt in full by
    `rollup.rebuild` (the command evaluation_rollup) after history written by hand. The measures read a few thousand
    of these rows instead of every item (bench/evaluation). Plain ids, no foreign keys: rows follow deletions through
    the same refresh, and never stand in the way of deleting a municipality."""

    municipality_id = models.IntegerField()
    district_id = models.IntegerField()
    day = models.DateField()
    kind = models.CharField(max_length=12, blank=True)
    # The items' theme (an item keeps its theme): the portfolio filter counts the rows of its themes.
    theme_id = models.IntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    supports = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dagcijfer")
        verbose_name_plural = _("dagcijfers")
        indexes = [models.Index(fields=["municipality_id", "day"], name="evaluation_dayfigure_day")]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.district_id}/{self.day}/{self.kind}"


class SurveyTally(models.Model):
    """The involvement survey counted per wave, district and scored question: the answers' number, sum and sum of
    squares (enough for a mean and its 95 % interval, and the cells add up exactly); with no question, the responses.
    Answers are never changed once stored, so a tally is exact. Kept by evaluation.tallies after each response
    commits (services.survey), rebuilt by `tallies.rebuild` after answers written past it (the demo, the bench,
    the command evaluation_rollup). The measures read a few hundred rows instead of every answer (issue #13)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, related_name="+")
    n = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    squares = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("telling van de meting")
        verbose_name_plural = _("tellingen van de meting")
        indexes = [models.Index(fields=["wave", "question", "district"], name="evaluation_tally_cell")]

    def __str__(self) -> str:
        return f"{self.wave_id}/{self.district_id}/{self.question_id}"
