"""Fixtures shared by the agenda tests."""

import pytest

from wijkgericht.agenda.models import Activity, AgendaItem, MeetingRequest, Partner
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults


@pytest.fixture
def agenda(roles):
    """The roles on the demo, with the default activity kinds and without the demo's example agenda data, so counts,
    rankings and what the pages show are about the test's own rows only."""
    kinds_ensure_defaults(roles.municipality)
    for model in (Activity, MeetingRequest, Partner):
        model.objects.filter(is_example=True).delete()
    AgendaItem.objects.filter(is_example=True).delete()
    return roles
