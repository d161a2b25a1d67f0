"""A request id in every log line (docs/operations.md, "Logging").

`RequestIdMiddleware` (first in MIDDLEWARE) takes the id the reverse proxy sends in `X-Request-ID` (nginx:
`proxy_set_header X-Request-ID $request_id;`) when it looks like one, else makes one, keeps it for the request's
log records and sends it back in the response's `X-Request-ID`. `RequestIdFilter` (on the log handler) puts it on
each record as `request_id`; records outside a request (commands, beat's tasks) carry "-".

A task queued during a request carries the id as a message header (`connect_celery`, called where the Celery app is
made): the worker's log lines while it runs the task carry the id of the request that queued it.

Imported by the logging configuration before the apps load: no models here.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from celery import signals as celery_signals
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
NONE = "-"
# What a proxy's id looks like (nginx: 32 hex digits; others a UUID): short, and nothing that could forge a log line.
SANE = re.compile(r"[A-Za-z0-9._:-]{8,64}", re.ASCII)

TASK_HEADER = "wijkgericht_request_id"  # the message header a queued task carries the id in

current: ContextVar[str] = ContextVar("request_id", default=NONE)


def request_id_from(value: str | None) -> str:
    """The proxy's id if it is sane, else a new one."""
    if value and SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _request_finished(**kwargs: object) -> None:
    current.set(NONE)


class RequestIdMiddleware:
    """The id holds until the response is closed (`request_finished`), not only inside the middleware: Django logs
    a 4xx or 5xx answer ("Not Found: /…", django.request) after the last middleware has returned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        request_finished.connect(_request_finished, dispatch_uid="wijkgericht.conf.requestid")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (never filters one out)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True


def _task_published(headers: dict | None = None, **kwargs: object) -> None:
    """before_task_publish, in the process that queues: the id goes with the message (not outside a request)."""
    request_id = current.get()
    if headers is not None and request_id != NONE:
        headers[TASK_HEADER] = request_id


def _task_started(task=None, **kwargs: object) -> None:
    """task_prerun, in the worker: the queuing request's id, until the task ends. A task run at once in the web
    process (no broker) has no header and keeps the id its request already holds."""
    if task is None:
        return
    request_id = task.request.get(TASK_HEADER)
    task.request.wijkgericht_request_id_token = current.set(request_id_from(request_id)) if request_id else None


def _task_ended(task=None, **kwargs: object) -> None:
    """task_postrun: back to what held before the task (outside a request: "-"), so the next task on the same
    worker does not log with this one's id."""
    token = getattr(task.request, "wijkgericht_request_id_token", None) if task is not None else None
    if token is not None:
        try:
            current.reset(token)
        except ValueError:  # set in another context (a pool that moved the task): then no request is current
            current.set(NONE)


def connect_celery() -> None:
    celery_signals.before_task_publish.connect(_task_published, dispatch_uid="wijkgericht.requestid.publish")
    celery_signals.task_prerun.connect(_task_started, dispatch_uid="wijkgericht.requestid.prerun")
    celery_signals.task_postrun.connect(_task_ended, dispatch_uid="wijkgericht.requestid.postrun")
