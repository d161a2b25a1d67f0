"""Who is told about what happens to an item: the district team, the portfolio holder, moderators, and the
residents who submitted or follow it. Plain queries; the notifying services decide which group an event concerns."""

from __future__ import annotations

from django.db.models import Q

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.governance.models import DistrictAssignment, PortfolioHolding
from wijkgericht.governance.selectors import reference_date
from wijkgericht.participation.models import Item


def district_team(item: Item) -> list[User]:
    """The item's district team."""
    return district_team_of(district_id=item.district_id, municipality_id=item.municipality_id)


def district_team_of(*, district_id: int, municipality_id: int) -> list[User]:
    """The district alderman (on the board's reference date) and the district's civil servants."""
    day = reference_date(municipality_id=municipality_id)
    aldermen = DistrictAssignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day), district_id=district_id, valid_from__lte=day,
        alderman__user__isnull=False).values_list("alderman__user_id", flat=True)
    servants = StaffRole.objects.filter(role=StaffRole.Role.CIVIL_SERVANT, district_id=district_id).values_list(
        "user_id", flat=True)
    return list(User.objects.filter(pk__in=[*aldermen, *servants], is_active=True))


def portfolio_holders(portfolio_id: int, municipality_id: int) -> list[User]:
    day = reference_date(municipality_id=municipality_id)
    ids = (PortfolioHolding.objects.filter(portfolio_id=portfolio_id, term__start__lte=day,
                                           alderman__user__isnull=False)
           .filter(Q(term__end__isnull=True) | Q(term__end__gte=day)).values_list("alderman__user_id", flat=True))
    return list(User.objects.filter(pk__in=list(ids), is_active=True))


def moderators(municipality_id: int) -> list[User]:
    ids = StaffRole.objects.filter(role=StaffRole.Role.MODERATOR, municipality_id=municipality_id).values_list(
        "user_id", flat=True)
    return list(User.objects.filter(pk__in=list(ids), is_active=True))


def residents(item: Item) -> list[User]:
    """The submitter and everyone following the item."""
    ids = [*item.follows.values_list("user_id", flat=True)]
    if item.author_id:
        ids.append(item.author_id)
    return list(User.objects.filter(pk__in=ids, is_active=True))
