"""The coordination rule as a property: over random sequences of status changes, advice requests, answers and
merges, no item that asks for money or a decision is ever decided without an advice asked and answered after it last
entered consideration — and one that has such an advice is never refused for want of it.

The test keeps its own account of what happened (an oracle written from workflow.py's text, in the order the
operations were carried out), independent of how the services store it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Item
from wijkgericht.participation.services import advice_answer, advice_request, item_merge, item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db

ITEMS = 2
# Operations: "advance" takes an item one step along its usual life (published, considered, advice asked, answered,
# accepted, in progress, done, reopened, considered again, …) so that long lives are reached often; "decide" tries
# a decision now; "ask", "answer" and "merge" come at any moment, also at the wrong one.
ADVANCE = {workflow.SUBMITTED: workflow.PUBLISHED, workflow.PUBLISHED: workflow.UNDER_CONSIDERATION,
           workflow.ACCEPTED: workflow.IN_PROGRESS, workflow.IN_PROGRESS: workflow.DONE,
           workflow.DONE: workflow.REOPENED, workflow.REOPENED: workflow.UNDER_CONSIDERATION}
item_number = st.integers(0, ITEMS - 1)
operation = st.one_of(
    *[st.tuples(st.just("advance"), item_number, st.booleans())] * 4,
    st.tuples(st.just("decide"), item_number, st.sampled_from(sorted(workflow.DECISIONS))),
    st.tuples(st.just("ask"), item_number, st.just("")),
    st.tuples(st.just("answer"), item_number, st.just("")),
    st.tuples(st.just("merge"), item_number, item_number),
)


@dataclass
class Account:
    """What the oracle knows of one item: does it ask money or a decision, when did it last enter consideration, and
    its advice requests as (asked at, answered at) in operation numbers."""

    needs: bool
    opened: int = -1
    advice: dict[int, list[int | None]] = field(default_factory=dict)  # advice pk → [asked, answered]

    def advised_since_opening(self) -> bool:
        return any(asked > self.opened and answered is not None for asked, answered in self.advice.values())


def _start(roles, needs: list[bool]) -> tuple[list[Item], list[Account]]:
    items = [submit(roles, title=f"Item {n}", needs_decision=need,
                    amount_requested=Decimal(1000 * (n + 1)) if need else None) for n, need in enumerate(needs)]
    return items, [Account(needs=need) for need in needs]


# The two walks around the rule that an attack found (#10), always tried: (a) decide a reopened item on the advice
# given before; (b) merge a new request into it and decide.
# _LIFE: published, considered, advice asked and answered, accepted, in progress, done, reopened.
_LIFE = [("advance", 0, False)] * 2 + [("advance", 0, True)] * 2 + [("advance", 0, False)] * 4


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@example(needs=[True, True], operations=[*_LIFE, ("advance", 0, False), ("decide", 0, workflow.ACCEPTED)])
@example(needs=[True, True], operations=[*_LIFE, ("advance", 1, False), ("merge", 1, 0), ("advance", 0, False),
                                         ("decide", 0, workflow.ACCEPTED)])
@given(needs=st.lists(st.booleans(), min_size=ITEMS, max_size=ITEMS),
       operations=st.lists(operation, min_size=1, max_size=60))
def test_no_decision_without_an_advice_answered_after_the_last_opening(roles, needs, operations):
    items, accounts = _start(roles, needs)
    for number, (kind, i, arg) in enumerate(operations):
        item = Item.objects.get(pk=items[i].pk)
        account = accounts[i]
        if kind == "advance" and item.status in (workflow.UNDER_CONSIDERATION, workflow.COORDINATION):
            pending = AdviceRequest.objects.filter(item=item, answer="").exists()
            if item.status == workflow.COORDINATION:
                kind = "answer" if pending else "decide"
            else:
                kind = "ask" if arg else "decide"
            arg = workflow.ACCEPTED
        if kind == "advance":
            if item.status not in ADVANCE:
                continue
            target = ADVANCE[item.status]
            try:
                item_transition(item=item, actor=None, target=target)
            except (ValidationError, PermissionDenied):
                assert item.merged_into_id is not None, operations[:number + 1]
                continue
            if target in workflow.OPENS_CONSIDERATION:
                account.opened = number
        elif kind == "decide":
            allowed_by_rule = not account.needs or account.advised_since_opening()
            status_allows = arg in workflow.TRANSITIONS[item.status] and item.merged_into_id is None
            try:
                item_transition(item=item, actor=None, target=arg, reason="Omdat het moet")
            except (ValidationError, PermissionDenied):
                if status_allows:
                    assert not allowed_by_rule, f"refused although advice was given: {operations[:number + 1]}"
                continue
            assert allowed_by_rule, f"decided without current advice: {operations[:number + 1]}"
        elif kind == "ask":
            try:
                advice = advice_request(item=item, actor=None, question="Wat vindt u?")
            except (ValidationError, PermissionDenied):
                continue
            account.advice[advice.pk] = [number, None]
        elif kind == "answer":
            pending = AdviceRequest.objects.filter(item=item, answer="").order_by("-pk").first()
            if pending is None:
                continue
            try:
                advice_answer(advice=pending, actor=roles.portfolio_holder, answer="agree", reasoning="Prima")
            except (ValidationError, PermissionDenied):
                continue
            account.advice[pending.pk][1] = number
        else:  # merge item i into item arg
            into = Item.objects.get(pk=items[arg].pk)
            try:
                item_merge(duplicate=item, into=into, actor=None)
            except (ValidationError, PermissionDenied):
                continue
            if account.needs:  # a request joined: the other item (re-)enters consideration
                accounts[arg].needs = True
                accounts[arg].opened = number
