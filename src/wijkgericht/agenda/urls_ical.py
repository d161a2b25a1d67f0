"""The per-activity calendar download; the feeds are in the API (agenda/api.py)."""

from django.urls import path

from wijkgericht.agenda import views_ical

urlpatterns = [
    path("activiteiten/<int:activity_id>/agenda.ics", views_ical.activity_ics, name="activity_ics"),
]
