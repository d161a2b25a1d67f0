"""One warning line, not a traceback, for each cache call Redis did not answer.

With `IGNORE_EXCEPTIONS` (conf/shared.py) django-redis swallows a connection error, so the page is served without the
cache, and with `DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS` it logs it, but as `logger.exception`: an ERROR with a whole
traceback for every cache call of every request while Redis is down, dozens of lines a request that bury the rest.
`OneLineRedisErrors` (on the `django_redis.cache` logger) turns each into one WARNING naming the error, e.g.
`Redis did not answer; served without the cache: ConnectionError: Error 111 connecting to 127.0.0.1:6379.
Connection refused.` The readiness check says the same to the load balancer (docs/operations.md, section 11).

Imported by the logging configuration before the apps load: no models here.
"""

from __future__ import annotations

import logging


class OneLineRedisErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            cause = error.__cause__ or error  # django-redis wraps the client's error in ConnectionInterrupted
            record.msg = "Redis did not answer; served without the cache: %s: %s"
            record.args = (type(cause).__name__, cause)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True
