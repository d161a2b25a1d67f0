"""transaction_lock: any kind name and any id make a valid PostgreSQL advisory lock (both halves are 32-bit signed
integers there; a CRC-32 or a bigint id above 2^31 was refused), and it holds within the transaction."""

from __future__ import annotations

import zlib

import pytest
from django.db import connection, transaction

from wijkgericht.core.locks import transaction_lock

pytestmark = pytest.mark.django_db


def test_large_names_and_ids_lock():
    kind = "wijkgericht.evaluation.tallies"
    assert zlib.crc32(kind.encode()) > 2**31  # the name that was refused
    with transaction.atomic():
        transaction_lock(kind, 2**40 + 7)
        transaction_lock(kind, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
                assert cursor.fetchone()[0] == 2
