"""/metrics answers Prometheus on the monitoring network only (conf/metrics.py)."""

from __future__ import annotations

import ipaddress

import pytest

pytestmark = pytest.mark.django_db


def _networks(*entries: str) -> list:
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def test_the_machine_itself_reads_request_counts_and_latency_by_view(client):
    client.get("/health/live")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    assert "# TYPE django_http_requests_total_by_method_total counter" in text
    assert 'django_http_responses_total_by_status_view_method_total{method="GET",status="200",view="health_live"}' in text
    assert "django_http_requests_latency_seconds_by_view_method_bucket{" in text


@pytest.mark.parametrize("remote_addr", ["203.0.113.7", "10.0.0.5", "2001:db8::1", ""])
def test_an_address_outside_the_allowed_networks_is_refused(client, remote_addr):
    response = client.get("/metrics", REMOTE_ADDR=remote_addr)
    assert response.status_code == 403 and b"django_http" not in response.content


def test_a_request_through_the_proxy_is_refused_even_from_the_machine_itself(client):
    """Behind nginx on the same machine every visitor arrives from 127.0.0.1, with X-Forwarded-For."""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 403


def test_the_setting_names_the_monitoring_network(client, settings):
    settings.WIJKGERICHT_METRICS_ALLOWED = _networks("10.20.0.0/16")
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::ffff:10.20.3.4").status_code == 200  # gunicorn on [::]
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403
    settings.WIJKGERICHT_METRICS_ALLOWED = []
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 403


def test_the_default_allows_the_machine_itself_only():
    from wijkgericht.conf import env

    assert env.VARIABLES["WIJKGERICHT_METRICS_ALLOWED"].default == "127.0.0.1,::1"


@pytest.mark.slow
def test_with_a_shared_folder_a_scrape_reads_the_sum_of_every_worker(tmp_path):
    """docs/operations.md: PROMETHEUS_MULTIPROC_DIR for gunicorn's workers; two processes count, a third reads."""
    import os
    import subprocess
    import sys

    code = ("import django, sys; django.setup(); from django.test import Client; client = Client(HTTP_HOST='localhost');"
            "path = sys.argv[1]; response = client.get(path); "
            "sys.stdout.write(response.content.decode() if path == '/metrics' else str(response.status_code))")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wijkgericht.conf.test", "WIJKGERICHT_DATA_DIR": str(tmp_path),
                   "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    (tmp_path / "metrics").mkdir()

    def run(path: str) -> str:
        result = subprocess.run([sys.executable, "-W", "ignore", "-c", code, path], env=environment,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run("/health/live") == run("/health/live") == "200"
    assert 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="health_live"} 2.0' in run(
        "/metrics")
