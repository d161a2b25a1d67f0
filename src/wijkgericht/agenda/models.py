"""Getting to know the district: partners, activities with RSVP and a waiting list, what residents ask for
("nodig uw wijkwethouder uit"), visit reports with follow-up actions, and the district agenda (wijkagenda).

Public on the site: partners' organisation data, public activities, requests, published report summaries and the
agenda. Staff only: partners' contact persons, invitation-only activities, reports' impressions and actions.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.core.support import SupportBase
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman, Portfolio


class Partner(models.Model):
    """An organisation active in one or more districts (wijkpartner)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("politie")
        HOUSING = "housing", _("woningcorporatie")
        WELFARE = "welfare", _("welzijn")
        CARE = "care", _("zorg")
        SCHOOL = "school", _("school")
        SPORTS_CLUB = "sports_club", _("sportvereniging")
        RESIDENTS = "residents", _("bewonersorganisatie")
        BUSINESS = "business", _("ondernemer")
        OTHER = "other", _("anders")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    districts = models.ManyToManyField(District, related_name="partners", verbose_name=_("wijken"), blank=True)
    description = models.TextField(_("wat ze doen in de wijk"), blank=True, max_length=2000)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("actief"), default=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("wijkpartner")
        verbose_name_plural = _("wijkpartners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact person at a partner: personal data, shown to staff only and never on public pages or the API."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name=_("wijkpartner"))
    name = models.CharField(_("naam"), max_length=150)
    role = models.CharField(_("functie"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"


class ActivityKind(models.Model):
    """The forms a meeting with the district can take; each municipality keeps its own list."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=80)
    slug = models.SlugField(_("slug"))
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("soort activiteit")
        verbose_name_plural = _("soorten activiteiten")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="activitykind_unique_slug")]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        CANCELLED = "cancelled", _("afgelast")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, verbose_name=_("soort"))
    title = models.CharField(_("titel"), max_length=150)
    description = models.TextField(_("omschrijving"), max_length=5000, blank=True)
    districts = models.ManyToManyField(District, related_name="activities", verbose_name=_("wijken"))
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    place = models.CharField(_("plaats"), max_length=200, help_text=_("Adres of herkenbare plek."))
    # The address, for residents finding their way and for calendar apps and route planners (all optional: a
    # cycling tour or a walk through a park has a meeting point, not an address).
    street = models.CharField(_("straat"), max_length=150, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    town = models.CharField(_("woonplaats"), max_length=100, blank=True)
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    hosts = models.ManyToManyField(Alderman, related_name="activities", verbose_name=_("gastheren/-vrouwen"),
                                   blank=True)
    invited_partners = models.ManyToManyField(Partner, related_name="invitations", blank=True,
                                              verbose_name=_("uitgenodigde wijkpartners"))
    is_public = models.BooleanField(_("openbaar"), default=True,
                                    help_text=_("Niet openbaar: alleen op uitnodiging, niet in de agenda."))
    capacity = models.PositiveIntegerField(_("aantal plaatsen"), null=True, blank=True,
                                           help_text=_("Leeg: geen aanmelding nodig of onbeperkt."))
    registration_open = models.BooleanField(_("aanmelden mogelijk"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(_("reden van afgelasten"), max_length=300, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, help_text="RFC 5545 SEQUENCE: raised on every change.")
    request = models.ForeignKey("MeetingRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="activities", verbose_name=_("op verzoek van inwoners"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["municipality", "starts_at"], name="activity_agenda")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def took_place(self) -> bool:
        """It has ended and was not cancelled."""
        return self.ends_at < timezone.now() and self.status != self.Status.CANCELLED

    @property
    def address(self) -> str:
        """"Middenbaan 12, 2991 CD Barendrecht", as much as is known; "" without an address."""
        street = " ".join(p for p in (self.street, self.house_number) if p)
        town = " ".join(p for p in (self.postcode, self.town) if p)
        return ", ".join(p for p in (street, town) if p)

    @property
    def location(self) -> str:
        """The place and its address in one line (a calendar's LOCATION), without repeating what the place says."""
        address = self.address
        if not address or address.casefold() in self.place.casefold():
            return self.place
        return f"{self.place}, {address}"


class Registration(models.Model):
    """A resident's RSVP: confirmed while there is room, else on the waiting list in order of arrival."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("aangemeld")
        WAITLISTED = "waitlisted", _("op de wachtlijst")
        CANCELLED = "cancelled", _("afgemeld")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], condition=~Q(status="cancelled"),
                                    name="registration_one_active_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.activity_id} ({self.status})"


class MeetingRequest(models.Model):
    """Residents invite their district alderman ("nodig uw wijkwethouder uit"): which form, which topic, where."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op controle")  # a resident's invitation, moderated like an idea (issue #14)
        OPEN = "open", _("open")
        REJECTED = "rejected", _("niet geplaatst")
        PLANNED = "planned", _("ingepland")
        DECLINED = "declined", _("niet ingepland")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="meeting_requests",
                                 verbose_name=_("wijk"))
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, verbose_name=_("vorm"))
    topic = models.CharField(_("onderwerp"), max_length=200)
    place = models.CharField(_("waar"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="meeting_requests")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("antwoord"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("verzoek om kennismaking")
        verbose_name_plural = _("verzoeken om kennismaking")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic


class RequestSupport(SupportBase):
    """A resident backs a meeting request; one per resident per request (the mechanism: `core.support`)."""

    support_target = "request"
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="supports")

    class Meta:
        verbose_name = _("steun voor verzoek")
        verbose_name_plural = _("steun voor verzoeken")
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="request_support_once")]


