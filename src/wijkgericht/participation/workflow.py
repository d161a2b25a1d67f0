"""The life of a resident item as a plain table (no Django): statuses, allowed transitions, and the coordination rule.

submitted → published | rejected (moderation) → under_consideration (district team) → coordination (the portfolio
holder of the item's theme is asked for advice) → accepted | declined → in_progress → done; a resident who says a
done item is not solved reopens it for the district team. An item that asks for money or a decision cannot be
decided before the portfolio holder has answered: the seed's sports initiative is never funded without the Sport
alderman knowing.
"""

from __future__ import annotations

SUBMITTED = "submitted"
PUBLISHED = "published"
REJECTED = "rejected"
UNDER_CONSIDERATION = "under_consideration"
COORDINATION = "coordination"
ACCEPTED = "accepted"
DECLINED = "declined"
IN_PROGRESS = "in_progress"
DONE = "done"
REOPENED = "reopened"

STATUSES = (SUBMITTED, PUBLISHED, REJECTED, UNDER_CONSIDERATION, COORDINATION, ACCEPTED, DECLINED, IN_PROGRESS, DONE,
            REOPENED)
DECISIONS = frozenset({ACCEPTED, DECLINED})

TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({PUBLISHED, REJECTED}),
    PUBLISHED: frozenset({UNDER_CONSIDERATION}),
    REJECTED: frozenset(),
    UNDER_CONSIDERATION: frozenset({COORDINATION, ACCEPTED, DECLINED}),
    COORDINATION: frozenset({ACCEPTED, DECLINED}),
    ACCEPTED: frozenset({IN_PROGRESS}),
    DECLINED: frozenset(),
    IN_PROGRESS: frozenset({DONE}),
    DONE: frozenset({REOPENED}),
    REOPENED: frozenset({UNDER_CONSIDERATION}),
}

# Transitions that must explain themselves to the resident.
REASON_REQUIRED = frozenset({REJECTED, ACCEPTED, DECLINED})


class TransitionRefused(Exception):
    """The transition is not allowed; `code` says why (for tests and translated messages)."""

    def __init__(self, code: str, source: str, target: str):
        self.code, self.source, self.target = code, source, target
        super().__init__(f"{code}: {source} → {target}")


def check_transition(source: str, target: str, *, needs_coordination: bool, advice_answered: bool,
                     reason: str = "") -> None:
    """Raise TransitionRefused unless `source → target` is allowed for an item in this situation."""
    if target not in TRANSITIONS.get(source, frozenset()):
        raise TransitionRefused("not_allowed", source, target)
    if target in DECISIONS and needs_coordination and not advice_answered:
        raise TransitionRefused("coordination_pending", source, target)
    if target in REASON_REQUIRED and not reason.strip():
        raise TransitionRefused("reason_required", source, target)
