"""Two web nodes on one PostgreSQL, one Redis and one bucket, with a Celery worker of its own (issue #16).

The scaled-out set-up in miniature, every part a process of its own on loopback: a private redis-server, moto's S3
API with a private bucket, node A (`wijkgericht demo`: migrate, load the demo, gunicorn), node B (a plain gunicorn
beside it, Site.another_node) and `celery worker`, all with the same REDIS_URL and bucket. What one node does the
other sees at once: a change (the shared page cache), a rate limit's count, a session, a photo; and the mail a
request queues is sent by the worker, not by the node that served the request (no eager tasks with REDIS_URL).

PostgreSQL only: several nodes on one SQLite file is not the production set-up (test_two_nodes.py covers the
embedded default), and the PostgreSQL run of the suite covers this one.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis as redis_client

from tests.backing_services import S3_KEY, S3_REGION, S3_SECRET, redis_server, s3_server
from tests.burst.harness import CSRF, REPO_ROOT, Post, Site, postgres_database, postgres_drop
from wijkgericht.accounts import ratelimits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="several web nodes on one SQLite file is not the multi-node production set-up; the "
                              "PostgreSQL run of the suite (DATABASE_URL=postgres://…) runs this test"),
]

LIST = "/inbreng/?q=Burst"
PASSWORD = "een-lang-wachtwoord"  # participation.testing.make_user's, which the seed's `people` use
WAIT_SECONDS = 60  # for the worker: to start, and to send a queued mail


class Cluster:
    def __init__(self, a: Site, b: Site, bucket, redis_url: str, worker_log: Path):
        self.a, self.b, self.bucket, self.redis_url, self.worker_log = a, b, bucket, redis_url, worker_log

    def worker_text(self) -> str:
        return self.worker_log.read_text(errors="replace")


def _worker_argv(name: str) -> list[str]:
    celery = Path(sys.executable).with_name("celery")
    head = [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]
    return [*head, "-A", "wijkgericht.notifications.celery", "worker", "--pool=solo", "--concurrency=1",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", name]


def _stop_group(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # its own session: the worker and its children, nothing else
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def _wait_for(check, what: str, log, timeout: float = WAIT_SECONDS, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process stopped (exit {process.returncode}):\n{log()[-4000:]}")
        time.sleep(0.25)
    raise AssertionError(f"{what}: not within {timeout} s:\n{log()[-4000:]}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    configured = os.environ["DATABASE_URL"]
    workdir = tmp_path_factory.mktemp("cluster")
    database_url = postgres_database(configured, urllib.parse.urlsplit(configured).path.lstrip("/") + "_cluster")
    try:
        with redis_server() as redis, s3_server() as bucket:
            shared_env = {"REDIS_URL": redis.url, "WIJKGERICHT_S3_BUCKET": bucket.bucket,
                          "WIJKGERICHT_S3_ENDPOINT_URL": bucket.endpoint_url, "WIJKGERICHT_S3_REGION": S3_REGION,
                          "WIJKGERICHT_S3_ACCESS_KEY_ID": S3_KEY, "WIJKGERICHT_S3_SECRET_ACCESS_KEY": S3_SECRET,
                          "DJANGO_EMAIL_HOST": "",  # the console backend: a mail is printed in its sender's log
                          "WIJKGERICHT_TRUSTED_PROXIES": "0", "WIJKGERICHT_LOG_FORMAT": "line"}
            a = Site(workdir / "a", database_url)
            a.workdir.mkdir()
            a.env.update(shared_env)
            b = a.another_node(workdir / "b")  # the same environment and data folder (the secret key)
            b.workdir.mkdir()
            worker: subprocess.Popen | None = None
            worker_log = workdir / "worker.log"

            def text() -> str:
                return worker_log.read_text(errors="replace")

            try:  # stopped before Redis and the bucket go, so nothing hangs on reconnecting
                a.start(timeout=300)  # migrates and loads the demo first
                b.start()
                with worker_log.open("wb") as log:
                    worker = subprocess.Popen(_worker_argv(f"cluster-{uuid.uuid4().hex[:6]}@127.0.0.1"),
                                              cwd=REPO_ROOT, env=a.env, stdout=log, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL, start_new_session=True)
                _wait_for(lambda: re.search(r"\bready\.", text()), "the Celery worker getting ready", text,
                          process=worker)
                # What loading the demo queued (mail, a budget result that raises the pages' version) is done
                # before the tests begin: nothing of it changes a page halfway through a test.
                broker = redis_client.Redis.from_url(redis.url)
                _wait_for(lambda: broker.llen("celery") == 0 and broker.hlen("unacked") == 0,
                          "the worker emptying the queue the demo load left", text, process=worker)
                yield Cluster(a, b, bucket, redis.url, worker_log)
            finally:
                _stop_group(worker)
                b.stop()
                a.stop()
    finally:
        postgres_drop(database_url)


# --- HTTP on loopback, as a browser would send it -----------------------------------------------------------------

def _request(site: Site, method: str, path: str, *, session: str = "", body: bytes = b"",
             content_type: str = "") -> tuple[int, dict[str, str], bytes]:
    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    headers = {"Cookie": cookies}
    if content_type:
        headers["Content-Type"] = content_type
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def _get(site: Site, path: str, session: str = "") -> tuple[int, dict[str, str], bytes]:
    return _request(site, "GET", path, session=session)


def _post_form(site: Site, path: str, data: dict[str, str], session: str = ""):
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    return _request(site, "POST", path, session=session, body=body,
                    content_type="application/x-www-form-urlencoded")


def _post_multipart(site: Site, path: str, data: dict[str, str], files: dict[str, tuple[str, str, bytes]],
                    session: str):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in {**data, "csrfmiddlewaretoken": CSRF}.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, content) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  f"Content-Type: {content_type}\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return _request(site, "POST", path, session=session, body=out.getvalue(),
                    content_type=f"multipart/form-data; boundary={boundary}")


def _page(site: Site, path: str, session: str = "") -> str:
    status, _headers, body = _get(site, path, session)
    assert status == 200, (path, status, site.log())
    return body.decode()


def _submission(site: Site, title: str) -> dict[str, str]:
    form = site.seed("scenario", kind="submit_form")
    return {"kind": "idea", "title": title, "description": "Het is hier stenig en heet in de zomer.",
            "theme": str(form["theme"]), "lat": str(form["lat"]), "lon": str(form["lon"]),
            "submission_key": str(uuid.uuid4()), "photo_alt": ""}


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), "green").save(out, format="JPEG")
    return out.getvalue()


# --- the tests ------------------------------------------------------------------------------------------------------

def test_a_change_through_one_node_shows_at_once_on_the_other(cluster):
    a, b = cluster.a, cluster.b
    item = a.seed("scenario", kind="item")["id"]
    resident = a.seed("people", n=1, prefix="cluster-resident")[0]

    first = _page(a, LIST)
    assert "Burst: meer bankjes" in first and "0 steunbetuigingen" in first

    # Behind the services' back (no version raised): the page node A cached is in Redis, so node B, which never
    # rendered it, serves the same cached page. With a cache per process it would render the new title.
    a.seed("scenario", kind="silent_retitle", id=item, title="Burst: bankjes, stil hernoemd")
    assert "stil hernoemd" not in _page(a, LIST)
    assert "stil hernoemd" not in _page(b, LIST)

    # Through node B's support form: the service raises the municipality's version after its commit, and node A
    # shows the support (and the new title) on its very next request.
    supported = b.burst([Post(f"/inbreng/{item}/steun/", {}, resident["session"])])
    assert supported.statuses == {"302": 1}, supported.line("support through B")
    after = _page(a, LIST)
    assert "Burst: bankjes, stil hernoemd" in after and "1 steunbetuiging" in after
    assert a.seed("state", kind="item", id=item)["supports"] == [resident["id"]]


def _rate(rate: str) -> tuple[int, int]:
    """"10/15m" → (10, 900): the count and the period in seconds, as django-ratelimit reads a rate."""
    count, period = rate.split("/")
    number = int(period[:-1] or 1) if period[-1] in "smhd" else int(period)
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period[-1], 1)
    return int(count), number * unit


def _window_left(value: str, period: int) -> int:
    """Seconds until django-ratelimit's fixed window for `value` ends (django_ratelimit.core._get_window)."""
    now = int(time.time())
    end = now - (now % period) + (zlib.crc32(value.encode()) % period)
    return (end if end >= now else end + period) - now


