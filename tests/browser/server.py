"""Knowing when the live server has answered everything the browser asked.

pytest-django's live server shares the test's in-memory SQLite connection with its request threads. A request the
browser started on its own just before the test ended (a stylesheet, the favicon, a page refresh) can still be
reading when the test's teardown flushes the tables, and the flush then fails with "database table is locked". The
page fixtures therefore wait, after closing their browser context, until no request is being answered.
"""

from __future__ import annotations

import threading
import time

# How long nothing may start before the server counts as idle: a request the server has accepted but whose thread
# has not reached the application yet is not counted, and would start reading during the flush.
QUIET_SECONDS = 0.3


class RequestsInFlight:
    """A WSGI wrapper that counts the requests being answered; a request ends when the server closes its body."""

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.last_change = time.monotonic()
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
            self.last_change = time.monotonic()
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _Body(body, self._done)

    def _done(self) -> None:
        with self.changed:
            self.count -= 1
            self.last_change = time.monotonic()
            self.changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing has been answered or started for QUIET_SECONDS; False if the server is still busy
        after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                if not self.changed.wait_for(lambda: self.count == 0, timeout=max(deadline - time.monotonic(), 0)):
                    return False
                still = QUIET_SECONDS - (time.monotonic() - self.last_change)
                if still <= 0:
                    return True
                if time.monotonic() + still > deadline:
                    return False
                self.changed.wait(still)  # then look again: a request may have started (or ended) meanwhile


class _Body:
    """The response body, passed through; closing it (the server always does) marks the request answered."""

    def __init__(self, body, done) -> None:
        self.body = body
        self.done = done

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.done()


def counting(live_server) -> RequestsInFlight:
    """The live server's request counter, put in front of its application the first time it is asked for."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, RequestsInFlight):
        app = RequestsInFlight(app)
        httpd.set_app(app)
    return app
