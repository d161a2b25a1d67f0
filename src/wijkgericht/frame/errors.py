"""The site's error pages that a view of ours renders: a 404 and a 429, in the frame without a municipality."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkgericht.frame.context import bare_context


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: the 404 page belongs to no municipality (it may be the address of one that does not exist)."""
    return render(request, "404.html", {**bare_context(), "request_path": request.path}, status=404)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What django-ratelimit shows when someone sends too much too fast (settings.RATELIMIT_VIEW)."""
    response = render(request, "429.html", bare_context(), status=429)
    response["Retry-After"] = "60"
    return response
