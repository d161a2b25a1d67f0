"""The agenda's staff pages, all in the workspace under werkplek/ (services reverse agenda:planning and
agenda:actions in their notifications: keep those names)."""

from django.urls import path

from wijkgericht.agenda import views_staff

urlpatterns = [
    path("werkplek/planning/", views_staff.planning, name="planning"),
    path("werkplek/activiteiten/nieuw/", views_staff.activity_create, name="activity_create"),
    path("werkplek/activiteiten/<int:activity_id>/", views_staff.activity_edit, name="activity_edit"),
    path("werkplek/activiteiten/<int:activity_id>/verslag/", views_staff.report, name="report"),
    path("werkplek/acties/", views_staff.actions, name="actions"),
    path("werkplek/wijkagenda/<slug:slug>/", views_staff.agenda_manage, name="agenda_manage"),
    path("werkplek/partners/", views_staff.partners, name="partners"),
    path("werkplek/partners/nieuw/", views_staff.partner_create, name="partner_create"),
    path("werkplek/partners/<int:partner_id>/", views_staff.partner_edit, name="partner_edit"),
]
