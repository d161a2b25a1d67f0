"""Run calls at the same moment, each in its own thread with its own database connection (issue #10).

Used by the "once per person" tests. They run on PostgreSQL: in-process threads cannot race on the in-memory SQLite
test database (one shared cache, table locks instead of a busy wait). The SQLite side of the same rules is tested
through a real server on a database file: tests/test_burst_server.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads in one process cannot race on the in-memory SQLite test database; the SQLite burst runs "
           "through a real server in tests/test_burst_server.py")


def all_at_once(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Release every call together; return what they returned and what they raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as error:  # noqa: BLE001 — reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results, errors
