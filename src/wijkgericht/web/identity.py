"""The municipality's colours as a style sheet (/huisstijl/<code>.css): the Content-Security-Policy allows no inline
style, so frame/base.html links this file, with the municipality's content version in the address (an edit in the
back office raises it, so a browser never keeps old colours and may keep the current ones for a year)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from wijkgericht.districts.identity import theme_css
from wijkgericht.districts.models import MUNICIPALITY_CODE, Municipality


def theme_stylesheet(request: HttpRequest, code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=code).first() if MUNICIPALITY_CODE.regex.match(code) else None
    if municipality is None:
        raise Http404
    response = HttpResponse(theme_css(municipality), content_type="text/css; charset=utf-8")
    current = request.GET.get("v") == str(municipality.content_version)
    response["Cache-Control"] = "public, max-age=31536000, immutable" if current else "public, max-age=300"
    return response


urlpatterns = [path("<str:code>.css", theme_stylesheet, name="theme_stylesheet")]  # under /huisstijl/ (urls.py)
