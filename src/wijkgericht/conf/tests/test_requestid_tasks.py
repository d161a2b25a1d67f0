"""A task queued during a request logs with that request's id in the worker (conf/requestid.py, connect_celery)."""

from __future__ import annotations

import logging
import threading

import pytest
from celery import shared_task
from celery.worker.request import Request
from django.http import HttpResponse
from django.test import RequestFactory

from wijkgericht.conf import requestid
from wijkgericht.notifications.celery import app

pytestmark = pytest.mark.django_db  # a closed response ends the request (request_finished), which tidies connections

seen: list[str] = []


@shared_task(name="wijkgericht.conf.tests.record_request_id")
def record_request_id() -> None:
    logging.getLogger("wijkgericht.test.task").warning("in de taak")
    seen.append(requestid.current.get())


@pytest.fixture
def task_records():
    """What the task logs, through the filter the console handler has."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.addFilter(requestid.RequestIdFilter())
    handler.emit = records.append
    logger = logging.getLogger("wijkgericht.test.task")
    logger.addHandler(handler)
    seen.clear()
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def _queue_in_a_request(request_id: str) -> None:
    def view(request):
        record_request_id.delay()
        assert requestid.current.get() == request_id  # the task (eager or not) leaves the request its id
        return HttpResponse("ok")

    response = requestid.RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID=request_id))
    response.close()


def test_the_header_goes_with_a_task_queued_in_a_request_and_not_outside_one():
    headers: dict[str, str] = {}
    token = requestid.current.set("request-1234abcd")
    try:
        requestid._task_published(headers=headers)
    finally:
        requestid.current.reset(token)
    assert headers == {requestid.TASK_HEADER: "request-1234abcd"}
    outside: dict[str, str] = {}
    requestid._task_published(headers=outside)
    assert outside == {}


def test_a_worker_runs_the_task_with_the_id_of_the_request_that_queued_it(task_records):
    """Published for real (Celery's in-memory broker), then taken from the queue and run the way a worker runs it
    (celery.worker.request.Request), in a thread of its own: a fresh context, like a worker process."""
    app.conf.task_always_eager = False
    try:
        _queue_in_a_request("proxy-id-queued-1")
    finally:
        app.conf.task_always_eager = True
    after_the_task: list[str] = []

    def worker() -> None:
        with app.connection_for_read() as connection:
            queue = connection.SimpleQueue(app.conf.task_default_queue)
            try:
                message = queue.get(timeout=5)
                assert message.headers[requestid.TASK_HEADER] == "proxy-id-queued-1"
                Request(message, app=app).execute()
            finally:
                queue.close()
        after_the_task.append(requestid.current.get())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=30)
    assert seen == ["proxy-id-queued-1"]
    assert [(r.getMessage(), r.request_id) for r in task_records] == [("in de taak", "proxy-id-queued-1")]
    assert after_the_task == ["-"]  # the worker's next task does not inherit it


def test_a_task_run_at_once_in_the_web_process_keeps_the_requests_id(task_records):
    """Without a broker (no REDIS_URL) tasks run eagerly: no header, the request's own id holds throughout."""
    assert app.conf.task_always_eager
    _queue_in_a_request("proxy-id-eager-1")
    assert seen == ["proxy-id-eager-1"]
    assert [r.request_id for r in task_records] == ["proxy-id-eager-1"]
    assert requestid.current.get() == "-"
