"""The admin site: no sign-in form of its own. /admin/login/ leads to the site's sign-in, so the admin has the same
rate limits and the same second factor as every other way in; and a staff session must have passed that factor
before any admin page (has_permission)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from wijkgericht.accounts import secondfactor


class AdminSite(admin.AdminSite):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[tuple[str, Callable[..., HttpResponse], str]] = []

    def register_page(self, route: str, view: Callable[..., HttpResponse], name: str) -> None:
        """A back-office page that belongs to no model (the set-up page, setup/admin.py), under the admin's
        address and name ("admin:<name>"), behind the same sign-in and second factor as every admin page."""
        self._pages.append((route, view, name))

    def get_urls(self) -> list[Any]:
        pages = [path(route, self.admin_view(view), name=name) for route, view, name in self._pages]
        return pages + super().get_urls()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index", current_app=self.name)
        return redirect_to_login(target, reverse("accounts:login"))

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and secondfactor.passed(request)
