"""The per-activity calendar download; the feeds are in the API (agenda/api.py)."""

from django.urls import path

from wijkgericht.agenda.pages import ical

urlpatterns = [
    path("activiteiten/<int:activity_id>/agenda.ics", ical.activity_ics, name="activity_ics"),
]
