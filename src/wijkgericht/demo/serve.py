"""How `wijkgericht demo` serves the site: gunicorn, the production WSGI server, with threads.

Django's development server is not made for this: under a burst of simultaneous requests it resets connections.
One worker process keeps the per-process caches (pages, rate limits) whole; its threads take requests side by side,
and SQLite (IMMEDIATE transactions, a busy timeout, WAL: see conf/base.py) lets their writes wait their turn.
Static files come from whitenoise; the console mail backend prints in this terminal, as before.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

THREADS = 8


def gunicorn_argv(*, port: int, threads: int = THREADS) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "wijkgericht.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "gthread", "--threads", str(threads),
            "--no-control-socket", "--access-logfile", "-", "--graceful-timeout", "5"]


def serve(*, port: int) -> int:
    """Run gunicorn in the foreground until Ctrl-C (which reaches it too); returns its exit code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}  # --settings carries over
    process = subprocess.Popen(gunicorn_argv(port=port), env=env)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:  # gunicorn got the same Ctrl-C and shuts down; wait for it
            continue
