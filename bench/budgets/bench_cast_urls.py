"""The site's URLconf plus `bench/post`: a bare POST view through the same middleware stack (sessions, CSRF,
authentication), reading the form and answering with a redirect like the ballot's cast does — the baseline."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path
from django.views.decorators.http import require_POST

from wijkgericht.urls import urlpatterns as site_urlpatterns


@require_POST
def bare_post(request: HttpRequest) -> HttpResponseRedirect:
    request.POST.getlist("project")
    return HttpResponseRedirect("/bench/done/")


urlpatterns = [path("bench/post", bare_post), *site_urlpatterns]
