"""Municipalities, the statistical areas CBS publishes (wijk, buurt), and the districts a municipality works with.

CBS areas and districts are kept apart: CBS re-divides its areas from year to year, while a district (wijk) is the
municipality's own grouping of CBS neighbourhoods with its own face. Geometry is stored as GeoJSON (WGS84 lon/lat)
and handled in memory with shapely through `wijkgericht.geo`; no GDAL needed.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkgericht.core.colours import validate_colour_on_white

MUNICIPALITY_CODE = RegexValidator(r"^GM\d{4}$", _("Een gemeentecode is GM gevolgd door 4 cijfers, bijv. GM0489."))
CBS_DISTRICT_CODE = RegexValidator(r"^WK\d{4}[0-9A-Z]{2}$", _("Een CBS-wijkcode is WK, 4 cijfers van de gemeente en 2 tekens."))
NEIGHBOURHOOD_CODE = RegexValidator(r"^BU\d{4}[0-9A-Z]{4}$", _("Een CBS-buurtcode is BU, 4 cijfers van de gemeente en 4 tekens."))


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[MUNICIPALITY_CODE])
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    division_year = models.PositiveSmallIntegerField(
        _("jaar van de CBS-indeling"), null=True, blank=True,
        help_text=_("De CBS wijk- en buurtindeling waarop de wijken van de gemeente zijn gebouwd."),
    )
    boundary = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True, editable=False)
    # Raised by every change of boundaries or district membership: point-lookup indexes rebuild when it moves.
    geo_version = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every change of what the public pages show (faces, board, assignments): page caches key on it.
    content_version = models.PositiveIntegerField(default=0, editable=False)
    # The municipality's own identity (NL Design System tokens, core/colours.py): residents see whose site this is.
    publisher_name = models.CharField(
        _("naam als afzender"), max_length=100, blank=True,
        help_text=_("Zo staat de gemeente in de kop, de voettekst en de e-mails van de site, bijvoorbeeld "
                    "‘Gemeente Barendrecht’. Leeg: ‘Gemeente’ en de naam."),
    )
    logo = models.ImageField(
        _("logo"), upload_to="municipalities/", blank=True,
        help_text=_("Het logo in de kop van elke pagina, in PNG, WebP of JPEG (liefst PNG met doorzichtige "
                    "achtergrond). De site maakt het hoogstens 600 beeldpunten breed."),
    )
    favicon = models.ImageField(
        _("pictogram voor het tabblad (favicon)"), upload_to="municipalities/", blank=True,
        help_text=_("Een vierkante afbeelding in PNG, WebP of JPEG. Leeg: het pictogram van de site."),
    )
    brand_colour = models.CharField(
        _("huisstijlkleur"), max_length=7, blank=True, validators=[validate_colour_on_white],
        help_text=_("Voor de lijn onder de kop, knoppen en tellers, als # en zes tekens (bijvoorbeeld #00689e). "
                    "Witte tekst op deze kleur moet goed te lezen zijn. Leeg: de standaardkleuren."),
    )
    link_colour = models.CharField(
        _("kleur van links"), max_length=7, blank=True, validators=[validate_colour_on_white],
        help_text=_("Voor links in de tekst, als # en zes tekens. Moet op wit goed te lezen zijn. Leeg: de "
                    "standaardkleur."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def publisher(self) -> str:
        """Who publishes this site, as residents read it in the header, footer and mails: never the software."""
        return self.publisher_name or _("Gemeente %(name)s") % {"name": self.name}


class CbsArea(models.Model):
    """Common fields of CBS's statistical areas: code, name, boundary and key figures, for one year's division."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente"))
    year = models.PositiveSmallIntegerField(_("jaar van de indeling"))
    name = models.CharField(_("naam"), max_length=150)
    geometry = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True, editable=False)
    key_figures = models.JSONField(_("kerncijfers"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class CbsDistrict(CbsArea):
    """A CBS wijk (code WKggggww) as published for one year."""

    code = models.CharField(_("CBS-wijkcode"), max_length=8, validators=[CBS_DISTRICT_CODE])

    class Meta:
        verbose_name = _("CBS-wijk")
        verbose_name_plural = _("CBS-wijken")
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="cbsdistrict_unique_code_per_year")]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.year})"


class District(models.Model):
    """A district (wijk) as the municipality works with it: a named set of CBS neighbourhoods with its own face."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="districts",
                                     verbose_name=_("gemeente"))
    code = models.CharField(
        _("code"), max_length=20,
        help_text=_("De CBS-wijkcode als de wijk precies één CBS-wijk is, anders een eigen code van de gemeente."),
    )
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    character = models.TextField(_("karakter"), blank=True, help_text=_("Wat maakt deze wijk tot deze wijk?"))
    needs = models.TextField(_("behoeften"), blank=True, help_text=_("Wat heeft de wijk nodig? Eén punt per regel."))
    photo = models.ImageField(_("foto"), upload_to="districts/", blank=True)
    photo_alt = models.CharField(_("beschrijving van de foto"), max_length=200, blank=True)
    face_is_example = models.BooleanField(
        _("voorbeeldtekst"), default=False,
        help_text=_("Aan: karakter en behoeften zijn voorbeeldgegevens en worden zo getoond."),
    )
    # Derived from the neighbourhoods by services.district_recompute; never edited by hand.
    geometry = models.JSONField(_("grens (GeoJSON)"), null=True, blank=True, editable=False)
    key_figures = models.JSONField(_("kerncijfers"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="district_unique_code"),
            models.UniqueConstraint(fields=["municipality", "slug"], name="district_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.needs.splitlines() if line.strip(" -•\t")]


class Neighbourhood(CbsArea):
    """A CBS buurt (code BUggggwwbb) as published for one year, and the district it belongs to."""

    code = models.CharField(_("CBS-buurtcode"), max_length=10, validators=[NEIGHBOURHOOD_CODE])
    cbs_district = models.ForeignKey(CbsDistrict, on_delete=models.CASCADE, related_name="neighbourhoods",
                                     verbose_name=_("CBS-wijk"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="neighbourhoods", verbose_name=_("wijk"))

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="neighbourhood_unique_code_per_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Address(models.Model):
    """One line of CBS's postcode–house-number table: which neighbourhood an address lies in."""

    postcode = models.CharField(_("postcode"), max_length=6)
    number = models.PositiveIntegerField(_("huisnummer"))
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, verbose_name=_("buurt"))

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "postcode", "number"], name="address_unique"),
        ]
        indexes = [models.Index(fields=["postcode", "number"], name="address_lookup")]

    def __str__(self) -> str:
        return f"{self.postcode} {self.number}"
