""""Nodig uw wijkwethouder uit" sent twice (double click, resent form) lists the request once (issue #10). Runs on
every database; the simultaneous case is in test_concurrency_once.py and tests/test_burst_server.py."""

from __future__ import annotations

import pytest

from wijkgericht.agenda.models import ActivityKind, MeetingRequest
from wijkgericht.agenda.services.meeting_requests import request_submit
from wijkgericht.districts.models import District

pytestmark = pytest.mark.django_db


def _ask(agenda, author, topic: str = "Een wandeling langs de nieuwe speelplekken"):
    return request_submit(author=author, district=District.objects.get(code="WK048909"),
                          kind=ActivityKind.objects.filter(municipality=agenda.municipality).first(),
                          topic=topic)


def test_the_same_invitation_sent_again_gives_back_the_first(agenda):
    first = _ask(agenda, agenda.resident)
    assert _ask(agenda, agenda.resident).pk == first.pk
    assert MeetingRequest.objects.filter(author=agenda.resident).count() == 1


def test_another_topic_or_another_resident_is_a_new_request(agenda):
    _ask(agenda, agenda.resident)
    _ask(agenda, agenda.resident, topic="Koffie in het buurthuis")
    _ask(agenda, agenda.other_resident)
    assert MeetingRequest.objects.filter(is_example=False).count() == 3
