"""For tests: a resident's invitation as the public sees it, i.e. submitted and placed by moderation (issue #14)."""

from __future__ import annotations

from typing import Any

from wijkgericht.agenda.models import MeetingRequest
from wijkgericht.agenda.services.meeting_requests import request_moderate, request_submit


def request_placed(**kwargs: Any) -> MeetingRequest:
    """`request_submit(**kwargs)`, then placed by the system (as a moderator would): an open request."""
    request = request_submit(**kwargs)
    if request.status == MeetingRequest.Status.PENDING:
        request = request_moderate(request=request, actor=None, approve=True)
    return request
