"""The agenda's staff pages, all in the workspace under werkplek/ (services reverse agenda:planning and
agenda:actions in their notifications: keep those names)."""

from django.urls import path

from wijkgericht.agenda.pages.staff import actions, activities, district_agenda, partners, planning, reports

urlpatterns = [
    path("werkplek/planning/", planning.planning, name="planning"),
    path("werkplek/activiteiten/nieuw/", activities.activity_create, name="activity_create"),
    path("werkplek/activiteiten/<int:activity_id>/", activities.activity_edit, name="activity_edit"),
    path("werkplek/activiteiten/<int:activity_id>/verslag/", reports.report, name="report"),
    path("werkplek/acties/", actions.actions, name="actions"),
    path("werkplek/wijkagenda/<slug:slug>/", district_agenda.agenda_manage, name="agenda_manage"),
    path("werkplek/partners/", partners.partners, name="partners"),
    path("werkplek/partners/nieuw/", partners.partner_create, name="partner_create"),
    path("werkplek/partners/<int:partner_id>/", partners.partner_edit, name="partner_edit"),
]
