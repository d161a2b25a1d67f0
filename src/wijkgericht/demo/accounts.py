"""One sign-in per role, for the Barendrecht demo only (listed in README.md). The addresses end in `.invalid`
(RFC 2606), so no mail to them can ever be delivered; the shared password is public, which is why these accounts
are made by the demo loader and by nothing else."""

from __future__ import annotations

from django.utils import timezone

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman

PASSWORD = "wijkgericht-demo"

# (email, pseudonym, role, what it shows)
ACCOUNTS = [
    ("inwoner@demo.invalid", "Inwoner Demo", "resident", "een inwoner van Nieuweland"),
    ("wijkwethouder@demo.invalid", "Arnoud Proos (demo)", "district_alderman",
     "wijkwethouder van Nieuweland en Molenvliet (Arnoud Proos)"),
    ("sport@demo.invalid", "Cees Schaap (demo)", "portfolio_holder", "portefeuillehouder Sport (Cees Schaap)"),
    ("wijkregisseur@demo.invalid", "Wijkregisseur Nieuweland", "civil_servant", "wijkregisseur van Nieuweland"),
    ("moderator@demo.invalid", "Moderator", "moderator", "moderator voor heel Barendrecht"),
    ("beheerder@demo.invalid", "Beheerder", "administrator", "beheerder, ook van /admin/"),
    ("raadslid@demo.invalid", "Raadslid Demo", "council_member",
     "raadslid: leest de evaluatie met de interne cijfers en het rapport, verder niets"),
]
ALDERMEN = {"district_alderman": "arnoud-proos", "portfolio_holder": "cees-schaap"}
CIVIL_SERVANT_DISTRICT = "WK048909"


def load(municipality: Municipality) -> dict[str, User]:
    """Create (or reset) the demo sign-ins and their roles; idempotent."""
    users: dict[str, User] = {}
    for email, pseudonym, role, _what in ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.pseudonym = pseudonym
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.is_staff = user.is_superuser = role == "administrator"
        user.set_password(PASSWORD)
        user.save()
        users[role] = user
        if role in ALDERMEN:
            Alderman.objects.filter(municipality=municipality, slug=ALDERMEN[role]).update(user=user)
        elif role == "civil_servant":
            district = District.objects.get(municipality=municipality, code=CIVIL_SERVANT_DISTRICT)
            StaffRole.objects.get_or_create(user=user, role=StaffRole.Role.CIVIL_SERVANT, municipality=municipality,
                                            district=district)
        elif role in (StaffRole.Role.MODERATOR, StaffRole.Role.ADMINISTRATOR, StaffRole.Role.COUNCIL_MEMBER):
            StaffRole.objects.get_or_create(user=user, role=role, municipality=municipality, district=None)
    return users
