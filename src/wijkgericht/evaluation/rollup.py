"""The daily rollup of the evaluation's item measures (models.DayFigure), kept right after each of participation's
writes.

Participation knows nothing of the evaluation (it sits below it): the rollup follows its writes through Django's
model signals (ADR 0003 allows these; they invalidate no cache). Every save or deletion of an item marks the item's
day (submitted, refused, first answer set, merged); every support given or withdrawn marks its day; a merge
(supports moved to the other item by an UPDATE) marks the days of the receiving item's supports. The marked days are
refreshed once the write's transaction commits, once per transaction and municipality: a resident's click holds no
rollup lock, and a rolled-back write refreshes nothing it changed. A refresh recomputes the day's rows from the
committed items and supports in SQL (delete and insert), under a per-municipality lock on PostgreSQL so that two
refreshes cannot both insert a day; the later one sees the earlier one's writes, so the last refresh is right.

With a worker pool (REDIS_URL: tasks are not eager) the refresh is the worker's, not the request's: every
submission in a municipality would otherwise wait for that municipality's lock in turn (bench/participation). One
recount per municipality and day is queued for COALESCE_SECONDS later, however many writes come in meanwhile; the
task clears its mark before it counts, so a write committed after the clearing queues the next recount, and one
committed before it is counted. The dashboards are then up to a few seconds behind. A queue or cache that does not
answer makes the request refresh itself, as without a worker.

Writes that bypass the ORM's save (QuerySet.update on created_at, bulk inserts, SQL) are followed by `rebuild`: the
demo's back-dating, the known-answer data set, the bench and the command `wijkgericht evaluation_rollup`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wijkgericht.core.after_commit import once_after_commit
from wijkgericht.core.locks import replace_rows
from wijkgericht.evaluation.models import DayFigure
from wijkgericht.participation import workflow
from wijkgericht.participation.models import Item, Support

ANSWER_DAYS = 14  # "answered within 14 days" (voice.answered_within)
COALESCE_SECONDS = 2  # with a worker pool: the writes of this window share one recount
REFRESH_TASK = "wijkgericht.evaluation.tasks.refresh_rollup"
MARK_SECONDS = 60  # a mark whose task was lost (a queue that restarted empty) stops holding recounts back after this

logger = logging.getLogger(__name__)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(first, dt.time.min, tzinfo=tz),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _rows(municipality_id: int, days: list[dt.date] | None) -> list[DayFigure]:
    """The rollup's rows computed from the items and supports (of the given days, or of all days)."""
    tz = timezone.get_current_timezone()
    items = Item.objects.filter(municipality_id=municipality_id).exclude(status=workflow.REJECTED)
    supports = Support.objects.filter(item__municipality_id=municipality_id)
    if days is not None:
        start, end = _bounds(min(days), max(days))
        items = items.filter(created_at__gte=start, created_at__lt=end)
        supports = supports.filter(created_at__gte=start, created_at__lt=end)
    deadline = ExpressionWrapper(F("created_at") + dt.timedelta(days=ANSWER_DAYS), output_field=DateTimeField())
    ok = Q(first_answer_at__isnull=False, first_answer_at__lte=deadline)
    wanted = None if days is None else set(days)
    rows = []
    for row in (items.annotate(day=TruncDate("created_at", tzinfo=tz)).order_by()
                .values("district_id", "day", "kind", "theme_id").annotate(n=Count("id"), ok=Count("id", filter=ok))):
        if wanted is None or row["day"] in wanted:
            rows.append(DayFigure(municipality_id=municipality_id, district_id=row["district_id"], day=row["day"],
                                  kind=row["kind"], theme_id=row["theme_id"], submitted=row["n"],
                                  answered=row["ok"]))
    for row in (supports.annotate(day=TruncDate("created_at", tzinfo=tz)).order_by()
                .values("item__district_id", "day", "item__theme_id").annotate(n=Count("id"))):
        if wanted is None or row["day"] in wanted:
            rows.append(DayFigure(municipality_id=municipality_id, district_id=row["item__district_id"],
                                  day=row["day"], kind="", theme_id=row["item__theme_id"], supports=row["n"]))
    return rows


LOCK = "wijkgericht.evaluation.rollup"


