"""Security headers on pages, API and errors (reliability checklist A.2): CSP without inline script, nosniff,
referrer policy, frame denial."""

import pytest

pytestmark = pytest.mark.django_db

URLS = ["/", "/wijken/nieuweland/", "/wethouders/", "/vind-mijn-wijk/", "/en/", "/api/v1/districts",
        "/api/v1/openapi.json", "/api/v1/lookup?lat=x&lon=y", "/wijken/bestaat-niet/", "/admin/login/",
        "/api/v1/docs"]


@pytest.mark.parametrize("url", URLS)
def test_headers(client, barendrecht, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "charset=utf-8" in response["Content-Type"].lower() or "json" in response["Content-Type"]


def test_pages_have_no_inline_script_or_style_attributes(client, barendrecht):
    for url in ["/", "/wijken/nieuweland/", "/wethouders/", "/vind-mijn-wijk/"]:
        page = client.get(url).content.decode()
        assert "<script>" not in page and " style=" not in page, url
        assert " on" + "click=" not in page


def test_cors_is_not_reflected(client, barendrecht):
    response = client.get("/api/v1/districts", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
