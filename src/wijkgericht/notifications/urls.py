from django.urls import path

from wijkgericht.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelezen/", views.mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/", views.notification_open, name="open"),
]
