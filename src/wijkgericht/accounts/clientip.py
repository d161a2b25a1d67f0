"""The visitor's address, for every rate limit (settings.RATELIMIT_IP_META_KEY points here).

Without a proxy it is REMOTE_ADDR. Behind `WIJKGERICHT_TRUSTED_PROXIES` = N reverse proxies, each of which appends
the address it received the request from to X-Forwarded-For, the visitor is the N-th entry from the right: the one
the outermost trusted proxy appended. Entries further left were sent by the client and are never believed. A
missing, short or malformed header falls back to REMOTE_ADDR (the proxy's own address): limits then get stricter,
never looser, and a request never fails for it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a counter key, not a bind address: REMOTE_ADDR empty (a Unix socket)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = _valid(request.META.get("REMOTE_ADDR") or "") or UNKNOWN
    proxies = int(getattr(settings, "WIJKGERICHT_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
