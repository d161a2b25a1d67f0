"""The role × action matrix: each role can do exactly what it should on an item, and nothing more — checked on the
object (the item's district and its theme's portfolio), and enforced by the services, not only by the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from wijkgericht.accounts.roles import user_scope
from wijkgericht.participation import permissions as p
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest
from wijkgericht.participation.services import advice_answer, advice_request, item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

ALL = set(p.ACTIONS)
TEAM = {p.MODERATE, p.HANDLE, p.MODERATE_COMMENT, p.MERGE, p.VIEW_PRIVATE}
MODERATION = {p.MODERATE, p.MODERATE_COMMENT, p.MERGE, p.VIEW_PRIVATE}

# A sports initiative in Nieuweland (WK048909): Proos is its district alderman, Schaap holds Sport.
OWN_DISTRICT = {
    "resident": set(),
    "district_alderman": TEAM | {p.DECIDE},
    "portfolio_holder": {p.ANSWER_ADVICE, p.VIEW_PRIVATE},
    "civil_servant": TEAM,
    "moderator": MODERATION,
    "administrator": ALL - {p.ANSWER_ADVICE},
}
# A traffic report in Barendrecht-Centrum (WK048901): none of the district or portfolio roles above cover it.
OTHER_DISTRICT = {
    "resident": set(),
    "district_alderman": set(),
    "portfolio_holder": set(),
    "civil_servant": set(),
    "moderator": MODERATION,
    "administrator": ALL - {p.ANSWER_ADVICE},
}


@pytest.mark.parametrize("where,expected", [("own", OWN_DISTRICT), ("other", OTHER_DISTRICT)])
def test_each_role_can_do_exactly_its_actions(roles, where, expected):
    item = (submit(roles) if where == "own" else
            submit(roles, neighbourhood="BU04890101", theme="verkeer", kind="report", needs_decision=False))
    for role, user in roles.all().items():
        scope = user_scope(user)
        allowed = {action for action in p.ACTIONS if p.can(scope, action, item)}
        assert allowed == expected[role], role


def test_anonymous_can_do_nothing(roles):
    item = submit(roles)
    assert not any(p.can(user_scope(None), action, item) for action in p.ACTIONS)


def test_district_alderman_of_another_district_cannot_publish(roles):
    item = submit(roles, neighbourhood="BU04890101", theme="verkeer")
    with pytest.raises(PermissionDenied):
        item_transition(item=item, actor=roles.district_alderman, target=workflow.PUBLISHED)
    item.refresh_from_db()
    assert item.status == workflow.SUBMITTED and item.changes.count() == 1


def test_civil_servant_prepares_but_does_not_decide(roles):
    item = submit(roles, needs_decision=False)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=roles.civil_servant, target=target)
    with pytest.raises(PermissionDenied):
        item_transition(item=item, actor=roles.civil_servant, target=workflow.ACCEPTED, reason="Goed plan")
    item = item_transition(item=item, actor=roles.district_alderman, target=workflow.ACCEPTED, reason="Goed plan")
    assert item.status == workflow.ACCEPTED


def test_only_the_portfolio_holder_answers_advice_not_even_an_administrator(roles):
    item = submit(roles)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=roles.district_alderman, target=target)
    advice = advice_request(item=item, actor=roles.civil_servant, question="Past dit bij het sportbeleid?")
    for user in (roles.administrator, roles.district_alderman, roles.moderator, roles.resident):
        with pytest.raises(PermissionDenied):
            advice_answer(advice=advice, actor=user, answer=AdviceRequest.Answer.AGREE, reasoning="Prima")
    advice_answer(advice=advice, actor=roles.portfolio_holder, answer=AdviceRequest.Answer.AGREE, reasoning="Prima")


def test_moderator_moderates_but_does_not_handle(roles):
    item = submit(roles)
    item = item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
    with pytest.raises(PermissionDenied):
        item_transition(item=item, actor=roles.moderator, target=workflow.UNDER_CONSIDERATION)


def test_resident_cannot_move_their_own_item(roles):
    item = submit(roles)
    with pytest.raises(PermissionDenied):
        item_transition(item=item, actor=roles.resident, target=workflow.PUBLISHED)


def test_roles_follow_governance_reassignment(roles):
    """A district alderman whose assignment ends loses the district; no role row had to be edited."""
    from wijkgericht.governance.models import DistrictAssignment

    item = submit(roles)
    assert p.can(user_scope(roles.district_alderman), p.DECIDE, item)
    DistrictAssignment.objects.filter(alderman__user=roles.district_alderman).delete()
    assert not p.can(user_scope(roles.district_alderman), p.DECIDE, item)
