"""The life of a resident item as a plain table (no Django): statuses, allowed transitions, and the coordination rule.

submitted → published | rejected (moderation) → under_consideration (district team) → coordination (the portfolio
holder of the item's theme is asked for advice) → accepted | declined → in_progress → done; a resident who says a
done item is not solved reopens it for the district team.

The coordination rule (the seed's sports initiative is never funded without the Sport alderman knowing), precisely:

    A decision (accepted or declined) on an item that asks for money or a decision needs an advice of the holder of
    its theme's portfolio that was requested AND answered after the item last entered consideration.

An item enters consideration when it is published, when it is reopened ("nog niet opgelost"), and when a request for
money or a decision of another item is merged into it. Each entry starts a new *consideration round* (a counter on
the item); an advice request belongs to the round in which it was asked. Only an answered advice of the current round
counts: advice given before a reopening, or asked before a merged request arrived (answered or still pending), does
not. A merge of a request into an item in coordination takes it back to the district team (coordination → under
consideration), which asks the portfolio holder again about the whole, merged request.
"""

from __future__ import annotations

from collections.abc import Iterable

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
# The district team's answer to an item: it took the item up, or decided on it (the item's first_answer_at).
ANSWERS = frozenset({UNDER_CONSIDERATION, COORDINATION, ACCEPTED, DECLINED, IN_PROGRESS, DONE})

TRANSITIONS: dict[str, frozenset[str]] = {
    SUBMITTED: frozenset({PUBLISHED, REJECTED}),
    PUBLISHED: frozenset({UNDER_CONSIDERATION}),
    REJECTED: frozenset(),
    UNDER_CONSIDERATION: frozenset({COORDINATION, ACCEPTED, DECLINED}),
    # Back to the team: a request for money or a decision was merged in, so the advice must be asked again.
    COORDINATION: frozenset({ACCEPTED, DECLINED, UNDER_CONSIDERATION}),
    ACCEPTED: frozenset({IN_PROGRESS}),
    DECLINED: frozenset(),
    IN_PROGRESS: frozenset({DONE}),
    DONE: frozenset({REOPENED}),
    REOPENED: frozenset({UNDER_CONSIDERATION}),
}

# Moves that start a new consideration round (besides receiving a merged request, which is no status change).
OPENS_CONSIDERATION = frozenset({PUBLISHED, REOPENED})

# Transitions that must explain themselves to the resident.
REASON_REQUIRED = frozenset({REJECTED, ACCEPTED, DECLINED})


class TransitionRefused(Exception):
    """The transition is not allowed; `code` says why (for tests and translated messages)."""

    def __init__(self, code: str, source: str, target: str):
        self.code, self.source, self.target = code, source, target
        super().__init__(f"{code}: {source} → {target}")


def advice_is_current(*, current_round: int, answered_rounds: Iterable[int]) -> bool:
    """Was an advice requested and answered in the item's current consideration round (see the module text)?"""
    return current_round in set(answered_rounds)


def check_transition(source: str, target: str, *, needs_coordination: bool, advice_answered: bool,
                     reason: str = "") -> None:
    """Raise TransitionRefused unless `source → target` is allowed for an item in this situation.

    `advice_answered`: an advice of the current consideration round was answered (`advice_is_current`)."""
    if target not in TRANSITIONS.get(source, frozenset()):
        raise TransitionRefused("not_allowed", source, target)
    if target in DECISIONS and needs_coordination and not advice_answered:
        raise TransitionRefused("coordination_pending", source, target)
    if target in REASON_REQUIRED and not reason.strip():
        raise TransitionRefused("reason_required", source, target)
