"""Invitations to the alderman are moderated like ideas (issue #14): a resident's invitation waits until a
moderator or the district team places it; only then is it public and supportable; not placing it tells its author
why."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import ActivityKind, MeetingRequest
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit, request_support
from wijkgericht.districts.models import District
from wijkgericht.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(roles) -> MeetingRequest:
    with translation.override("nl"):
        kinds_ensure_defaults(roles.municipality)
    kind = ActivityKind.objects.get(municipality=roles.municipality, slug="fietstocht")
    return request_submit(author=roles.resident, district=District.objects.get(code="WK048909"), kind=kind,
                          topic="Fietsen langs de dijk")


def events(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("event", flat=True))


def test_an_invitation_waits_for_moderation_and_is_then_public(client, roles, invitation):
    assert invitation.status == MeetingRequest.Status.PENDING
    assert "meeting_request.pending" in events(roles.moderator)
    assert "meeting_request.new" not in events(roles.district_alderman)  # not before it is placed
    assert "Fietsen langs de dijk" not in client.get("/wijken/nieuweland/uitnodigen/").content.decode()
    with pytest.raises(ValidationError):
        request_support(request=invitation, user=roles.other_resident)  # not supportable while waiting
    with pytest.raises(PermissionDenied):
        request_moderate(request=invitation, actor=roles.other_resident, approve=True)

    sign_in_verified(client, roles.moderator)
    page = client.get("/werkplek/uitnodigingen/").content.decode()
    assert "Fietsen langs de dijk" in page
    assert "Uitnodigingen van inwoners controleren" in client.get("/werkplek/").content.decode()
    response = client.post("/werkplek/uitnodigingen/", {"request": invitation.pk, "decision": "approve"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == MeetingRequest.Status.OPEN
    assert "meeting_request.published" in events(roles.resident)
    assert "meeting_request.new" in events(roles.district_alderman)
    assert request_support(request=invitation, user=roles.other_resident) is True
    with pytest.raises(ValidationError):
        request_moderate(request=invitation, actor=roles.moderator, approve=False, reason="te laat")
    client.logout()
    assert "Fietsen langs de dijk" in client.get("/wijken/nieuweland/uitnodigen/").content.decode()


def test_not_placing_needs_a_reason_which_the_author_reads(client, roles, invitation):
    sign_in_verified(client, roles.moderator)
    missing = client.post("/werkplek/uitnodigingen/", {"request": invitation.pk, "decision": "reject"})
    assert missing.status_code == 400 and 'href="#id_reason_' in missing.content.decode()
    client.post("/werkplek/uitnodigingen/", {"request": invitation.pk, "decision": "reject",
                                             "reason": "Dit gaat over een ander onderwerp."})
    invitation.refresh_from_db()
    assert invitation.status == MeetingRequest.Status.REJECTED
    told = Notification.objects.get(recipient=roles.resident, event="meeting_request.rejected")
    assert told.params["reason"] == "Dit gaat over een ander onderwerp."
    assert "Er wachten geen uitnodigingen op controle." in client.get("/werkplek/uitnodigingen/").content.decode()


def test_the_district_team_places_its_districts_invitations(roles, invitation):
    request_moderate(request=invitation, actor=roles.civil_servant, approve=True)  # wijkregisseur of Nieuweland
    assert MeetingRequest.objects.get(pk=invitation.pk).status == MeetingRequest.Status.OPEN
