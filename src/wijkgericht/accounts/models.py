"""The user: residents and staff alike sign in with their e-mail address; nothing else is asked by default.

Set from the start of the project because Django cannot swap its user model once data exists. Residents are shown
by a pseudonym, never by their address (privacy by design). Staff roles that are not an alderman's (civil servant,
moderator, administrator) are `StaffRole` rows scoped to a municipality and, for civil servants, a district; the
aldermen's own scope comes from governance (district assignments and portfolio holdings), see `roles.py`.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_pseudonym() -> str:
    return f"Inwoner {secrets.token_hex(3).upper()}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class MailPreference(models.TextChoices):
    IMMEDIATE = "immediate", _("meteen, per bericht")
    DIGEST = "digest", _("één keer per dag, gebundeld")
    NONE = "none", _("geen e-mail, alleen op de site")


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadres"), unique=True)
    pseudonym = models.CharField(_("schuilnaam"), max_length=40, default=new_pseudonym,
                                 help_text=_("Zo ziet een ander u op de site; uw naam en e-mailadres blijven privé."))
    email_verified_at = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)
    # When the resident agreed, on registering, to how their data is used. Empty for accounts made before this was
    # kept and for accounts made by a DigiD (OIDC) sign-in, which asks for no such consent.
    privacy_accepted_at = models.DateTimeField(_("akkoord met gegevensgebruik op"), null=True, blank=True)
    mail_preference = models.CharField(
        _("e-mail over meldingen"), max_length=10, choices=MailPreference.choices, default=MailPreference.IMMEDIATE)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.email


class StaffRole(models.Model):
    """A staff role that is not an alderman's. A civil servant works for one district (one row per district);
    moderators and administrators work for the whole municipality. A council member (raadslid) is no staff member:
    they only read the evaluation (roles.Scope.reads_evaluation), municipality-wide."""

    class Role(models.TextChoices):
        CIVIL_SERVANT = "civil_servant", _("wijkregisseur (ambtenaar)")
        MODERATOR = "moderator", _("moderator")
        ADMINISTRATOR = "administrator", _("beheerder")
        # Reads the evaluation's staff dashboard and report, municipality-wide; nothing else in the workspace.
        COUNCIL_MEMBER = "council_member", _("raadslid")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles",
                             verbose_name=_("gebruiker"))
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey("districts.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente"))
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, null=True, blank=True,
                                 verbose_name=_("wijk"), help_text=_("Alleen voor een wijkregisseur."))

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="civil_servant", district__isnull=False)
                           | (~models.Q(role="civil_servant") & models.Q(district__isnull=True))),
                name="staffrole_district_only_for_civil_servant",
            ),
            models.UniqueConstraint(fields=["user", "role", "district"], condition=models.Q(district__isnull=False),
                                    name="staffrole_unique_district"),
            models.UniqueConstraint(fields=["user", "role", "municipality"], condition=models.Q(district__isnull=True),
                                    name="staffrole_unique_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}" + (f" ({self.district})" if self.district_id else "")


class PersonalDataAccess(models.Model):
    """Who looked at whose personal data, when and why (AVG: access to personal data is logged)."""

    accessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("ingezien door"))
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("betrokkene"))
    subject_label = models.CharField(_("betrokkene (omschrijving)"), max_length=200, blank=True)
    purpose = models.CharField(_("doel"), max_length=200)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("inzage in persoonsgegevens")
        verbose_name_plural = _("inzage in persoonsgegevens")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.accessor} → {self.subject_label or self.subject} ({self.purpose})"
