from django.urls import include, path

from wijkgericht.web import resident_views, staff_views, views

app_name = "web"

pages = [
    path("", views.home, name="home"),
    path("wijken/<slug:slug>/", views.district, name="district"),
    path("wijken/<slug:slug>/inbreng/", resident_views.district_items, name="district_items"),
    path("wijken/<slug:slug>/inbreng/<int:item_id>/", views.item, name="item"),
    path("inbreng/nieuw/", resident_views.submit, name="submit"),
    path("wethouders/", views.board, name="board"),
    path("wethouders/<slug:slug>/", views.alderman, name="alderman"),
    path("vind-mijn-wijk/", views.find, name="find"),
]

urlpatterns = [
    path("mijn-inbreng/", resident_views.my_items, name="my_items"),
    path("inbreng/<int:item_id>/<slug:action>/", resident_views.item_action, name="item_action"),
    path("fotos/<int:photo_id>/", resident_views.photo, name="photo"),
    path("werkplek/", staff_views.inbox, name="staff_inbox"),
    path("werkplek/inbreng/<int:item_id>/", staff_views.item, name="staff_item"),
    *pages,
    path("gemeenten/<str:municipality>/", include(pages)),
]
