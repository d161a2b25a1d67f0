"""The admin site: no sign-in form of its own. /admin/login/ leads to the site's sign-in, so the admin has the same
rate limits and the same second factor as every other way in; and a staff session must have passed that factor
before any admin page (has_permission)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from wijkgericht.accounts import secondfactor


class AdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, reverse("accounts:login"))

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and secondfactor.passed(request)
