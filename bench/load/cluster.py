"""The processes of run_load.py's set-up that it starts, kills and starts again: a private redis-server, the Celery
worker, haproxy in front of both web nodes; and the faults done to them during a phase (`make_fault`). The web
nodes themselves are tests/burst/harness.Site."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tests.burst.harness import Site, free_port  # noqa: E402
from tests.test_cluster import _stop_group, _worker_argv  # noqa: E402


class Redis:
    """redis-server on a fixed loopback port, keeping nothing on disk (as tests/backing_services.py starts it), so
    that it can be killed and a new one started where the nodes and the worker look for it."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.starts += 1
        out = (self.workdir / f"redis-{self.starts}.log").open("wb")
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.client().ping():
                    return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)


class Worker:
    def __init__(self, env: dict[str, str], workdir: Path):
        self.env, self.workdir = env, workdir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        path = self.workdir / f"worker-{self.starts}.log"
        with path.open("wb") as out:
            self.process = subprocess.Popen(_worker_argv(f"load-{self.starts}@127.0.0.1"), cwd=REPO, env=self.env,
                                            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if " ready." in path.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker stopped:\n{path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        raise RuntimeError("the worker did not get ready within 90 s")

    def stop(self) -> None:
        _stop_group(self.process)

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("worker-*.log")))


HAPROXY_CONFIG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout queue 10s
    timeout check 5s
    retries 2
    option redispatch
    # A node that closes a kept-alive connection as haproxy reuses it (or dies) leaves a GET unanswered: try it on
    # the other node. Never a POST: a form must not be sent twice behind the resident's back.
    retry-on conn-failure empty-response
    # gunicorn closes an idle kept-alive connection after 2 s; haproxy reusing one just then got no answer (about
    # one request in 300 in the first runs): one connection per request to the nodes, as with most WSGI servers.
    option http-server-close
frontend load
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    http-request disable-l7-retry if METH_POST
    balance roundrobin
    option httpchk GET {health}
    http-check expect status 200
    default-server inter 2s fall 3 rise 2
    server a 127.0.0.1:{a} check
    server b 127.0.0.1:{b} check
"""


def start_haproxy(workdir: Path, a: Site, b: Site, health: str) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else "")
    if not binary:
        sys.exit("haproxy is not installed: apt-get install -y haproxy (the load balancer in front of both nodes)")
    port = free_port()
    config = workdir / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, health=health, a=a.port, b=b.port))
    subprocess.run([binary, "-c", "-q", "-f", str(config)], check=True)
    with (workdir / "haproxy.log").open("wb") as out:
        process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # both nodes up (rise 2: two good checks) before any load
        with contextlib.suppress(OSError):
            statuses = {_status(f"http://127.0.0.1:{port}/healthz") for _ in range(4)}
            if statuses == {200}:
                return process, port
        time.sleep(0.5)
    raise RuntimeError(f"haproxy did not pass requests within 30 s:\n{(workdir / 'haproxy.log').read_text()}")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def stop_process(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- faults -------------------------------------------------------------------------------------------------------

class Fault:
    """Something done to the set-up while locust runs: `step(elapsed)` acts at its moments, `finish()` makes sure
    everything is back (and says so) when the phase ends early."""

    def __init__(self, steps: list[tuple[float, str, object]]):
        self.steps = steps
        self.done: list[str] = []

    def __call__(self, elapsed: float) -> str:
        if self.steps and elapsed >= self.steps[0][0]:
            _at, what, action = self.steps.pop(0)
            began = time.monotonic()
            action()
            return f"{what} ({time.monotonic() - began:.1f} s)"
        return ""

    def finish(self) -> list[str]:
        notes = []
        while self.steps:
            _at, what, action = self.steps.pop(0)
            action()
            notes.append(f"after the run: {what}")
        return notes


def make_fault(name: str, length: int, worker_stop: int, *, a: Site, b: Site, redis: Redis, worker: Worker,
               workdir: Path) -> Fault | None:
    third = length / 3
    if name == "node":
        def kill_b() -> None:
            os.killpg(b.process.pid, signal.SIGKILL)  # the node and its gunicorn worker, mid-request
            b.process.wait(timeout=10)
            b.log_path.rename(b.log_path.with_name(f"server-killed-{int(time.time())}.log"))

        return Fault([(third, "node B killed (SIGKILL)", kill_b),
                      (third + 10, "node B started again", lambda: b.start(timeout=120))])
    if name == "redis":
        return Fault([(third, "redis-server killed (SIGKILL)", redis.kill),
                      (third + 5, "a new, empty redis-server started on the same port", redis.start)])
    if name == "worker":
        return Fault([(5, "worker stopped (SIGTERM, warm shutdown)", worker.stop),
                      (5 + worker_stop, f"worker started again after {worker_stop} s", worker.start)])
    return None
