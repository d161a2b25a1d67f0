"""The site's URLconf plus `bench/hello`: a bare view through the same middleware stack, the baseline."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from wijkgericht.urls import urlpatterns as site_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


# i18n_patterns must stay in the root URLconf, so the site's list is spread here rather than include()d.
urlpatterns = [path("bench/hello", hello), *site_urlpatterns]
