"""Rate limits on every way in (django-ratelimit): the sign-in forms, the e-mail links, password reset, the second
factor, the DigiD (OIDC) callback; the admin has no sign-in of its own (accounts/admin_site.py).

Counted per source (the visitor's address, accounts/clientip.py), per account *and* source, and per account from
all sources with a higher ceiling. A flood of wrong passwords for someone's address from one source stops that
source, not the owner elsewhere; a flood from many sources stops password sign-in for that account, while the
e-mail sign-in link, which only the owner can open, keeps working (it has counters of its own, and every link the
flood asks for goes to the owner's mailbox).

Only POSTs count, unless `methods` says otherwise. Over a limit the request gets settings.RATELIMIT_VIEW's 429
page. The rates are module-level constants, read on every request, so tests (and an operator, in settings-free
emergencies) can change them. Counters live in the "ratelimit" cache (apart from the page cache, whose floods would
cull them): set REDIS_URL in production so that all workers share them.

Elsewhere a counter that cannot be read (Redis unreachable) lets the request through (RATELIMIT_FAIL_OPEN): better
a form without its limit than a site that refuses everyone. These limits fail closed instead: without a counter,
password guessing would be unlimited, so every way in answers with the 429 page until Redis is back.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from wijkgericht.accounts.clientip import client_ip

# "count/period": period s, m, h, d, or e.g. 15m.
LOGIN_PER_IP = "30/5m"
LOGIN_PER_EMAIL_AND_IP = "10/15m"
LOGIN_PER_EMAIL = "100/h"  # from all sources together: slows guessing from many addresses
REGISTER_PER_IP = "10/h"
REGISTER_PER_EMAIL = "3/h"
MAGIC_LINK_PER_IP = "10/h"
MAGIC_LINK_PER_EMAIL = "3/15m"
PASSWORD_RESET_PER_IP = "10/h"
PASSWORD_RESET_PER_EMAIL = "3/h"
RESEND_PER_IP = "10/h"
RESEND_PER_USER = "3/h"
LINK_USE_PER_IP = "30/h"  # the e-mail links themselves (sign-in, confirmation, password reset): POSTs per source
OTP_PER_IP = "30/5m"
OTP_PER_USER = "10/15m"  # only someone who knows the password gets this far, so it cannot lock out the owner
OIDC_CALLBACK_PER_IP = "30/5m"
PASSWORD_CHECK_PER_IP = "30/h"  # a signed-in form that checks the password (deleting the account)
PASSWORD_CHECK_PER_USER = "10/h"


def _posted(field: str) -> Callable[[str, HttpRequest], str]:
    def key(group: str, request: HttpRequest) -> str:
        return request.POST.get(field, "").strip().lower()
    return key


def source(request: HttpRequest) -> str:
    """The visitor's network as every per-source counter takes it, like django-ratelimit's own "ip" key: the address,
    or for IPv6 its /64 (RATELIMIT_IPV6_MASK), one home network's worth of addresses."""
    address = client_ip(request)
    mask = (getattr(settings, "RATELIMIT_IPV6_MASK", 64) if ":" in address
            else getattr(settings, "RATELIMIT_IPV4_MASK", 32))
    return str(ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address)


def _posted_with_ip(field: str) -> Callable[[str, HttpRequest], str]:
    def key(group: str, request: HttpRequest) -> str:
        return f"{request.POST.get(field, '').strip().lower()}|{source(request)}"
    return key


def _user(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


def over_limit(request: HttpRequest, *, group: str, key: object, rate: str) -> bool:
    """Count this request; whether it is over `rate`, or the counter could not be counted (fail closed)."""
    usage = get_usage(request, group=group, key=key, rate=rate, method=request.method, increment=True)
    if usage is None:  # nothing counted: rate limiting switched off, or the counter's cache did not answer
        return getattr(settings, "RATELIMIT_ENABLE", True)
    return usage["should_limit"]


def rate_limited_response(request: HttpRequest) -> HttpResponse:
    return import_string(settings.RATELIMIT_VIEW)(request, Ratelimited())


def limit(group: str, *, ip: str, email: str | None = None, email_and_ip: str | None = None,
          user: str | None = None, field: str = "email", methods: tuple[str, ...] = ("POST",)):
    """Decorate a view: requests (`methods`) over the rate named by `ip` (per source address), `email` (per posted
    `field`, lower-cased), `email_and_ip` (per that field and source together) or `user` (per signed-in user) get
    the 429 page. The names refer to the constants in this module.

    The per-source counters (and the signed-in user's own) count every attempt, so a refused source stays refused.
    The per-address ceiling from all sources counts only attempts their own source let through: a flood from one
    place stops at that place's limits and never reaches the ceiling that would stop the owner everywhere."""
    checks: list[tuple[str, object]] = [(ip, "ip")]
    if email_and_ip:
        checks.append((email_and_ip, _posted_with_ip(field)))
    if user:
        checks.append((user, _user))
    ceilings: list[tuple[str, object]] = [(email, _posted(field))] if email else []

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods:
                limited = False
                for rate_name, key in checks:
                    limited |= over_limit(request, group=f"accounts.{group}.{rate_name}", key=key,
                                          rate=globals()[rate_name])
                for rate_name, key in ceilings if not limited else ():
                    limited |= over_limit(request, group=f"accounts.{group}.{rate_name}", key=key,
                                          rate=globals()[rate_name])
                if limited:
                    return rate_limited_response(request)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
