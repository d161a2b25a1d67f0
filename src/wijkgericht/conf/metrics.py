"""Prometheus metrics at `/metrics` (django-prometheus), for the monitoring network only.

The figures say how busy each view is and how the site fails, which the internet need not know. A scrape is
answered when it comes straight from an address in WIJKGERICHT_METRICS_ALLOWED (networks; default the machine
itself) and did not pass through a reverse proxy: a proxied request carries X-Forwarded-For, and behind a proxy
on the same machine every visitor arrives from 127.0.0.1. The sample nginx.conf also answers /metrics with 404.
docs/operations.md, "Health, metrics and logs".
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django_prometheus.exports import ExportToDjangoView


def scrape_allowed(request: HttpRequest) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR") or "")
    except ValueError:  # empty (a Unix socket) or not an address
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:  # gunicorn bound to [::]
        address = address.ipv4_mapped
    return any(address in network for network in settings.WIJKGERICHT_METRICS_ALLOWED)


def export(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format; with PROMETHEUS_MULTIPROC_DIR set, the sum of every gunicorn worker's figures."""
    if not scrape_allowed(request):
        return HttpResponseForbidden("forbidden", content_type="text/plain")
    return ExportToDjangoView(request)
