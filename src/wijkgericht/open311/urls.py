"""Open311 GeoReport v2, mounted at /open311/v2/ by the project's urls.py. Every resource in .xml and .json."""

from django.urls import re_path

from wijkgericht.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<service_code>[^/]+?)" + FMT, views.service_definition, name="service_definition"),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FMT, views.service_request, name="request"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
