"""Who may do what in getting to know the district — checked on the object (its districts), like participation.

| action          | district alderman | civil servant | host alderman | administrator | other staff | resident |
|-----------------|-------------------|---------------|---------------|---------------|-------------|----------|
| plan            | own districts     | own districts | –             | all           | –           | –        |
| report          | own districts     | own districts | yes           | all           | –           | –        |
| keep_agenda     | own districts     | own districts | –             | all           | –           | –        |
| manage_partner  | partner's distr.  | partner's d.  | –             | all           | –           | –        |
| see_contacts    | yes               | yes           | yes           | yes           | yes         | never    |

A district alderman and the civil servant plan activities and keep the district agenda together; any alderman who
hosts an activity may write its report. Partners' contact persons are personal data: staff only, never on public
pages or the public API.
"""

from __future__ import annotations

from collections.abc import Iterable

from wijkgericht.accounts.roles import Scope

PLAN = "plan"
REPORT = "report"
KEEP_AGENDA = "keep_agenda"
MANAGE_PARTNER = "manage_partner"
ACTIONS = (PLAN, REPORT, KEEP_AGENDA, MANAGE_PARTNER)


def can_in_districts(scope: Scope, action: str, *, municipality_id: int, district_ids: Iterable[int],
                     host_user_ids: Iterable[int] = ()) -> bool:
    """May `scope` do `action` on something in these districts (any of them) of this municipality?"""
    if action not in ACTIONS:  # before any shortcut, so a misspelt action fails for administrators too
        raise ValueError(f"unknown action {action!r}")
    if scope.administers(municipality_id):
        return True
    if action == REPORT and scope.user_id is not None and scope.user_id in set(host_user_ids):
        return True
    return bool(set(district_ids) & scope.team_district_ids)


def can_see_contacts(scope: Scope) -> bool:
    return scope.is_staff_member
