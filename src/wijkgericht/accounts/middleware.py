"""Staff pass the second factor before any page: a signed-in staff member whose session is not verified is sent to
set it up (no device yet) or to type a code. Only those pages, signing out, switching language and what those pages
load stay open: the municipality's style sheet and its public media (the media view itself holds private photos back
until the second factor is passed), and the health and metrics addresses, which show no one's data.
After OTPMiddleware (which gives request.user its is_verified())."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from wijkgericht.accounts import secondfactor

OPEN = {("accounts", "otp_setup"), ("accounts", "otp_verify"), ("accounts", "logout"), ("", "set_language"),
        ("", "theme_stylesheet"), ("", "media"),
        # for machines, not people: the load balancer's probes and Prometheus' scrape (its own address check)
        ("", "health_live"), ("", "health_ready"), ("", "metrics")}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and (match.namespace, match.url_name) in OPEN:
            return None
        if secondfactor.passed(request):
            return None
        target = "accounts:otp_verify" if secondfactor.has_device(user) else "accounts:otp_setup"
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        return HttpResponseRedirect(reverse(target) + (f"?{urlencode({'next': next_url})}" if next_url else ""))
