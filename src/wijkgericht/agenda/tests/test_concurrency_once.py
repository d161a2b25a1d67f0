"""The agenda's "once per person" rules under simultaneous requests (issue #10), on PostgreSQL with one connection
per thread: supporting a meeting request, and "Nodig uw wijkwethouder uit" sent twice. Registrations are in
test_concurrency.py; the same bursts through a real server on SQLite and PostgreSQL in tests/test_burst_server.py."""

from __future__ import annotations

import pytest

from wijkgericht.agenda.models import ActivityKind, MeetingRequest, RequestSupport
from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit, request_support
from wijkgericht.core.tests.concurrency import all_at_once, postgres_only
from wijkgericht.districts.models import District
from wijkgericht.participation.testing import make_user

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def _ask(agenda, author, topic: str = "Een fietstocht langs de nieuwe speelplekken") -> MeetingRequest:
    return request_submit(author=author, district=District.objects.get(code="WK048909"),
                          kind=ActivityKind.objects.filter(municipality=agenda.municipality).first(),
                          topic=topic)


def _placed(agenda, author) -> MeetingRequest:
    """An invitation placed by moderation (issue #14): only then can others support it."""
    return request_moderate(request=_ask(agenda, author), actor=None, approve=True)


def test_twenty_identical_supports_of_a_request_at_once_count_once(agenda):
    request = _placed(agenda, agenda.resident)
    results, errors = all_at_once([lambda: request_support(request=request,
                                                           user=agenda.other_resident)] * 20)
    assert errors == []
    assert sorted(results) == [False] * 19 + [True]
    assert RequestSupport.objects.filter(request=request, user=agenda.other_resident).count() == 1


def test_fifty_residents_supporting_a_request_at_once_each_count(agenda):
    request = _placed(agenda, agenda.resident)
    people = [make_user(f"verzoek{n}@example.nl") for n in range(50)]
    _results, errors = all_at_once([lambda u=u: request_support(request=request, user=u) for u in people])
    assert errors == []
    assert RequestSupport.objects.filter(request=request).count() == 51  # the author's own support, and fifty


def test_the_same_invitation_sent_five_times_at_once_is_one_request(agenda):
    """Five, the rate limit of the invite form: a double click or a resent form must not list the request twice."""
    results, errors = all_at_once([lambda: _ask(agenda, agenda.resident)] * 5)
    assert errors == []
    assert MeetingRequest.objects.filter(author=agenda.resident).count() == 1
    assert len({r.pk for r in results}) == 1
    assert RequestSupport.objects.filter(user=agenda.resident).count() == 1
