"""once_after_commit: one action per transaction and key, after the commit, with every call's part; nothing for a
rollback; at once outside a transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from wijkgericht.core.after_commit import once_after_commit

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: the callbacks run as in production


def _gather(runs: list, key: str, part: int) -> None:
    once_after_commit(key, start=set, add=lambda parts: parts.add(part), act=lambda parts: runs.append(sorted(parts)))


def test_one_action_per_transaction_and_key_after_the_commit():
    runs: list = []
    with transaction.atomic():
        _gather(runs, "a", 1)
        _gather(runs, "a", 2)
        _gather(runs, "b", 3)
        assert runs == []  # nothing before the commit
    assert sorted(runs) == [[1, 2], [3]]


def test_a_rolled_back_transaction_acts_on_nothing():
    runs: list = []
    with pytest.raises(RuntimeError), transaction.atomic():
        _gather(runs, "a", 1)
        raise RuntimeError
    assert runs == []


def test_a_rolled_back_savepoint_keeps_the_transactions_action():
    runs: list = []
    with transaction.atomic():
        _gather(runs, "a", 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            _gather(runs, "a", 2)
            raise RuntimeError
    assert len(runs) == 1 and 1 in runs[0]  # the outer write's part is acted on once


def test_a_savepoint_that_rolled_back_alone_leaves_nothing():
    runs: list = []
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            _gather(runs, "a", 2)
            raise RuntimeError
    assert runs == []


def test_outside_a_transaction_it_acts_at_once_and_each_time():
    runs: list = []
    _gather(runs, "a", 1)
    _gather(runs, "a", 2)
    assert runs == [[1], [2]]


def test_a_failing_action_does_not_undo_the_commit(caplog):
    def fail(_state) -> None:
        raise ValueError("boom")

    with transaction.atomic():
        once_after_commit("c", start=list, add=lambda state: state.append(1), act=fail)
    assert "boom" in caplog.text