def test_a_rate_limit_counts_across_both_nodes(cluster):
    a, b = cluster.a, cluster.b
    count, period = _rate(ratelimits.LOGIN_PER_EMAIL_AND_IP)
    assert count < _rate(ratelimits.LOGIN_PER_IP)[0]  # the per-address limit is not what stops us here
    # The counter's window is fixed (with a jitter per key): pick an address whose window lasts the whole test, or
    # the count would start afresh halfway.
    prefix = next(p for p in (f"cluster-guess-{uuid.uuid4().hex[:8]}-" for _ in range(100))
                  if _window_left(f"{p}000@burst.invalid|127.0.0.1", period) > 240)
    a.seed("people", n=1, prefix=prefix)
    email = f"{prefix}000@burst.invalid"
    wrong = {"username": email, "password": "niet-het-wachtwoord"}

    # The limit's worth of wrong passwords, half through each node: each answered with the form again.
    for n in range(count):
        node = (a, b)[n % 2]
        status, _headers, body = _post_form(node, "/account/inloggen/", wrong)
        assert status == 200, (n, status, body.decode()[:2000])

    # One more, through either node and even with the right password: refused with the site's 429 page.
    for node in (a, b):
        status, headers, body = _post_form(node, "/account/inloggen/", {"username": email, "password": PASSWORD})
        assert status == 429 and "Even wachten" in body.decode(), (status, body.decode()[:2000])
        assert headers["retry-after"] == "60"


