"""The servers a scaled-out site leans on, started for a test on loopback as processes of their own: an S3 API
(moto in server mode, the stand-in for object storage) and Redis. Never a shared system server: each test module
gets its own on a free port, and stops it (or kills it mid-test, to see what the site does without it).

Missing tools skip the test with a message saying what to install, except under CI=true, where a skipped test would
hide that the set-up is incomplete: there the test fails.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.burst.harness import free_port

S3_REGION = "us-east-1"
S3_KEY, S3_SECRET = "wijkgericht-test", "wijkgericht-test-secret"  # moto takes any credentials


def need(available: bool, what: str) -> None:
    """Skip the calling test without `what`, or fail under CI=true."""
    if available:
        return
    message = f"{what} is not installed (make install-dev; make test installs redis-server)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _start(argv: list[str]) -> subprocess.Popen:
    """A server process whose output goes to a file of its own: a pipe nobody reads fills up (moto writes a line
    per request) and then blocks the server mid-request."""
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the process; closed by _stop
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    return process


def _output(process: subprocess.Popen) -> str:
    process.log.seek(0)  # type: ignore[attr-defined]
    return process.log.read()  # type: ignore[attr-defined]


def _wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped at once: {_output(process)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not listen on port {port} within {timeout} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)
    process.log.close()  # type: ignore[attr-defined]


@dataclass
class S3Server:
    endpoint_url: str
    bucket: str

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=S3_REGION,
                            aws_access_key_id=S3_KEY, aws_secret_access_key=S3_SECRET)

    def keys(self) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket)
        return [entry["Key"] for entry in listed.get("Contents", [])]

    def storage_settings(self) -> dict:
        from wijkgericht.conf import shared

        return shared.media_storage(bucket=self.bucket, endpoint_url=self.endpoint_url, region=S3_REGION,
                                    access_key=S3_KEY, secret_key=S3_SECRET)


@contextlib.contextmanager
def s3_server(bucket: str = "wijkgericht-media") -> Iterator[S3Server]:
    """moto's S3 API on a free loopback port, with one private, versioned bucket (as docs/operations.md asks)."""
    need(importlib.util.find_spec("moto") is not None and importlib.util.find_spec("flask") is not None,
         "moto[server]")
    port = free_port()
    process = _start([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
    try:
        _wait_for_port(port, process, "moto_server")
        server = S3Server(f"http://127.0.0.1:{port}", bucket)
        client = server.client()
        client.create_bucket(Bucket=bucket)
        client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        yield server
    finally:
        _stop(process)


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def kill(self) -> None:
        _stop(self.process)


@contextlib.contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A redis-server of its own on a free loopback port, keeping nothing on disk."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    need(os.access(binary, os.X_OK), "redis-server")
    port = free_port()
    process = _start([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    try:
        _wait_for_port(port, process, "redis-server")
        yield RedisServer(port, process)
    finally:
        _stop(process)
