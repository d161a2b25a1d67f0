"""The agenda's public pages. District-scoped pages follow web/urls.py: the default municipality at the root and
every municipality under gemeenten/<code>/; one activity and the POST actions have one address for all."""

from django.urls import include, path

from wijkgericht.agenda.pages import public

pages = [
    path("activiteiten/", public.agenda, name="agenda"),
    path("wijken/<slug:slug>/activiteiten/", public.district_agenda, name="district_agenda"),
    path("wijken/<slug:slug>/uitnodigen/", public.invite, name="invite"),
]

urlpatterns = [
    path("activiteiten/<int:activity_id>/", public.activity, name="activity"),
    path("activiteiten/<int:activity_id>/aanmelden/", public.rsvp, name="rsvp"),
    path("activiteiten/<int:activity_id>/afmelden/", public.rsvp_cancel, name="rsvp_cancel"),
    path("verzoeken/<int:request_id>/steun/", public.request_support, name="request_support"),
    *pages,
    path("gemeenten/<str:municipality>/", include(pages)),
]
