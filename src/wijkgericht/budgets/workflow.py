"""The life cycles of a district budget round as plain tables (no Django).

A **round** moves through its phases by date, never back:

    draft → proposals → review → voting → result → realisation

`draft` until the proposal phase's first day; then each phase from its own first day (the dates are on the round).
Voting closes at the end of `voting_until`; the result phase begins once the result is computed and published
(`result_published`), so a round whose voting closed but whose count is still running stays in `voting` as closed
(`voting_closed`). The rules (amount, shares, method, rule and completion, ballot rules, eligibility) are fixed when
the round is published and may not change once voting has opened.

A **proposal** (voorstel) is submitted by a resident in the proposal phase, or promoted from a resident's item by the
district team; it is backed by that item, so advice is asked and answered on the item with participation's one
coordination rule and inbox. The team reviews it:

    submitted → feasible | not_feasible | merged | withdrawn
    feasible → admitted (on the ballot: only with the portfolio holder's current advice answered) | not_feasible |
               merged | withdrawn
    admitted → selected | not_selected (the count) | feasible (taken off the ballot again, before voting opens)
    selected → (realisation: see RealisationUpdate statuses: planned → in_progress → done)

Nothing else moves. Every move with a public reason is shown on the proposal's page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Round phases
DRAFT = "draft"
PROPOSALS = "proposals"
REVIEW = "review"
VOTING = "voting"
RESULT = "result"
REALISATION = "realisation"
PHASES = (DRAFT, PROPOSALS, REVIEW, VOTING, RESULT, REALISATION)

PHASE_TRANSITIONS: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({PROPOSALS}),
    PROPOSALS: frozenset({REVIEW}),
    REVIEW: frozenset({VOTING}),
    VOTING: frozenset({RESULT}),
    RESULT: frozenset({REALISATION}),
    REALISATION: frozenset(),
}

# Phases in which the round's rules can no longer change.
RULES_FROZEN = frozenset({VOTING, RESULT, REALISATION})

# Proposal statuses
SUBMITTED = "submitted"
FEASIBLE = "feasible"
NOT_FEASIBLE = "not_feasible"
MERGED = "merged"
WITHDRAWN = "withdrawn"
ADMITTED = "admitted"
SELECTED = "selected"
NOT_SELECTED = "not_selected"
PROPOSAL_STATUSES = (SUBMITTED, FEASIBLE, NOT_FEASIBLE, MERGED, WITHDRAWN, ADMITTED, SELECTED, NOT_SELECTED)

PROPOSAL_TRANSITIONS: Mapping[str, frozenset[str]] = {
    SUBMITTED: frozenset({FEASIBLE, NOT_FEASIBLE, MERGED, WITHDRAWN}),
    FEASIBLE: frozenset({ADMITTED, NOT_FEASIBLE, MERGED, WITHDRAWN}),
    ADMITTED: frozenset({SELECTED, NOT_SELECTED, FEASIBLE}),
    NOT_FEASIBLE: frozenset(),
    MERGED: frozenset(),
    WITHDRAWN: frozenset(),
    SELECTED: frozenset(),
    NOT_SELECTED: frozenset(),
}
# Moves that must explain themselves to residents (a public reason).
PROPOSAL_REASON_REQUIRED = frozenset({NOT_FEASIBLE, MERGED})
# Moves only the count makes.
BY_THE_COUNT = frozenset({SELECTED, NOT_SELECTED})
# Review moves allowed in each phase (the count's moves happen when the result is published).
REVIEW_PHASES = frozenset({PROPOSALS, REVIEW})

# Realisation of a selected proposal
PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
REALISATION_STATUSES = (PLANNED, IN_PROGRESS, DONE)
REALISATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    PLANNED: frozenset({PLANNED, IN_PROGRESS}),  # an update may keep the status (news without a step)
    IN_PROGRESS: frozenset({IN_PROGRESS, DONE}),
    DONE: frozenset({DONE}),
}


class TransitionRefused(Exception):
    """A move the tables do not allow; `code` says why (for tests and translated messages)."""

    def __init__(self, code: str, source: str, target: str):
        self.code, self.source, self.target = code, source, target
        super().__init__(f"{code}: {source} → {target}")


@dataclass(frozen=True, slots=True)
class Schedule:
    """A round's phase dates: each phase begins on its day (Europe/Amsterdam); voting ends after `voting_until`."""

    proposals_from: dt.date
    review_from: dt.date
    voting_from: dt.date
    voting_until: dt.date
    realisation_from: dt.date

    def problems(self) -> list[str]:
        """Codes of what is wrong with the dates (empty when they are in order)."""
        found = []
        if not self.proposals_from < self.review_from:
            found.append("review_before_proposals")
        if not self.review_from <= self.voting_from:
            found.append("voting_before_review")
        if not self.voting_from <= self.voting_until:
            found.append("voting_ends_before_it_starts")
        if not self.voting_until < self.realisation_from:
            found.append("realisation_before_voting_ends")
        return found


def phase_on(schedule: Schedule, today: dt.date, *, result_published: bool) -> str:
    """The phase a round is in on `today` by its dates. The result phase needs the published result: until then a
    round whose voting has closed stays in `voting` (closed, the count running)."""
    if today < schedule.proposals_from:
        return DRAFT
    if today < schedule.review_from:
        return PROPOSALS
    if today < schedule.voting_from:
        return REVIEW
    if today <= schedule.voting_until or not result_published:
        return VOTING
    if today < schedule.realisation_from:
        return RESULT
    return REALISATION


def voting_open(schedule: Schedule, today: dt.date) -> bool:
    return schedule.voting_from <= today <= schedule.voting_until


def voting_closed(schedule: Schedule, today: dt.date) -> bool:
    return today > schedule.voting_until


def phase_path(source: str, target: str) -> list[str]:
    """The phases from `source` (exclusive) to `target` (inclusive), in order; a phase that moves on by several
    days' worth of dates passes each in between (each step is recorded). Refused backwards."""
    if source == target:
        return []
    if PHASES.index(target) < PHASES.index(source):
        raise TransitionRefused("backwards", source, target)
    return list(PHASES[PHASES.index(source) + 1: PHASES.index(target) + 1])


def check_proposal(source: str, target: str, *, phase: str, reason: str = "", advice_answered: bool = True,
                   by_count: bool = False) -> None:
    """Raise TransitionRefused unless the proposal may move `source → target` now.

    `advice_answered`: the portfolio holder of the proposal's theme answered an advice of the backing item's current
    consideration round (participation.workflow.advice_is_current): needed to be admitted to the ballot."""
    if target not in PROPOSAL_TRANSITIONS.get(source, frozenset()):
        raise TransitionRefused("not_allowed", source, target)
    if target in BY_THE_COUNT:
        if not by_count:
            raise TransitionRefused("count_only", source, target)
        return
    if by_count:
        raise TransitionRefused("not_by_count", source, target)
    if phase not in REVIEW_PHASES:
        raise TransitionRefused("phase_closed", source, target)
    if target == ADMITTED and not advice_answered:
        raise TransitionRefused("advice_missing", source, target)
    if target in PROPOSAL_REASON_REQUIRED and not reason.strip():
        raise TransitionRefused("reason_required", source, target)


def check_realisation(source: str, target: str) -> None:
    if target not in REALISATION_TRANSITIONS.get(source, frozenset()):
        raise TransitionRefused("not_allowed", source, target)
