"""What residents bring in (ideas, reports, resident initiatives), what happens to it, and the portfolio holder's
advice. Status changes and advice are appended, never edited: together they are the item's public timeline."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.core.support import SupportBase
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation import workflow

STATUS_LABELS = {
    workflow.SUBMITTED: _("ingediend"),
    workflow.PUBLISHED: _("gepubliceerd"),
    workflow.REJECTED: _("afgewezen door moderatie"),
    workflow.UNDER_CONSIDERATION: _("in behandeling bij het wijkteam"),
    workflow.COORDINATION: _("advies gevraagd aan de wethouder van het onderwerp"),
    workflow.ACCEPTED: _("goedgekeurd"),
    workflow.DECLINED: _("niet goedgekeurd"),
    workflow.IN_PROGRESS: _("in uitvoering"),
    workflow.DONE: _("klaar"),
    workflow.REOPENED: _("heropend: nog niet opgelost"),
}
STATUS_CHOICES = [(status, STATUS_LABELS[status]) for status in workflow.STATUSES]


class Theme(models.Model):
    """What an item is about; each theme belongs to a portfolio, whose holder is asked for advice."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), help_text=_("Korte naam in het adres en in Open311 (servicecode)."))
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, verbose_name=_("portefeuille"),
        help_text=_("De houder van deze portefeuille wordt om advies gevraagd over inbreng met dit thema."),
    )
    icon = models.CharField(
        _("pictogram"), max_length=8, blank=True,
        help_text=_("Optioneel: één teken (bijvoorbeeld een emoji) dat inwoners vóór de naam zien."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder in de keuzelijst; gelijk: op naam."),
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="theme_unique_slug",
                                    violation_error_message=_("Deze gemeente heeft al een thema met deze slug.")),
            models.UniqueConstraint(fields=["municipality", "name"], name="theme_unique_name",
                                    violation_error_message=_("Deze gemeente heeft al een thema met deze naam.")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as residents choose it: with its icon in front, when it has one."""
        return f"{self.icon} {self.name}" if self.icon else self.name


class Item(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("idee")
        REPORT = "report", _("melding")
        INITIATIVE = "initiative", _("bewonersinitiatief")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="items", verbose_name=_("wijk"))
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True,
                                      verbose_name=_("buurt"))
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=120)
    description = models.TextField(_("omschrijving"), max_length=5000)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("thema"))
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    needs_decision = models.BooleanField(
        _("vraagt geld of een besluit"), default=False,
        help_text=_("Dan beslist het wijkteam pas na advies van de portefeuillehouder van het thema."),
    )
    # What the submitter asked, kept apart from needs_decision, which a merged-in request also sets: so the requests
    # an item joins are listed once each (selectors.requested).
    asks_itself = models.BooleanField(_("vraagt zelf geld of een besluit"), default=False, editable=False)
    amount_requested = models.DecimalField(_("gevraagd bedrag (€)"), max_digits=10, decimal_places=2, null=True,
                                           blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=workflow.SUBMITTED)
    # Raised each time the item (re-)enters consideration: published, reopened, or a request merged into it. Only
    # advice asked and answered in the current round lets the district team decide (workflow.py).
    consideration_round = models.PositiveIntegerField(_("behandelronde"), default=0, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="items", verbose_name=_("indiener"))
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged",
                                    verbose_name=_("samengevoegd met"))
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), default=timezone.now)
    # Moments of the item's history kept on the item (set by services in the same transaction as the status change,
    # never moved by a reopening; services.item_moments_refresh recomputes them from the StatusChange rows): the
    # district team's first answer (workflow.ANSWERS) and first decision (workflow.DECISIONS). The evaluation's
    # measures read these instead of searching the history of every item (bench/evaluation).
    first_answer_at = models.DateTimeField(_("eerste keer opgepakt op"), null=True, blank=True, editable=False)
    first_decision_at = models.DateTimeField(_("eerste besluit op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")
        ordering = ["-created_at"]
        indexes = [
            # A district's public list, newest first (bench/participation: the page query and its count).
            models.Index(fields=["district", "-created_at", "-id", "status"], condition=models.Q(
                merged_into__isnull=True), name="item_public_list"),
            models.Index(fields=["status", "status_changed_at"], name="item_status_waiting"),
            # The moderators' queue, oldest first, a page at a time (the staff inbox): only the submissions.
            models.Index(fields=["municipality", "created_at", "id"], name="item_moderation_queue",
                         condition=models.Q(status="submitted", merged_into__isnull=True)),
            # The evaluation's measures: items submitted in a period (counted per district, kind, status, answered
            # in time: covered on PostgreSQL, so an index-only scan) and items first decided in a period.
            models.Index(fields=["municipality", "created_at"], name="item_submitted",
                         include=["district", "status", "kind", "first_answer_at"]),
            models.Index(fields=["municipality", "first_decision_at"], name="item_first_decision",
                         include=["district", "created_at"], condition=models.Q(first_decision_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public_status(self) -> str:
        """The status as residents read it: in coordination, whether the portfolio holder has answered yet."""
        if self.status == workflow.COORDINATION and self.current_advice().exclude(answer="").exists():
            return str(_("advies ontvangen, het wijkteam besluit"))
        return str(STATUS_LABELS[self.status])

    def current_advice(self) -> models.QuerySet[AdviceRequest]:
        """Advice requests of the current consideration round: the only ones that count for a decision."""
        return self.advice_requests.filter(round=self.consideration_round)


class StatusChange(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="changes")
    source = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    target = models.CharField(max_length=20, choices=STATUS_CHOICES)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    public_note = models.TextField(_("toelichting voor inwoners"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        # The evaluation: changes to a status within a period (items reported done, reopened after).
        indexes = [models.Index(fields=["target", "created_at"], name="statuschange_target_moment")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.source or '–'} → {self.target}"


class AdviceRequest(models.Model):
    class Answer(models.TextChoices):
        AGREE = "agree", _("akkoord")
        CONDITIONS = "conditions", _("akkoord onder voorwaarden")
        OBJECT = "object", _("bezwaar")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="advice_requests")
    # The item's place, copied when the advice is asked (an item never changes municipality or district), so the
    # evaluation counts advice per municipality and district without joining every item (issue #13).
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", editable=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+", editable=False)
    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, verbose_name=_("portefeuille"))
    question = models.TextField(_("vraag"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # The item's consideration round when this was asked; an advice of an earlier round no longer counts.
    round = models.PositiveIntegerField(_("behandelronde"), default=0, editable=False)
    answer = models.CharField(_("advies"), max_length=12, choices=Answer.choices, blank=True)
    reasoning = models.TextField(_("onderbouwing"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("adviesvraag")
        verbose_name_plural = _("adviesvragen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer="") | (models.Q(answered_at__isnull=False) & ~models.Q(reasoning="")),
                name="advice_answer_has_reasoning_and_time",
            ),
        ]
        # The evaluation's coordination measures select a municipality's period by when advice was asked or given,
        # grouped by district or portfolio (issue #13): on PostgreSQL the index alone answers the counts.
        indexes = [models.Index(fields=["municipality", "requested_at"], name="advice_requested_at",
                                include=["district", "portfolio"]),
                   models.Index(fields=["municipality", "answered_at"], name="advice_answered_at",
                                include=["district", "portfolio", "answer"])]

    def __str__(self) -> str:
        return f"{self.item} – {self.portfolio}"

    def save(self, *args, **kwargs) -> None:
        if self.municipality_id is None or self.district_id is None:  # the item's place (see the fields)
            self.municipality_id, self.district_id = (
                Item.objects.filter(pk=self.item_id).values_list("municipality_id", "district_id").get())
        super().save(*args, **kwargs)

    @property
    def lapsed(self) -> bool:
        """Asked in an earlier consideration round: it no longer counts for a decision (workflow.py)."""
        return self.round < self.item.consideration_round


class Support(SupportBase):
    """A resident backs an item; one per resident per item (the mechanism: `core.support`)."""

    support_target = "item"
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="supports")

    class Meta:
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="support_once")]


class Follow(models.Model):
    """A resident (or staff member) gets notified of what happens to an item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} volgt {self.item_id}"


class Comment(models.Model):
    """A reaction on an item; public only after a moderator approved it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op moderatie")
        APPROVED = "approved", _("geplaatst")
        REJECTED = "rejected", _("niet geplaatst")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="comments")
    body = models.TextField(_("reactie"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.CharField(_("reden"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="comment_moderation_queue")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.body[:40]}"


class Photo(models.Model):
    """A photo with an item, re-encoded on upload (no EXIF, no location, no camera data kept)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="items/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("wat staat er op de foto?"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class SolvedFeedback(models.Model):
    """After an item was marked done, its submitter and followers say whether it is really solved."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="solved_feedback")
    done_change = models.ForeignKey(StatusChange, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    solved = models.BooleanField(_("opgelost"))
    comment = models.TextField(_("toelichting"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("is het opgelost?")
        verbose_name_plural = _("is het opgelost?")
        constraints = [models.UniqueConstraint(fields=["done_change", "user"], name="solved_feedback_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {'opgelost' if self.solved else 'niet opgelost'}"


class ResponseTerm(models.Model):
    """What a municipality promises a resident right after submitting: the district team looks at a new item within
    this many working days (the receipt page and mail say so, with the date). One row per municipality, set in the
    back office; without one the default applies (services.response_term)."""

    DEFAULT_WORKING_DAYS = 5

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="response_term",
                                        verbose_name=_("gemeente"))
    working_days = models.PositiveSmallIntegerField(
        _("werkdagen tot de eerste reactie"), default=DEFAULT_WORKING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Binnen zoveel werkdagen na het indienen bekijkt het wijkteam een idee of melding. Inwoners "
                    "lezen dit na het indienen, met de datum."),
    )

    class Meta:
        verbose_name = _("termijn voor de eerste reactie")
        verbose_name_plural = _("termijnen voor de eerste reactie")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.working_days}"


class ItemDraft(models.Model):
    """An item written before its author could submit it ("write first, sign in after"): kept for an account whose
    e-mail address is not confirmed yet, and submitted by `drafts.drafts_submit` the moment it is. The text stays
    here only until then; the account's erasure removes it (personal_data)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("concept van inbreng")
        verbose_name_plural = _("concepten van inbreng")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.data.get('title', '')}"


class Flag(models.Model):
    """A resident reports an item or a reaction as abusive (insulting, personal data, advertising, …); the
    moderators see the report in their queue and handle it once."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("beledigend, discriminerend of bedreigend")
        PRIVACY = "privacy", _("noemt iemand of toont persoonlijke gegevens")
        SPAM = "spam", _("reclame of onzin")
        OTHER = "other", _("iets anders")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    reason = models.CharField(_("reden"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("toelichting"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("melding van misbruik")
        verbose_name_plural = _("meldingen van misbruik")
        ordering = ["created_at", "pk"]
        constraints = [
            # one open report per resident and target: a second click adds nothing
            models.UniqueConstraint(fields=["item", "reporter"], condition=models.Q(
                comment__isnull=True, handled_at__isnull=True), name="flag_item_open_once"),
            models.UniqueConstraint(fields=["comment", "reporter"], condition=models.Q(
                comment__isnull=False, handled_at__isnull=True), name="flag_comment_open_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.comment_id or '-'}: {self.reason}"
