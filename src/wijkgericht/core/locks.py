"""A lock for one key of one kind of work, held until the surrounding transaction ends: PostgreSQL's advisory
transaction lock. The embedded SQLite needs none: a writing transaction holds the whole database (IMMEDIATE).
`replace_rows` is the use the evaluation's counts make of it: recount a part, replace its rows."""

from __future__ import annotations

import zlib
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Model, QuerySet

_INT4 = 0x7FFFFFFF  # pg_advisory_xact_lock(int4, int4): both halves must fit a signed 32-bit integer


def transaction_lock(kind: str, key: int) -> None:
    """Wait for, then hold until commit or rollback, the lock on `key` (an id) of `kind` (a name such as
    "wijkgericht.evaluation.rollup"). Two keys that share the low 31 bits share a lock: they only wait longer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                           [zlib.crc32(kind.encode()) & _INT4, int(key) & _INT4])


def replace_rows(kind: str, key: int, stale: QuerySet, fresh: Callable[[], list[Model]]) -> int:
    """Under the lock on `key` of `kind`, in one transaction: delete `stale` and insert what `fresh()` computes then
    (after the lock, so a later replacement sees an earlier one's writes). Returns the number of rows inserted."""
    with transaction.atomic():
        transaction_lock(kind, key)
        stale.delete()
        rows = fresh()
        stale.model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
