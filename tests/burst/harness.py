"""Start the `wijkgericht demo` server on a database of its own and fire bursts of simultaneous POSTs at it.

The server is the real thing a municipality runs for the embedded default: `wijkgericht demo --port N` (migrate,
load the demo, serve), in a process of its own, on a database file (SQLite) or a PostgreSQL database made for the
burst. Each request of a burst runs in its own thread on its own TCP connection, all released by one barrier, like
fifty residents pressing the button in the same second.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Django accepts any 32-character secret as the CSRF cookie when the form sends the same value back.
CSRF = "burst" + "0" * 27


@dataclass
class Post:
    path: str
    data: dict[str, str]
    session: str = ""


@dataclass
class Outcome:
    status: int | None  # None: no HTTP answer at all (connection reset or refused, timeout)
    error: str
    seconds: float
    location: str = ""


@dataclass
class Summary:
    requests: int
    statuses: dict[str, int]
    server_errors: int   # 5xx answers plus requests that got no answer at all
    seconds: float       # from release to the last answer
    slowest: float
    outcomes: list[Outcome] = field(repr=False, default_factory=list)

    def line(self, label: str) -> str:
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items()))
        return (f"{label}: {self.requests} requests, {codes}; 5xx or no answer: {self.server_errors}; "
                f"{self.seconds:.2f} s in all, slowest {self.slowest:.2f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_database(base_url: str, name: str) -> str:
    """A fresh PostgreSQL database `name` on the server of `base_url`; returns its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(base_url)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def postgres_drop(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    with psycopg.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


class Site:
    """The demo server, started on `database_url` with its data folder in `workdir`."""

    def __init__(self, workdir: Path, database_url: str):
        self.workdir, self.database_url = workdir, database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "WIJKGERICHT_DATA_DIR": str(workdir / "data"),
                    "DJANGO_SETTINGS_MODULE": "wijkgericht.conf.base", "DJANGO_DEBUG": "false",
                    "PYTHONUNBUFFERED": "1"}
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen | None = None
        self.argv = [sys.executable, "-m", "wijkgericht.manage", "demo", "--port", str(self.port)]

    def another_node(self, workdir: Path) -> Site:
        """A second web node beside this one, as a load balancer's second machine: its own gunicorn process, port
        and per-process caches, on the same database and settings (the data folder's secret key), with no
        migrate or demo load of its own. Start it after this one."""
        from wijkgericht.demo.serve import gunicorn_argv

        node = Site(workdir, self.database_url)
        node.env = {**self.env, "WIJKGERICHT_OTP_DEMO_SKIP": "true"}  # as `wijkgericht demo` serves
        node.argv = gunicorn_argv(port=node.port)
        return node

    def start(self, timeout: float = 120) -> None:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(self.argv, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the demo server stopped:\n{self.log()}")
            try:
                if self.get("/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the demo server did not answer within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)  # its own session: the server and its workers, nothing else
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def get(self, path: str) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        conn.close()
        return response

    def seed(self, command: str, **args: object) -> object:
        done = subprocess.run([sys.executable, "-m", "tests.burst.seed", command, json.dumps(args)], cwd=REPO_ROOT,
                              env=self.env, capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"seed {command} failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def burst(self, posts: list[Post]) -> Summary:
        """Send every POST at once, each on its own connection; collect what came back."""
        barrier = threading.Barrier(len(posts) + 1)
        outcomes: list[Outcome | None] = [None] * len(posts)

        def send(index: int, post: Post) -> None:
            body = urllib.parse.urlencode({**post.data, "csrfmiddlewaretoken": CSRF})
            cookies = f"csrftoken={CSRF}" + (f"; sessionid={post.session}" if post.session else "")
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            barrier.wait()
            began = time.perf_counter()
            try:
                conn.request("POST", post.path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                outcomes[index] = Outcome(response.status, "", time.perf_counter() - began,
                                          response.getheader("Location", ""))
            except OSError as exc:  # reset, refused, timed out: the resident saw an error page or nothing
                outcomes[index] = Outcome(None, f"{type(exc).__name__}: {exc}", time.perf_counter() - began)
            finally:
                conn.close()

        threads = [threading.Thread(target=send, args=(i, p)) for i, p in enumerate(posts)]
        for thread in threads:
            thread.start()
        barrier.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        took = time.perf_counter() - began
        done = [o for o in outcomes if o is not None]
        statuses = Counter(str(o.status) if o.status is not None else "no answer" for o in done)
        return Summary(requests=len(posts), statuses=dict(statuses),
                       server_errors=sum(1 for o in done if o.status is None or o.status >= 500),
                       seconds=took, slowest=max(o.seconds for o in done), outcomes=done)


def fresh_token() -> str:
    return secrets.token_hex(8)


@contextlib.contextmanager
def running_site(workdir, suffix: str):
    """A real `wijkgericht demo` server on the database the suite runs on: a database file on SQLite, or a PostgreSQL
    database named after the configured one plus `suffix` (dropped afterwards)."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        name = urllib.parse.urlsplit(configured).path.lstrip("/") + suffix
        database_url = postgres_database(configured, name)
    else:
        database_url = f"sqlite:///{workdir / 'burst.sqlite3'}"
    server = Site(workdir, database_url)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if database_url.startswith("postgres"):
            postgres_drop(database_url)
