"""The site's pages in one namespace ("web"): web's own (home, a district, the board, find my district) and the
participation pages (participation/urls.py), which keep the names they had. District-scoped pages exist at the
root for the default municipality and under gemeenten/<code>/ for every municipality."""

from django.urls import include, path

from wijkgericht.participation import urls as participation
from wijkgericht.web import views

app_name = "web"

pages = [
    path("", views.home, name="home"),
    path("wijken/", views.districts, name="districts"),
    path("wijken/<slug:slug>/", views.district, name="district"),
    *participation.pages,
    path("wethouders/", views.board, name="board"),
    path("wethouders/<slug:slug>/", views.alderman, name="alderman"),
    path("vind-mijn-wijk/", views.find, name="find"),
]

urlpatterns = [
    *participation.urlpatterns,
    *pages,
    path("gemeenten/<str:municipality>/", include(pages)),
]
