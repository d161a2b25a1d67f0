"""Sign-in through an OpenID Connect provider, e.g. a DigiD or eHerkenning broker (see docs/sign-in.md).

This module is imported by the settings, so it imports nothing from Django at module level. The settings call
`oidc_settings(env.get)`; with WIJKGERICHT_OIDC_ISSUER empty it returns {} and nothing changes. The provider's
endpoints are not configured one by one: they are read from `{issuer}/.well-known/openid-configuration` on the
first DigiD sign-in of a process and kept for an hour (`op_setting`). Nothing is fetched at start-up, so the site
starts (and the other sign-in methods work) while the broker is down. An OIDC_OP_* setting set explicitly wins.
The backend and views that use this live in oidc_auth.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

BACKEND = "wijkgericht.accounts.oidc_auth.OIDCBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DISCOVERY_TTL = 3600  # seconds
DISCOVERY_TIMEOUT = 10  # seconds

# Setting that mozilla-django-oidc reads → key in the discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_settings(env_get: Callable[[str], str]) -> dict[str, Any]:
    """The settings for OIDC sign-in, from the WIJKGERICHT_OIDC_* environment variables; {} when not configured."""
    issuer = (env_get("WIJKGERICHT_OIDC_ISSUER") or "").strip().rstrip("/")
    if not issuer:
        return {}
    client_id = (env_get("WIJKGERICHT_OIDC_CLIENT_ID") or "").strip()
    if not client_id:
        raise ValueError("WIJKGERICHT_OIDC_ISSUER is set but WIJKGERICHT_OIDC_CLIENT_ID is empty.")
    return {
        "WIJKGERICHT_OIDC_ISSUER": issuer,
        "AUTHENTICATION_BACKENDS": [MODEL_BACKEND, BACKEND],
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": env_get("WIJKGERICHT_OIDC_CLIENT_SECRET") or "",
        "OIDC_RP_SCOPES": (env_get("WIJKGERICHT_OIDC_SCOPES") or "openid").strip(),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": DISCOVERY_TIMEOUT,
        "OIDC_STORE_ACCESS_TOKEN": False,  # we keep no tokens: they are not needed after sign-in
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:oidc_callback",
    }


def enabled() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "WIJKGERICHT_OIDC_ISSUER", ""))


_lock = threading.Lock()
_documents: dict[str, tuple[float, dict[str, Any]]] = {}


def discovery(issuer: str) -> dict[str, Any]:
    """The provider's discovery document, fetched at most once an hour per process."""
    import requests
    from django.core.exceptions import ImproperlyConfigured

    with _lock:
        cached = _documents.get(issuer)
        if cached and time.monotonic() - cached[0] < DISCOVERY_TTL:
            return cached[1]
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=DISCOVERY_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(f"The discovery document of {issuer} names another issuer: "
                                   f"{document.get('issuer')!r}.")
    with _lock:
        _documents[issuer] = (time.monotonic(), document)
    return document


def op_setting(name: str) -> str:
    """An OIDC_OP_* endpoint: the explicit setting if there is one, else from the issuer's discovery document."""
    from django.conf import settings

    explicit = getattr(settings, name, None)
    if explicit:
        return explicit
    return discovery(settings.WIJKGERICHT_OIDC_ISSUER)[ENDPOINTS[name]]
