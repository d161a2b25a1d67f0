"""Rate limits on the sign-in forms (django-ratelimit), per IP address and per e-mail address.

Only POSTs count. Over a limit the request gets settings.RATELIMIT_VIEW's 429 page. The rates are module-level
constants, read on every request, so tests (and an operator, in settings-free emergencies) can change them.
Counters live in the default cache: set REDIS_URL in production so that all workers share them. Behind a reverse
proxy set RATELIMIT_IP_META_KEY, or every visitor shares the proxy's address.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

# "count/period": period s, m, h, d, or e.g. 15m.
LOGIN_PER_IP = "30/5m"
LOGIN_PER_EMAIL = "10/15m"
REGISTER_PER_IP = "10/h"
REGISTER_PER_EMAIL = "3/h"
MAGIC_LINK_PER_IP = "10/h"
MAGIC_LINK_PER_EMAIL = "3/15m"
PASSWORD_RESET_PER_IP = "10/h"
PASSWORD_RESET_PER_EMAIL = "3/h"
RESEND_PER_IP = "10/h"
RESEND_PER_USER = "3/h"


def _posted(field: str) -> Callable[[str, HttpRequest], str]:
    def key(group: str, request: HttpRequest) -> str:
        return request.POST.get(field, "").strip().lower()
    return key


def _user(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


def rate_limited_response(request: HttpRequest) -> HttpResponse:
    return import_string(settings.RATELIMIT_VIEW)(request, Ratelimited())


def limit(group: str, *, ip: str, email: str | None = None, user: str | None = None, field: str = "email"):
    """Decorate a view: POSTs over the rate named by `ip` (per address), `email` (per posted `field`, lower-cased)
    or `user` (per signed-in user) get the 429 page. The names refer to the constants in this module."""
    checks: list[tuple[str, object]] = [(ip, "ip")]
    if email:
        checks.append((email, _posted(field)))
    if user:
        checks.append((user, _user))

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method == "POST":
                limited = False
                for rate_name, key in checks:
                    # Every counter is incremented, so a blocked address keeps counting for each IP and vice versa.
                    limited |= is_ratelimited(request, group=f"accounts.{group}.{rate_name}", key=key,
                                              rate=globals()[rate_name], method="POST", increment=True)
                if limited:
                    return rate_limited_response(request)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
