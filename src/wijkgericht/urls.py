from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from wijkgericht.api.v1 import api
from wijkgericht.conf import health, metrics


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz),  # the bare view the benchmarks compare against; the load balancer asks health/
    # For the load balancer and Prometheus, in no language (docs/operations.md, "Health, metrics and logs").
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", metrics.export, name="metrics"),
    path("open311/v2/", include("wijkgericht.open311.urls")),
    # Uploaded photos, with the permission checks of their item (web/media.py); in production too, not the proxy.
    path(f"{settings.MEDIA_URL.strip('/')}/", include("wijkgericht.web.media")),
    # The municipality's colours as NL Design System tokens (web/identity.py), in every language the same.
    path("huisstijl/", include("wijkgericht.web.identity")),
    *i18n_patterns(
        path("account/", include("wijkgericht.accounts.urls")),
        path("berichten/", include("wijkgericht.notifications.urls")),
        path("", include("wijkgericht.agenda.urls")),
        path("", include("wijkgericht.budgets.urls")),
        path("", include("wijkgericht.evaluation.urls")),
        path("", include("wijkgericht.sitepages.urls")),
        path("", include("wijkgericht.web.urls")),
        prefix_default_language=False,
    ),
]

# A 404 belongs to no municipality (its address may name one that does not exist): the frame without one, as
# before the context processor offered every page the default municipality's frame.
handler404 = "wijkgericht.frame.errors.page_not_found"
