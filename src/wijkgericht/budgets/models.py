"""District budget rounds (wijkbudget): rounds with their district shares, proposals backed by residents' items,
secret ballots, voting codes, the published result and the realisation of what was chosen.

Ballot secrecy is a property of this schema (tests/test_secrecy.py checks it): who voted (`Voter`: a keyed hash per
person, "has voted") and what was voted (`Ballot`) are stored apart, with no foreign key between them, no time
stamps, and random primary keys, so neither a join nor an order links a ballot to a person."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets import workflow
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.participation.models import Item

PHASE_LABELS = {
    workflow.DRAFT: _("in voorbereiding"),
    workflow.PROPOSALS: _("voorstellen indienen"),
    workflow.REVIEW: _("voorstellen beoordelen"),
    workflow.VOTING: _("stemmen"),
    workflow.RESULT: _("uitslag"),
    workflow.REALISATION: _("uitvoering"),
}
PROPOSAL_STATUS_LABELS = {
    workflow.SUBMITTED: _("ingediend"),
    workflow.FEASIBLE: _("haalbaar"),
    workflow.NOT_FEASIBLE: _("niet haalbaar"),
    workflow.MERGED: _("samengevoegd"),
    workflow.WITHDRAWN: _("ingetrokken"),
    workflow.ADMITTED: _("op het stembiljet"),
    workflow.SELECTED: _("gekozen"),
    workflow.NOT_SELECTED: _("niet gekozen"),
}
REALISATION_LABELS = {
    workflow.PLANNED: _("gepland"),
    workflow.IN_PROGRESS: _("in uitvoering"),
    workflow.DONE: _("klaar"),
}


class Round(models.Model):
    """A budget round of one district, or of the municipality with a share per district (each district votes on its
    own share). Amount, shares, method, rule and ballot rules are fixed when it is published, and refused to change
    once voting has opened (services.round_update)."""

    class Method(models.TextChoices):
        APPROVAL = "approval", _("kies projecten (met een maximum aantal)")
        CART = "cart", _("kies projecten binnen het budget (winkelmandje)")
        POINTS = "points", _("verdeel punten")

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("meeste stemmen eerst")
        MES = "mes", _("gelijke delen (Method of Equal Shares)")

    class Completion(models.TextChoices):
        NONE = "none", _("geen aanvulling")
        ADD1 = "add1", _("budget per stemmer ophogen tot het geld op is (add1)")
        ADD1_UTILITARIAN = "add1-utilitarian", _("ophogen, daarna aanvullen op stemmen (add1-utilitarian)")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="budget_rounds",
                                     verbose_name=_("gemeente"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="budget_rounds", verbose_name=_("wijk"),
                                 help_text=_("Leeg: een ronde voor de hele gemeente, met een deel per wijk."))
    title = models.CharField(_("titel"), max_length=120)
    slug = models.SlugField(_("korte naam"), max_length=80)
    explanation = models.TextField(_("uitleg"), max_length=3000, blank=True,
                                   help_text=_("In gewone taal: waar het geld voor is en hoe u meebeslist. Staat ook "
                                               "in de brief met de stemcode."))
    amount = models.PositiveBigIntegerField(_("budget (€)"))
    proposals_from = models.DateField(_("voorstellen indienen vanaf"))
    review_from = models.DateField(_("beoordelen vanaf"))
    voting_from = models.DateField(_("stemmen vanaf"))
    voting_until = models.DateField(_("stemmen tot en met"))
    realisation_from = models.DateField(_("uitvoering vanaf"))
    phase = models.CharField(_("fase"), max_length=12, choices=list(PHASE_LABELS.items()), default=workflow.DRAFT,
                             editable=False)
    method = models.CharField(_("manier van stemmen"), max_length=10, choices=Method.choices, default=Method.CART)
    min_choices = models.PositiveSmallIntegerField(_("minimaal aantal projecten"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("maximaal aantal projecten"), null=True, blank=True)
    min_budget_share = models.PositiveSmallIntegerField(
        _("minimaal deel van het budget (%)"), default=0,
        help_text=_("Alleen bij het winkelmandje: zoveel procent van het budget moet de stemmer besteden."))
    points_total = models.PositiveSmallIntegerField(_("te verdelen punten"), null=True, blank=True)
    rule = models.CharField(_("telregel"), max_length=10, choices=Rule.choices, default=Rule.MES)
    completion = models.CharField(_("aanvulling"), max_length=20, choices=Completion.choices,
                                  default=Completion.ADD1)
    allow_change = models.BooleanField(_("stem wijzigen mag tot het stemmen sluit"), default=False)
    random_order = models.BooleanField(_("projecten in willekeurige volgorde per stemmer"), default=True)
    hide_counts = models.BooleanField(_("tussenstand verborgen tijdens het stemmen"), default=True)
    min_age = models.PositiveSmallIntegerField(_("minimumleeftijd"), default=16)
    include_workers = models.BooleanField(_("ook wie er werkt of studeert mag stemmen"), default=False)
    vote_with_account = models.BooleanField(_("stemmen met een account met geverifieerd adres"), default=True)
    vote_with_code = models.BooleanField(_("stemmen met een stemcode uit een brief"), default=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, editable=False)
    result_published_at = models.DateTimeField(_("uitslag gepubliceerd op"), null=True, blank=True, editable=False)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wijkbudgetronde")
        verbose_name_plural = _("wijkbudgetrondes")
        ordering = ["-voting_from", "title"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="budget_round_slug_per_municipality"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def schedule(self) -> workflow.Schedule:
        return workflow.Schedule(self.proposals_from, self.review_from, self.voting_from, self.voting_until,
                                 self.realisation_from)

    @property
    def phase_label(self) -> str:
        return str(PHASE_LABELS[self.phase])


class DistrictShare(models.Model):
    """A district's part of a round: its amount, its proposals and ballots. A district round has exactly one."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="shares", verbose_name=_("ronde"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="budget_shares",
                                 verbose_name=_("wijk"))
    amount = models.PositiveBigIntegerField(_("budget voor deze wijk (€)"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="+", verbose_name=_("buurten die mogen stemmen"),
        help_text=_("Leeg: alle buurten van de wijk."))

    class Meta:
        verbose_name = _("wijkdeel")
        verbose_name_plural = _("wijkdelen")
        ordering = ["round", "district__name"]
        constraints = [models.UniqueConstraint(fields=["round", "district"], name="budget_share_once_per_district")]

    def __str__(self) -> str:
        return f"{self.round} — {self.district}"


class Proposal(models.Model):
    """A project on (or on the way to) the ballot. Backed by a resident's item, which holds what the resident wrote
    (title, description, theme, place, the amount they estimated) and carries the advice of the theme's portfolio
    holder (participation's coordination rule, inbox and notifications to supporters and followers)."""

    share = models.ForeignKey(DistrictShare, on_delete=models.CASCADE, related_name="proposals",
                              verbose_name=_("wijkdeel"))
    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="budget_proposal",
                                verbose_name=_("inbreng"))
    cost = models.PositiveIntegerField(_("kosten volgens de gemeente (€)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=list(PROPOSAL_STATUS_LABELS.items()),
                              default=workflow.SUBMITTED)
    reason = models.TextField(_("toelichting bij de beoordeling"), max_length=2000, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged",
                                    verbose_name=_("samengevoegd met"))
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["share", "item__title"]

    def __str__(self) -> str:
        return self.item.title

    @property
    def status_label(self) -> str:
        return str(PROPOSAL_STATUS_LABELS[self.status])


class ProposalChange(models.Model):
    """A proposal's history: each review move and the count's, with its public reason."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="changes")
    source = models.CharField(max_length=14, choices=list(PROPOSAL_STATUS_LABELS.items()), blank=True)
    target = models.CharField(max_length=14, choices=list(PROPOSAL_STATUS_LABELS.items()))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.source or '—'} → {self.target}"


class RealisationUpdate(models.Model):
    """News on a selected project's realisation: planned, in progress, done, with a text and optionally a photo."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="updates",
                                 verbose_name=_("voorstel"))
    status = models.CharField(_("stand"), max_length=12, choices=list(REALISATION_LABELS.items()))
    text = models.TextField(_("bericht"), max_length=3000)
    photo = models.ImageField(_("foto"), upload_to="budgets/", blank=True)
    alt_text = models.CharField(_("wat staat er op de foto?"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.status}"


class Voter(models.Model):
    """That someone voted in a round, and nothing more: a keyed hash of who (account or voting code), unique per
    round (one ballot per voter, enforced here), and the neighbourhood for turnout. No time stamp, a random id, and
    no link to the ballot."""

    class Way(models.TextChoices):
        ACCOUNT = "account", _("account")
        CODE = "code", _("stemcode")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="voters")
    token = models.CharField(max_length=64)
    way = models.CharField(max_length=8, choices=Way.choices)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "token"], name="budget_one_voter_per_round")]

    def __str__(self) -> str:
        return str(_("stemmer"))


