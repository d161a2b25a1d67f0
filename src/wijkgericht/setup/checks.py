"""The set-up as a system check: a warning while an essential step is missing (`setup_status` lists them).

Tagged `database`: Django runs it only when a database is asked for (`wijkgericht check --database default`, and
`migrate` before it migrates), so `manage.py` keeps working on an empty or unreachable database, and
`check --deploy` on a build machine without a database stays clean. A database without our tables yet (before the
first `migrate`) gives no warning: there is nothing to set up before the tables exist."""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from wijkgericht.setup.status import municipalities, setup_status


@register(Tags.database)
def setup_incomplete(app_configs, databases=None, **kwargs):  # noqa: ANN001, ANN201
    if not databases or "default" not in databases:
        return []
    try:
        found = municipalities()
        statuses = [setup_status(municipality=m) for m in found] or [setup_status(municipality=None)]
    except DatabaseError:
        return []
    warnings = []
    for status in statuses:
        if status.complete:
            continue
        missing = ", ".join(step.title for step in status.missing)
        warnings.append(Warning(
            f"The set-up of {status.municipality_name or 'the site'} is not complete; missing: {missing}.",
            hint="See the back office's set-up page (/admin/inrichting/) or run `wijkgericht setup_status`.",
            id="wijkgericht.W001",
        ))
    return warnings
