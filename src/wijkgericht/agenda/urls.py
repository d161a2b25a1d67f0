"""The agenda's pages, one namespace. District-scoped public pages follow web/urls.py: the default municipality at
the root and every municipality under gemeenten/<code>/; one activity and the POST actions have one address for
all. The staff's pages live in the workspace under werkplek/ (services reverse agenda:planning and agenda:actions
in their notifications: keep those names). The calendar feeds are in the API (agenda/api.py)."""

from django.urls import include, path

from wijkgericht.agenda.pages import ical, public
from wijkgericht.agenda.pages.staff import (
    actions,
    activities,
    district_agenda,
    moderation,
    partners,
    planning,
    reports,
)

app_name = "agenda"

district_pages = [
    path("activiteiten/", public.agenda, name="agenda"),
    path("wijken/<slug:slug>/activiteiten/", public.district_agenda, name="district_agenda"),
    path("wijken/<slug:slug>/uitnodigen/", public.invite, name="invite"),
]

public_pages = [
    path("activiteiten/<int:activity_id>/agenda.ics", ical.activity_ics, name="activity_ics"),
    path("activiteiten/<int:activity_id>/", public.activity, name="activity"),
    path("activiteiten/<int:activity_id>/aanmelden/", public.rsvp, name="rsvp"),
    path("activiteiten/<int:activity_id>/afmelden/", public.rsvp_cancel, name="rsvp_cancel"),
    path("verzoeken/<int:request_id>/steun/", public.request_support, name="request_support"),
    *district_pages,
    path("gemeenten/<str:municipality>/", include(district_pages)),
]

staff_pages = [
    path("werkplek/planning/", planning.planning, name="planning"),
    path("werkplek/uitnodigingen/", moderation.request_moderation, name="request_moderation"),
    path("werkplek/activiteiten/nieuw/", activities.activity_create, name="activity_create"),
    path("werkplek/bezoek-vastleggen/", activities.visit_record, name="visit_record"),
    path("werkplek/activiteiten/<int:activity_id>/", activities.activity_edit, name="activity_edit"),
    path("werkplek/activiteiten/<int:activity_id>/verslag/", reports.report, name="report"),
    path("werkplek/acties/", actions.actions, name="actions"),
    path("werkplek/wijkagenda/<slug:slug>/", district_agenda.agenda_manage, name="agenda_manage"),
    path("werkplek/partners/", partners.partners, name="partners"),
    path("werkplek/partners/nieuw/", partners.partner_create, name="partner_create"),
    path("werkplek/partners/<int:partner_id>/", partners.partner_edit, name="partner_edit"),
]

urlpatterns = [*public_pages, *staff_pages]
