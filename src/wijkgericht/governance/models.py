"""The executive board: terms, aldermen (the mayor too), portfolios, and who is district alderman where, when.

District assignments are history: they are appended and closed, never rewritten. On PostgreSQL an exclusion
constraint (migration 0002) makes overlapping assignments for one district impossible even under races; on every
database `services.district_alderman_assign` enforces the same rule with a row lock, and a partial unique index
allows at most one open-ended assignment per district.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import District, Municipality


class Term(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=50, help_text=_("Bijvoorbeeld 2018–2022."))
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"), null=True, blank=True)
    coalition_agreement = models.CharField(_("coalitieakkoord"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("collegeperiode")
        verbose_name_plural = _("collegeperiodes")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="term_unique_name"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                                   name="term_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Portfolio(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("portefeuille")
        verbose_name_plural = _("portefeuilles")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="portfolio_unique_name")]

    def __str__(self) -> str:
        return self.name


class Alderman(models.Model):
    """A member of the executive board: an alderman (wethouder) or the mayor (burgemeester)."""

    class Role(models.TextChoices):
        ALDERMAN = "alderman", _("wethouder")
        MAYOR = "mayor", _("burgemeester")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    role = models.CharField(_("functie"), max_length=10, choices=Role.choices, default=Role.ALDERMAN)
    party = models.CharField(_("partij"), max_length=100, blank=True)
    photo = models.ImageField(_("foto"), upload_to="aldermen/", blank=True)
    email = models.EmailField(_("e-mailadres (zakelijk)"), blank=True)
    phone = models.CharField(_("telefoonnummer (zakelijk)"), max_length=30, blank=True)
    terms = models.ManyToManyField(Term, verbose_name=_("collegeperiodes"), related_name="aldermen", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="alderman",
        verbose_name=_("account"), help_text=_("Het account waarmee deze wethouder zich aanmeldt."),
    )

    class Meta:
        verbose_name = _("wethouder")
        verbose_name_plural = _("wethouders")
        ordering = ["role", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="alderman_unique_slug")]

    def __str__(self) -> str:
        return self.name


class PortfolioHolding(models.Model):
    """An alderman holds a portfolio within a term."""

    alderman = models.ForeignKey(Alderman, on_delete=models.CASCADE, related_name="holdings",
                                 verbose_name=_("wethouder"))
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="holdings",
                                  verbose_name=_("portefeuille"))
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="holdings", verbose_name=_("collegeperiode"))
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("portefeuilleverdeling")
        verbose_name_plural = _("portefeuilleverdeling")
        ordering = ["portfolio__name"]
        constraints = [
            models.UniqueConstraint(fields=["alderman", "portfolio", "term"], name="holding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.alderman} – {self.portfolio} ({self.term})"


class DistrictAssignment(models.Model):
    """Alderman X is district alderman of district Y from `valid_from` up to and including `valid_to`."""

    alderman = models.ForeignKey(Alderman, on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("wethouder"))
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="assignments",
                                 verbose_name=_("wijk"))
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    is_example = models.BooleanField(_("voorbeeldgegevens"), default=False)
    note = models.CharField(_("toelichting of bron"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wijkwethouderschap")
        verbose_name_plural = _("wijkwethouderschappen")
        ordering = ["district", "-valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="assignment_to_not_before_from"),
            models.UniqueConstraint(fields=["district"], condition=Q(valid_to__isnull=True),
                                    name="assignment_one_open_per_district"),
            models.UniqueConstraint(fields=["district", "valid_from"], name="assignment_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.alderman} – {self.district} ({self.valid_from}–{self.valid_to or ''})"