def test_a_session_signed_in_on_one_node_is_good_on_the_other(cluster):
    a, b = cluster.a, cluster.b
    email = f"cluster-traveller-{uuid.uuid4().hex[:8]}-000@burst.invalid"
    a.seed("people", n=1, prefix=email.removesuffix("000@burst.invalid"))
    status, headers, body = _post_form(a, "/account/inloggen/", {"username": email, "password": PASSWORD})
    assert status == 302, (status, body.decode()[:2000])
    session = re.search(r"sessionid=([^;]+)", headers["set-cookie"]).group(1)
    assert email in _page(b, "/account/", session)
    assert _get(b, "/account/")[0] == 302  # without the cookie: sent to sign in


def test_a_photo_uploaded_through_one_node_is_served_by_the_other(cluster):
    a, b, bucket = cluster.a, cluster.b, cluster.bucket
    submitter, other = a.seed("people", n=2, prefix=f"cluster-photo-{uuid.uuid4().hex[:8]}-")
    title = f"Een boom in de emmer {uuid.uuid4().hex[:6]}"
    before = set(bucket.keys())

    status, headers, body = _post_multipart(
        a, "/inbreng/nieuw/", {**_submission(a, title), "photo_alt": "Een jonge boom"},
        {"photos": ("boom.jpg", "image/jpeg", _jpeg())}, submitter["session"])
    assert status == 302, (status, body.decode()[:2000], a.log())
    assert a.seed("state", kind="items_titled", prefix=title)["items"] == [[submitter["id"], title]]

    added = sorted(set(bucket.keys()) - before)
    assert len(added) == 1, added  # the photo, in the bucket …
    key = added[0]
    media = a.workdir / "data" / "media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]  # … and on neither node's disk
    stored = bucket.client().get_object(Bucket=bucket.bucket, Key=key)["Body"].read()

    # Node B, which never saw the upload, streams it to the submitter from the bucket …
    status, headers, served = _get(b, f"/media/{key}", submitter["session"])
    assert status == 200 and served == stored, (status, b.log())
    assert headers["cache-control"].startswith("private")
    # … and, the item being unpublished, to nobody else: not to a visitor, not to another resident.
    assert _get(b, f"/media/{key}")[0] == 404
    assert _get(b, f"/media/{key}", other["session"])[0] == 404
    assert _get(a, f"/media/{key}")[0] == 404


def _mail_to(text: str, email: str) -> bool:
    return re.search(rf"^To: {re.escape(email)}$", text, re.MULTILINE) is not None


def test_the_worker_sends_the_mail_a_request_queued(cluster):
    a, b = cluster.a, cluster.b
    prefix = f"cluster-mail-{uuid.uuid4().hex[:8]}-"
    resident = b.seed("people", n=1, prefix=prefix)[0]
    email = f"{prefix}000@burst.invalid"
    title = f"Een bankje bij de bushalte {uuid.uuid4().hex[:6]}"

    # Filing an item notifies its submitter at once (the receipt, item.received); the node queues the mail after
    # its commit and answers.
    status, _headers, body = _post_form(b, "/inbreng/nieuw/", _submission(b, title), resident["session"])
    assert status == 302, (status, body.decode()[:2000], b.log())

    # The worker, a process of its own, takes the task from Redis and sends the mail (the console backend prints it
    # in the worker's log) …
    _wait_for(lambda: _mail_to(cluster.worker_text(), email), f"the receipt mail to {email} from the worker",
              cluster.worker_text)
    assert re.search(r"send_notification_mail\[[^]]+\] succeeded", cluster.worker_text()), cluster.worker_text()[-4000:]
    # … and neither web node sent it itself (with REDIS_URL no task runs eagerly in a web process).
    for node in (a, b):
        assert not _mail_to(node.log_path.read_text(errors="replace"), email), node.log()
