"""What a user may act on today: the districts and portfolios of their roles.

Two sources, never copied into each other: the aldermen's scope follows governance (a district assignment makes a
district alderman of those districts, a portfolio holding in the running term a portfolio holder of those
portfolios), so a new college or a reassignment changes permissions without anyone editing roles; the other staff
roles are `StaffRole` rows. Aldermen act on the day the site shows the board for (governance.reference_date): today
while a term runs; after the last entered term ended, its last day — an outgoing college stays in office until the
next one is entered (and the demo's documented college 2018–2022 can act). Permission checks (participation.permissions) take a `Scope` and an object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model, Q
from django.http import HttpRequest

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.governance.models import Alderman, DistrictAssignment, PortfolioHolding
from wijkgericht.governance.selectors import reference_date


@dataclass(frozen=True)
class Scope:
    user_id: int | None = None
    alderman_district_ids: frozenset[int] = field(default_factory=frozenset)
    portfolio_ids: frozenset[int] = field(default_factory=frozenset)
    civil_servant_district_ids: frozenset[int] = field(default_factory=frozenset)
    moderator_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    administrator_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    council_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False

    @property
    def team_district_ids(self) -> frozenset[int]:
        """Districts whose district team this user is on: as district alderman or as civil servant."""
        return self.alderman_district_ids | self.civil_servant_district_ids

    @property
    def is_staff_member(self) -> bool:
        return bool(self.team_district_ids or self.portfolio_ids or self.moderator_municipality_ids
                    or self.administrator_municipality_ids or self.is_superuser)

    @property
    def has_role(self) -> bool:
        """A role of one's own (district, portfolio, moderator, administrator). A superuser without one is a staff
        member with an empty workspace: the workspace and the set-up page tell them to give themselves a role."""
        return bool(self.team_district_ids or self.portfolio_ids or self.moderator_municipality_ids
                    or self.administrator_municipality_ids)

    def administers(self, municipality_id: int) -> bool:
        return self.is_superuser or municipality_id in self.administrator_municipality_ids

    def moderates(self, municipality_id: int) -> bool:
        return municipality_id in self.moderator_municipality_ids

    @property
    def is_council_member(self) -> bool:
        """A council member (raadslid) of some municipality. Not a staff member: no workspace, no second factor
        (they decide, moderate and see no personal data); they read the evaluation's internal figures only."""
        return bool(self.council_municipality_ids)

    def reads_evaluation(self, municipality_id: int) -> bool:
        """The evaluation's staff dashboard and the report for the college: every staff member, and the council
        members of this municipality (read only)."""
        return self.is_staff_member or municipality_id in self.council_municipality_ids


ANONYMOUS = Scope()
ALDERMAN = "alderman"  # not a StaffRole.Role: an alderman's scope follows governance


def user_scope(user: User | None, *, on: dt.date | None = None) -> Scope:
    """The scope of `user` on a day (default: their municipality's reference date); anonymous or inactive: none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    offices = _offices(user.pk)
    roles = [row for row in offices if row[0] != ALDERMAN]
    municipality_id = next((m for role, m, _ in offices if role == ALDERMAN), None)
    districts: list[int] = []
    portfolios: list[int] = []
    if municipality_id is not None:  # only an alderman has district assignments and portfolio holdings
        day = on or reference_date(municipality_id=municipality_id)
        valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        districts = list(DistrictAssignment.objects.filter(valid, alderman__user=user)
                         .values_list("district_id", flat=True))
        portfolios = list(PortfolioHolding.objects.filter(alderman__user=user, term__start__lte=day)
                          .filter(Q(term__end__isnull=True) | Q(term__end__gte=day))
                          .values_list("portfolio_id", flat=True))
    return Scope(
        user_id=user.pk,
        alderman_district_ids=frozenset(districts),
        portfolio_ids=frozenset(portfolios),
        civil_servant_district_ids=frozenset(d for r, _, d in roles if r == StaffRole.Role.CIVIL_SERVANT),
        moderator_municipality_ids=frozenset(m for r, m, _ in roles if r == StaffRole.Role.MODERATOR),
        administrator_municipality_ids=frozenset(m for r, m, _ in roles if r == StaffRole.Role.ADMINISTRATOR),
        council_municipality_ids=frozenset(m for r, m, _ in roles if r == StaffRole.Role.COUNCIL_MEMBER),
        is_superuser=user.is_superuser,
    )


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _offices(user_id: int) -> list[tuple[str, int, int | None]]:
    """(role, municipality id, district id) of each staff role of the user, and (ALDERMAN, municipality id, None)
    if they are an alderman (one at most: Alderman.user is one-to-one): both in one round trip.

    Plain SQL, because every signed-in request asks this (the second factor and the account links depend on it):
    Django took about 0.5 ms to build the same UNION ALL from two querysets, against 0.2 ms for the whole round trip
    written out (bench/participation/README.md). Table and column names come from the models."""
    staff, alderman = StaffRole._meta.db_table, Alderman._meta.db_table
    quote = connection.ops.quote_name
    sql = (f"SELECT {_column(StaffRole, 'role')}, {_column(StaffRole, 'municipality')}, "
           f"{_column(StaffRole, 'district')} FROM {quote(staff)} WHERE {_column(StaffRole, 'user')} = %s "
           f"UNION ALL SELECT %s, {_column(Alderman, 'municipality')}, NULL FROM {quote(alderman)} "
           f"WHERE {_column(Alderman, 'user')} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, ALDERMAN, user_id])
        return [tuple(row) for row in cursor.fetchall()]


_REQUEST_MEMO = "_wijkgericht_scope"


def request_scope(request: HttpRequest) -> Scope:
    """`user_scope(request.user)` on the default day, computed once per request (it costs a few queries, and both
    the page and the header ask for it). Another user on the request (signing in or out) gets a fresh scope; a
    scope on another day: call `user_scope(user, on=...)`, which is never memoised."""
    user = getattr(request, "user", None)
    memo = getattr(request, _REQUEST_MEMO, None)
    if memo is not None and memo[0] is user:
        return memo[1]
    scope = user_scope(user)
    setattr(request, _REQUEST_MEMO, (user, scope))
    return scope


def needs_second_factor(user: User, scope: Scope | None = None) -> bool:
    """Staff sign in with a second factor (DESIGN.md): whoever can decide, moderate or see personal data, that is
    every staff role in a Scope, and Django staff (the admin). A council member alone does none of these (they read
    aggregate figures): no second factor (docs/security.md). `scope`: the user's, if already computed."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or (scope or user_scope(user)).is_staff_member)
