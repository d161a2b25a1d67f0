"""The budget's permission table, role × action, in the proposal's district and in another one."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.roles import user_scope
from wijkgericht.budgets import permissions
from wijkgericht.districts.models import District
from wijkgericht.notifications import events

pytestmark = pytest.mark.django_db

# role → actions allowed in Nieuweland (the civil servant's and district alderman's district)
EXPECTED = {
    "resident": set(),
    "portfolio_holder": set(),
    "moderator": set(),
    "civil_servant": {permissions.REVIEW, permissions.PROMOTE, permissions.REALISE},
    "district_alderman": {permissions.REVIEW, permissions.PROMOTE, permissions.REALISE},
    "administrator": set(permissions.ACTIONS),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_role_and_action(roles, role):
    scope = user_scope(getattr(roles, role))
    nieuweland = District.objects.get(code="WK048909")
    elsewhere = District.objects.filter(municipality=roles.municipality).exclude(
        pk__in=scope.team_district_ids | {nieuweland.pk}).first()
    for action in permissions.ACTIONS:
        allowed = permissions.can(scope, action, municipality_id=roles.municipality.pk, district_id=nieuweland.pk)
        assert allowed == (action in EXPECTED[role]), (role, action)
        other = permissions.can(scope, action, municipality_id=roles.municipality.pk, district_id=elsewhere.pk)
        assert other == (role == "administrator"), (role, action, "elsewhere")
    with pytest.raises(ValueError):
        permissions.can(scope, "vote_twice", municipality_id=roles.municipality.pk)


def test_every_budget_event_renders_with_its_parameters():
    for name, event in events.CATALOGUE.items():
        if not name.startswith("budget."):
            continue
        rendered = events.render(name, dict.fromkeys(event.params, "x"))
        assert "%(" not in rendered.subject + rendered.body, name