def refresh(municipality_id: int, days: Iterable[dt.date]) -> None:
    """Recompute the rollup of these days of the municipality."""
    days = sorted(set(days))
    if not days:
        return
    replace_rows(LOCK, municipality_id, DayFigure.objects.filter(municipality_id=municipality_id, day__in=days),
                 lambda: _rows(municipality_id, days))


def rebuild(municipality_id: int | None = None) -> int:
    """Recompute the whole rollup (of one municipality, or of all that have items); returns the number of rows."""
    ids = ([municipality_id] if municipality_id is not None else
           list(Item.objects.order_by().values_list("municipality_id", flat=True).distinct()))
    total = 0
    with transaction.atomic():
        for m in ids:
            total += replace_rows(LOCK, m, DayFigure.objects.filter(municipality_id=m),
                                  lambda m=m: _rows(m, None))
        if municipality_id is None:
            DayFigure.objects.exclude(municipality_id__in=ids).delete()
    return total


# --- following participation's writes ----------------------------------------------------------------------------

def _mark(municipality_id: int, days: set[dt.date]) -> None:
    """Refresh these days after the surrounding transaction commits (at once outside one), once per transaction
    and municipality (core/after_commit.py). Robust: the write has committed, so a failing refresh is logged (and
    `evaluation_rollup` puts it right) instead of turning the resident's click into an error page."""
    once_after_commit(("evaluation_rollup", municipality_id), start=set, add=lambda marked: marked.update(days),
                      act=lambda marked: refresh_soon(municipality_id, marked))


def _mark_key(municipality_id: int, day: dt.date) -> str:
    return f"evaluation-rollup-queued:{municipality_id}:{day.isoformat()}"


def refresh_soon(municipality_id: int, days: Iterable[dt.date]) -> None:
    """Refresh these days: at once without a worker pool; with one, by a recount queued for a moment later unless
    one is queued already (module docstring)."""
    days = sorted(set(days))
    if settings.CELERY_TASK_ALWAYS_EAGER or not days:
        refresh(municipality_id, days)
        return
    added = {day: cache.add(_mark_key(municipality_id, day), 1, MARK_SECONDS) for day in days}
    if any(result is None for result in added.values()):  # the shared cache does not answer: no coalescing
        refresh(municipality_id, days)
        return
    due = [day for day, queued_now in added.items() if queued_now]
    if not due:
        return
    try:
        _queue(municipality_id, due)
    except Exception as exc:  # noqa: BLE001 - the write has committed: count here rather than not at all
        logger.warning("Evaluation rollup of %s not queued (%s); refreshed in the request", due, type(exc).__name__)
        unmark(municipality_id, due)
        refresh(municipality_id, due)


def _queue(municipality_id: int, days: list[dt.date]) -> None:
    """evaluation.tasks.refresh_rollup, a moment from now; by name, as the tasks module sits above this one."""
    current_app.send_task(REFRESH_TASK, args=(municipality_id, [day.isoformat() for day in days]),
                          countdown=COALESCE_SECONDS)


def unmark(municipality_id: int, days: Iterable[dt.date]) -> None:
    """Clear the marks of queued recounts (the task does, before it counts)."""
    cache.delete_many([_mark_key(municipality_id, day) for day in days])


def _item_written(sender, instance: Item, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures: loaded rows are followed by a rebuild
        return
    days = {_local_day(instance.created_at)}
    if instance.merged_into_id and kwargs.get("signal") is post_save:
        # Merged: its supports moved to the other item (one UPDATE, no signal); refresh the days they were given on.
        moved = (Support.objects.filter(item_id=instance.merged_into_id).order_by()
                 .values_list("created_at", flat=True))
        days |= {_local_day(moment) for moment in moved}
    _mark(instance.municipality_id, days)


def _support_written(sender, instance: Support, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    municipality_id = Item.objects.filter(pk=instance.item_id).values_list("municipality_id", flat=True).first()
    if municipality_id is not None:  # None: the item itself is being deleted, and marks its own day
        _mark(municipality_id, {_local_day(instance.created_at)})


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_item_written, sender=Item, dispatch_uid=f"evaluation.rollup.item.{id(signal)}")
        signal.connect(_support_written, sender=Support, dispatch_uid=f"evaluation.rollup.support.{id(signal)}")