class VisitReport(models.Model):
    """What an activity brought: attendance, impressions (internal), topics, and an optional public summary."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="report",
                                    verbose_name=_("activiteit"))
    attendance = models.PositiveIntegerField(_("aantal aanwezigen"), default=0)
    partners_present = models.ManyToManyField(Partner, blank=True, related_name="+",
                                              verbose_name=_("aanwezige wijkpartners"))
    impressions = models.TextField(_("indrukken (intern)"), blank=True, max_length=10000)
    public_summary = models.TextField(_("openbare samenvatting"), blank=True, max_length=5000)
    summary_published = models.BooleanField(_("samenvatting openbaar"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self) -> str:
        return str(self.activity)

    @property
    def municipality_id(self) -> int:
        return self.activity.municipality_id


class AgendaItem(models.Model):
    """One of the district's current priorities (wijkagenda), with where it came from."""

    class Source(models.TextChoices):
        RESIDENTS = "residents", _("ideeën en meldingen van inwoners")
        VISIT = "visit", _("kennismaking of verslag")
        PARTNER = "partner", _("wijkpartner")
        OTHER = "other", _("anders")

    class Status(models.TextChoices):
        NEW = "new", _("nieuw")
        ACTIVE = "active", _("mee bezig")
        DONE = "done", _("afgerond")

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="agenda_items",
                                 verbose_name=_("wijk"))
    title = models.CharField(_("prioriteit"), max_length=150)
    description = models.TextField(_("toelichting"), blank=True, max_length=3000)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    source_item = models.ForeignKey("participation.Item", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("inbreng"))
    source_report = models.ForeignKey(VisitReport, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("verslag"))
    source_partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("wijkpartner"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    portfolio = models.ForeignKey(Portfolio, on_delete=models.SET_NULL, null=True, blank=True,
                                  verbose_name=_("portefeuille"))
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("punt op de wijkagenda")
        verbose_name_plural = _("wijkagenda")
        ordering = ["district", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportTopic(models.Model):
    """A topic raised during a visit; it can be promoted to the district agenda or linked to a resident item."""

    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="topics")
    text = models.CharField(_("onderwerp"), max_length=300)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    item = models.ForeignKey("participation.Item", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("gekoppelde inbreng"))

    class Meta:
        verbose_name = _("besproken onderwerp")
        verbose_name_plural = _("besproken onderwerpen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class FollowUpAction(models.Model):
    """What was agreed, who does it (a person, a department or a partner), by when, in which portfolio."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("gedaan")

    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("wat"), max_length=300)
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="follow_up_actions", verbose_name=_("eigenaar (persoon)"))
    owner_department = models.CharField(_("eigenaar (afdeling)"), max_length=150, blank=True)
    owner_partner = models.ForeignKey(Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                      verbose_name=_("eigenaar (wijkpartner)"))
    due_date = models.DateField(_("klaar op"))
    portfolio = models.ForeignKey(Portfolio, on_delete=models.SET_NULL, null=True, blank=True,
                                  verbose_name=_("portefeuille"))
    status = models.CharField(_("status"), max_length=5, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    done_note = models.CharField(_("toelichting"), max_length=300, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="action_overdue")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner_user__isnull=False) | ~Q(owner_department="") | Q(owner_partner__isnull=False)),
                name="action_has_an_owner"),
            models.CheckConstraint(condition=Q(status="open") | Q(done_at__isnull=False), name="action_done_has_time"),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def owner_label(self) -> str:
        if self.owner_user_id:
            return self.owner_user.pseudonym
        if self.owner_partner_id:
            return self.owner_partner.name
        return self.owner_department
