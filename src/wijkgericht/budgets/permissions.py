"""Who may do what with district budgets — decided on the object (the round's municipality, the share's district),
from the user's `Scope` (accounts.roles). One table, so the matrix test can walk every role × action.

| action   | district alderman | civil servant | portfolio holder | moderator | administrator |
|----------|-------------------|---------------|------------------|-----------|---------------|
| manage   | –                 | –             | –                | –         | own municipality |
| review   | own districts     | own districts | –                | –         | own municipality |
| promote  | own districts     | own districts | –                | –         | own municipality |
| realise  | own districts     | own districts | –                | –         | own municipality |

`manage`: create, change and publish a round (its amount, shares, dates and rules). `review`: judge proposals
(feasible or not, the municipality's cost, merge, admit to the ballot). `promote`: make a resident's item a proposal.
`realise`: post realisation updates of a selected proposal. The portfolio holder's part is the advice on the backing
item (participation's inbox); residents submit, support and follow with a confirmed account.
"""

from __future__ import annotations

from wijkgericht.accounts.roles import Scope

MANAGE = "manage"
REVIEW = "review"
PROMOTE = "promote"
REALISE = "realise"
ACTIONS = (MANAGE, REVIEW, PROMOTE, REALISE)


def can(scope: Scope, action: str, *, municipality_id: int, district_id: int | None = None) -> bool:
    """May the holder of `scope` perform `action` in this municipality (and district, for all but `manage`)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if scope.administers(municipality_id):
        return True
    if action == MANAGE:
        return False
    return district_id is not None and district_id in scope.team_district_ids


def desk_district_ids(scope: Scope, *, municipality_id: int, district_ids: list[int]) -> list[int]:
    """Of `district_ids`, those whose proposals this user reviews."""
    return [d for d in district_ids if can(scope, REVIEW, municipality_id=municipality_id, district_id=d)]
