"""Work that follows a write once its transaction commits, done once per transaction however many writes asked.

Two parts of the site gather what a transaction changed and act on it after the commit: the public pages' version
counters (districts/versioning.py) and the evaluation's daily rollup (evaluation/rollup.py). Both want the same
thing: no lock held inside the write's transaction, nothing done for a write that rolled back, and one action for
many writes. `once_after_commit` adds each call's part to the state its transaction shares.

Each call registers a callback of its own, so a savepoint that rolls back takes only its own with it; the callbacks
of one transaction share one state, found in the connection's own list of commit callbacks (newest first), and the
first to run acts for all. Robust: the write has committed by then, so a failing action is logged instead of turning
it into an error page (which would invite the visitor to repeat it). Outside a transaction it acts at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.db import transaction

State = TypeVar("State")


class _Pending(Generic[State]):
    __slots__ = ("act", "done", "key", "state")

    def __init__(self, key: Hashable, state: State, act: Callable[[State], None]) -> None:
        self.key, self.state, self.act, self.done = key, state, act, False


def once_after_commit(key: Hashable, *, start: Callable[[], State], add: Callable[[State], None],
                      act: Callable[[State], None]) -> None:
    """Gather into the state this transaction keeps for `key` (made by `start` at the first call): `add(state)` now,
    `act(state)` once, after the commit (outside a transaction: at once, after `add`)."""
    connection = transaction.get_connection()
    pending = _pending(connection, key) if connection.in_atomic_block else None
    if pending is None:
        pending = _Pending(key, start(), act)
    add(pending.state)
    transaction.on_commit(_callback(pending), robust=True)


def _callback(pending: _Pending[Any]) -> Callable[[], None]:
    """One call's commit callback; every callback of a transaction and key shares one _Pending, and the first to
    run acts. A function, named after its key: Django's robust on_commit logs a failure by the callback's
    __qualname__."""

    def callback() -> None:
        if pending.done:
            return
        pending.done = True
        pending.act(pending.state)

    callback.pending = pending  # type: ignore[attr-defined]
    callback.__qualname__ = f"once_after_commit({pending.key!r})"
    return callback


def _pending(connection: Any, key: Hashable) -> _Pending[Any] | None:
    for _savepoints, callback, _robust in reversed(connection.run_on_commit):
        pending = getattr(callback, "pending", None)
        if isinstance(pending, _Pending) and pending.key == key:
            return None if pending.done else pending
    return None
