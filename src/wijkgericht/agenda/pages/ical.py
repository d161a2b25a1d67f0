"""The per-activity calendar download ("Zet in mijn agenda"): one public activity as an .ics attachment."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from wijkgericht.agenda import ical
from wijkgericht.agenda.models import Activity

MAX_AGE = 900


@require_safe
def activity_ics(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Only public activities: an invitation-only one is a 404, as if it did not exist."""
    activity = (Activity.objects.filter(pk=activity_id, is_public=True).select_related("kind")
                .prefetch_related("districts", "hosts").first())
    if activity is None:
        raise Http404("Deze activiteit bestaat niet of is niet openbaar.")
    etag = f'W/"{activity.uid.hex}-{activity.sequence}-{int(activity.updated_at.timestamp())}"'
    last_modified = int(activity.updated_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        body = ical.calendar_for([activity], name=activity.title, url=ical.activity_url(activity))
        response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="activiteit-{activity.pk}.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