class Ballot(models.Model):
    """What one voter chose, without who: the proposals (ids as strings) with their points (1 for approval and the
    cart). A random id and no time stamp. `change_key` (a keyed hash of a different purpose than the voter's token)
    is set only in rounds that allow changing one's ballot, so the voter can find and replace it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    share = models.ForeignKey(DistrictShare, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=dict)
    change_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL: not changeable

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["share", "change_key"], condition=models.Q(change_key__isnull=False),
                                    name="budget_one_changeable_ballot_per_key"),
        ]

    def __str__(self) -> str:
        return str(_("stembiljet"))


class VotingCode(models.Model):
    """A single-use voting code from a letter. Only a keyed hash of the code is stored (the letter is the only
    place the code itself ever is), and a keyed hash of the address it was sent to, so a lost letter can be
    replaced (the old code is voided)."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("verstuurd")
        USED = "used", _("gebruikt")
        VOID = "void", _("vervallen")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    share = models.ForeignKey(DistrictShare, on_delete=models.CASCADE, related_name="codes")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ISSUED)

    class Meta:
        verbose_name = _("stemcode")
        verbose_name_plural = _("stemcodes")

    def __str__(self) -> str:
        return str(_("stemcode"))


class ResidentVerification(models.Model):
    """Where an account holder lives (or works or studies), verified: by the OIDC broker (DigiD) or by a civil
    servant who saw proof. Least data: the neighbourhood and the year of birth, never the address itself."""

    class Source(models.TextChoices):
        OIDC = "oidc", _("DigiD (via de inlogdienst)")
        STAFF = "staff", _("gecontroleerd door een medewerker")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="budget_verification", verbose_name=_("account"))
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("buurt"))
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"))
    works_or_studies = models.BooleanField(_("werkt of studeert hier (woont er niet)"), default=False)
    source = models.CharField(_("bron"), max_length=8, choices=Source.choices)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("gecontroleerd door"))
    verified_at = models.DateTimeField(_("gecontroleerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("geverifieerd adres")
        verbose_name_plural = _("geverifieerde adressen")

    def __str__(self) -> str:
        return str(self.neighbourhood)


class Result(models.Model):
    """A share's published count: the rule as computed, the selected proposals (ids, in the order the rule took
    them), each proposal's decision from the engine (code and numbers, worded in Dutch by the pages), the outcome the
    other rule would have given (for the council; never shown as the result), and turnout."""

    share = models.OneToOneField(DistrictShare, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(max_length=10)
    completion = models.CharField(max_length=20)
    selected = models.JSONField(default=list)
    decisions = models.JSONField(default=dict)
    alternative = models.JSONField(default=dict)
    voters = models.PositiveIntegerField(default=0)
    ballots = models.PositiveIntegerField(default=0)
    cost = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uitslag")
        verbose_name_plural = _("uitslagen")

    def __str__(self) -> str:
        return str(self.share)
