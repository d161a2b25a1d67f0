"""Who may do what with resident items — always decided on the object (its district, its theme's portfolio), never
on the page alone. One table, so the permission matrix test can walk every role × action.

| action            | district alderman | civil servant | portfolio holder        | moderator | administrator |
|-------------------|-------------------|---------------|-------------------------|-----------|---------------|
| moderate          | own districts     | own districts | –                       | all       | all           |
| handle            | own districts     | own districts | –                       | –         | all           |
| decide            | own districts     | –             | –                       | –         | all           |
| answer_advice     | –                 | –             | own portfolio (asked)   | –         | –             |
| moderate_comment  | own districts     | own districts | –                       | all       | all           |
| merge             | own districts     | own districts | –                       | all       | all           |
| view_private      | own districts     | own districts | own portfolio's items   | all       | all           |

"all" means: every district of the municipality the role is for. Residents' own actions (submit, support, comment,
follow, answer "is it solved?") need a verified account, not a staff role; see `can_participate`.
Advice can only come from the portfolio holder: not even an administrator answers for the Sport alderman.
"""

from __future__ import annotations

from wijkgericht.accounts.roles import Scope
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item

MODERATE = "moderate"              # publish or reject a submitted item
HANDLE = "handle"                  # take into consideration, ask advice, start, finish, reopen handling
DECIDE = "decide"                  # accept or decline
ANSWER_ADVICE = "answer_advice"    # the portfolio holder's advice
MODERATE_COMMENT = "moderate_comment"
MERGE = "merge"                    # merge a duplicate into another item
VIEW_PRIVATE = "view_private"      # see unpublished items and the staff view of an item

ACTIONS = (MODERATE, HANDLE, DECIDE, ANSWER_ADVICE, MODERATE_COMMENT, MERGE, VIEW_PRIVATE)


def can(scope: Scope, action: str, item: Item) -> bool:
    """May the holder of `scope` perform `action` on `item`?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    district, municipality = item.district_id, item.municipality_id
    admin = scope.administers(municipality)
    alderman = district in scope.alderman_district_ids
    team = district in scope.team_district_ids
    moderator = scope.moderates(municipality)
    if action == ANSWER_ADVICE:
        return item.theme.portfolio_id in scope.portfolio_ids
    if action == DECIDE:
        return alderman or admin
    if action == HANDLE:
        return team or admin
    if action in (MODERATE, MODERATE_COMMENT, MERGE):
        return team or moderator or admin
    # VIEW_PRIVATE
    return team or moderator or admin or item.theme.portfolio_id in scope.portfolio_ids


def can_transition(scope: Scope, item: Item, target: str) -> bool:
    """The action a workflow step needs, checked on the item."""
    return can(scope, action_for_target(target), item)


def action_for_target(target: str) -> str:
    if target in (workflow.PUBLISHED, workflow.REJECTED):
        return MODERATE
    if target in workflow.DECISIONS:
        return DECIDE
    return HANDLE
