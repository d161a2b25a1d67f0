"""Liveness and readiness for the load balancer (docs/operations.md, "Health, metrics and logs").

`/health/live` answers as long as the process serves requests and touches nothing else: a load balancer or
systemd that restarts a node on a failed liveness check must not restart every node because the database is down.
`/health/ready` asks what a request needs (django-health-check): every database and cache alias, the file storage,
and the Celery broker when there is one (REDIS_URL). A node whose dependency fails answers 503 and names it, so the
load balancer sends traffic elsewhere while the node itself keeps serving what it can.

The broker check only connects to the broker; it does not wait for a worker: a web node stays ready while the
worker pool is down (mail waits in the queue), and taking every web node out because a worker stopped would turn
a delay into an outage.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from celery import current_app
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import OperationalError

# What a load balancer understands as "send no traffic here" (500 would read as a crash of the check itself).
NOT_READY = 503


def live(request: HttpRequest) -> HttpResponse:
    """The process is up and answers; no database, cache or storage is asked."""
    return HttpResponse("ok", content_type="text/plain")


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker (the app notifications/celery.py configures) accepts a connection. Its repr names no host:
    the answer may be seen by more than the load balancer."""

    timeout = datetime.timedelta(seconds=2)

    def run(self) -> None:
        try:
            with current_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=0, timeout=self.timeout.total_seconds())
        except (OSError, OperationalError) as exc:
            raise ServiceUnavailable("no connection to the Celery broker") from exc


def readiness_checks() -> list[tuple[type[HealthCheck], dict[str, Any]]]:
    """Read at each request from the settings, so a test (or a changed setting) sees its own set."""
    checks: list[tuple[type[HealthCheck], dict[str, Any]]] = [(Database, {"alias": a}) for a in settings.DATABASES]
    checks += [(Cache, {"alias": alias}) for alias in settings.CACHES]
    checks.append((Storage, {"alias": "default"}))
    if settings.REDIS_URL:  # without it tasks run in the web process: there is no broker to ask
        checks.append((Broker, {}))
    return checks


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering in plain text (JSON with `Accept: application/json` or
    `?format=json`) and with 503 when a check fails; one line per check, e.g. `Cache(alias='default'): OK`."""

    def get_checks(self):
        self.checks = readiness_checks()
        return super().get_checks()

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if any(result.error for result in self.results) and response.status_code == 500:
            response.status_code = NOT_READY
        return response

    def render_to_response(self, context, **response_kwargs):
        """The library's HTML page needs its templates; plain text serves a load balancer and a person alike."""
        return self.render_to_response_text(response_kwargs.get("status", 200))


ready = ReadinessView.as_view()
