from django.urls import include, path

from wijkgericht.web import views

app_name = "web"

pages = [
    path("", views.home, name="home"),
    path("wijken/<slug:slug>/", views.district, name="district"),
    path("wijken/<slug:slug>/inbreng/<int:item_id>/", views.item, name="item"),
    path("wethouders/", views.board, name="board"),
    path("wethouders/<slug:slug>/", views.alderman, name="alderman"),
    path("vind-mijn-wijk/", views.find, name="find"),
]

urlpatterns = [
    *pages,
    path("gemeenten/<str:municipality>/", include(pages)),
]
