"""Knowing when the live server has answered everything the browser asked.

pytest-django's live server shares the test's in-memory SQLite connection with its request threads. A request the
browser started on its own just before the test ended (a stylesheet, the favicon, a page refresh) can still be
reading when the test's teardown flushes the tables, and the flush then fails with "database table is locked". The
page fixtures therefore wait, after closing their browser context, until no request is being answered.
"""

from __future__ import annotations

import threading


class RequestsInFlight:
    """A WSGI wrapper that counts the requests being answered; a request ends when the server closes its body."""

    def __init__(self, app) -> None:
        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _Body(body, self._done)

    def _done(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is being answered; False if something still is after `timeout` seconds."""
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout=timeout)


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
