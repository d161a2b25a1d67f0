"""Test fixtures: one user per role on the Barendrecht demo: the district alderman of Nieuweland (WK048909, Arnoud Proos), the
Sport portfolio holder (Cees Schaap, district alderman elsewhere), a civil servant for Nieuweland, a moderator, an
administrator, and a verified resident."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.governance.models import Alderman
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import item_submit


@dataclass
class Roles:
    municipality: Municipality
    resident: User
    other_resident: User
    district_alderman: User
    portfolio_holder: User
    civil_servant: User
    moderator: User
    administrator: User

    def all(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in ("resident", "district_alderman", "portfolio_holder",
                                                       "civil_servant", "moderator", "administrator")}


def make_user(email: str) -> User:
    user = User.objects.create_user(email, "een-lang-wachtwoord")
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user


def link_alderman(slug: str, email: str) -> User:
    user = make_user(email)
    Alderman.objects.filter(slug=slug).update(user=user)
    return user


@pytest.fixture
def roles(barendrecht) -> Roles:
    nieuweland = District.objects.get(code="WK048909")
    civil = make_user("wijkregisseur@example.nl")
    StaffRole.objects.create(user=civil, role=StaffRole.Role.CIVIL_SERVANT, municipality=barendrecht,
                             district=nieuweland)
    moderator = make_user("moderator@example.nl")
    StaffRole.objects.create(user=moderator, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    admin = make_user("beheer@example.nl")
    StaffRole.objects.create(user=admin, role=StaffRole.Role.ADMINISTRATOR, municipality=barendrecht)
    return Roles(
        municipality=barendrecht,
        resident=make_user("bewoner@example.nl"),
        other_resident=make_user("buurvrouw@example.nl"),
        district_alderman=link_alderman("arnoud-proos", "proos@example.nl"),
        portfolio_holder=link_alderman("cees-schaap", "schaap@example.nl"),
        civil_servant=civil, moderator=moderator, administrator=admin,
    )


def point_in(code: str) -> tuple[float, float]:
    point = shape(Neighbourhood.objects.get(code=code).geometry).representative_point()
    return point.y, point.x


def submit(roles: Roles, *, neighbourhood: str = "BU04890918", theme: str = "sport", author: User | None = None,
           **extra) -> Item:
    lat, lon = point_in(neighbourhood)
    fields = dict(author=author or roles.resident, municipality=roles.municipality, kind=Item.Kind.INITIATIVE,
                  title="Pannakooi bij de school", description="Wij bouwen hem zelf en vragen geld voor materiaal.",
                  theme=Theme.objects.get(municipality=roles.municipality, slug=theme), lat=lat, lon=lon,
                  needs_decision=True)
    fields.update(extra)
    return item_submit(**fields)
