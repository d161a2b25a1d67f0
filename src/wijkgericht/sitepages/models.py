"""What a municipality sets for its statement pages: the facts the default texts use (SiteInfo, one per
municipality) and, per page and language, an own text that takes the default's place (SitePage)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkgericht.districts.models import Municipality


class AccessibilityStatus(models.TextChoices):
    """The statuses of the Dutch model accessibility statement (modelverklaring, digitoegankelijk.nl)."""

    A = "A", _("A: voldoet volledig")
    B = "B", _("B: voldoet gedeeltelijk")
    C = "C", _("C: eerste maatregelen genomen")
    D = "D", _("D: geen maatregelen genomen")
    E = "E", _("E: voldoet niet")


class DataLicence(models.TextChoices):
    CC0 = "cc0-1.0", _("CC0 1.0 (publiek domein)")
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (naamsvermelding)")


class SiteInfo(models.Model):
    """The facts of one municipality that its privacy, accessibility, contact and about pages and the open-data
    catalogue say. Every field may stay empty: the pages then leave that line out or say what is generally true."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="site_info",
                                        verbose_name=_("gemeente"))
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True,
                                     help_text=_("Bijvoorbeeld 14 0180."))
    contact_form_url = models.URLField(_("contactformulier van de gemeente"), blank=True)
    website_url = models.URLField(_("website van de gemeente"), blank=True)
    visiting_address = models.TextField(_("bezoekadres"), blank=True, max_length=300)
    postal_address = models.TextField(_("postadres"), blank=True, max_length=300)
    opening_hours_nl = models.TextField(_("openingstijden (Nederlands)"), blank=True, max_length=500)
    opening_hours_en = models.TextField(_("openingstijden (Engels)"), blank=True, max_length=500)
    privacy_officer_email = models.EmailField(
        _("e-mailadres functionaris gegevensbescherming"), blank=True,
        help_text=_("Voor vragen over privacy; leeg: de privacyverklaring verwijst naar het algemene adres."))
    accessibility_status = models.CharField(
        _("toegankelijkheidsstatus"), max_length=1, choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.C,
        help_text=_("Volgens de modelverklaring. A en B vragen een onderzoek door een deskundige partij."))
    accessibility_signed_on = models.DateField(_("datum van de verklaring"), null=True, blank=True)
    accessibility_audit_by = models.CharField(_("onderzoek uitgevoerd door"), max_length=200, blank=True)
    accessibility_audit_on = models.DateField(_("datum van het onderzoek"), null=True, blank=True)
    accessibility_audit_url = models.URLField(_("rapport van het onderzoek"), blank=True)
    accessibility_issues_nl = models.TextField(
        _("bekende problemen (Nederlands)"), blank=True, max_length=5000,
        help_text=_("Eén probleem per regel, met wat u eraan doet en wanneer het klaar is."))
    accessibility_issues_en = models.TextField(_("bekende problemen (Engels)"), blank=True, max_length=5000)
    data_licence = models.CharField(_("licentie open data"), max_length=12, choices=DataLicence.choices,
                                    default=DataLicence.CC0)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("gegevens voor de vaste pagina's")
        verbose_name_plural = _("gegevens voor de vaste pagina's")

    def __str__(self) -> str:
        return str(self.municipality)


class SitePage(models.Model):
    """A municipality's own text for one statement page, per language; an empty text keeps the default."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacyverklaring")
        ACCESSIBILITY = "accessibility", _("Toegankelijkheidsverklaring")
        CONTACT = "contact", _("Contact")
        ABOUT = "about", _("Over deze site")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="site_pages",
                                     verbose_name=_("gemeente"))
    kind = models.CharField(_("pagina"), max_length=16, choices=Kind.choices)
    text_nl = models.TextField(
        _("eigen tekst (Nederlands)"), blank=True, max_length=30000,
        help_text=_("Komt in plaats van de standaardtekst. Lege regel: nieuwe alinea. ‘## ’ aan het begin: kopje. "
                    "‘- ’ aan het begin: opsomming. Webadressen en e-mailadressen worden links; "
                    "[tekst](https://…) ook."))
    text_en = models.TextField(
        _("eigen tekst (Engels)"), blank=True, max_length=30000,
        help_text=_("Leeg: de Engelse pagina toont de Nederlandse eigen tekst, of de Engelse standaardtekst als er "
                    "geen eigen tekst is."))
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("eigen tekst van een vaste pagina")
        verbose_name_plural = _("eigen teksten van de vaste pagina's")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="sitepage_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.municipality}"
