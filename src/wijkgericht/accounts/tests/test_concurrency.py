"""One account per e-mail address, also when the registration form is sent ten times at once (issue #10): the
losers of the race get the same answer as a taken address, not a server error. PostgreSQL threads here; the same
burst through a real server on SQLite and PostgreSQL in tests/test_burst_server.py."""

from __future__ import annotations

import pytest

from wijkgericht.accounts import services
from wijkgericht.accounts.models import User
from wijkgericht.core.tests.concurrency import all_at_once, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_the_same_registration_ten_times_at_once_makes_one_account():
    results, errors = all_at_once([lambda: services.register(email="Dubbel@Example.nl", password="een-lang-wachtwoord",
                                                             privacy_accepted=True)] * 10)
    assert errors == []
    assert User.objects.filter(email__iexact="dubbel@example.nl").count() == 1
    assert sum(1 for r in results if r is not None) == 1
