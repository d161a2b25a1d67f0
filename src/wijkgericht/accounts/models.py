"""The user: residents and staff alike sign in with their e-mail address; nothing else is asked by default.

Set from the start of the project because Django cannot swap its user model once data exists. Residents are shown
by a pseudonym, never by their address (privacy by design); roles scoped per district and portfolio come with the
participation capability.
"""

from __future__ import annotations

import secrets
from typing import Any

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


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadres"), unique=True)
    pseudonym = models.CharField(_("schuilnaam"), max_length=40, default=new_pseudonym,
                                 help_text=_("Zo ziet een ander u op de site; uw naam en e-mailadres blijven privé."))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.email
