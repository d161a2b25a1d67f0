"""Writes of the college's decisions from the evaluation: record one (linked to districts and measures, with an
owner and a date), follow it up (open → in progress → done, like a visit's follow-up actions), and carry out a
change of district alderman that follows from it through governance's services, so the assignment history is kept
(the assignment running on that date is closed the day before, also mid-term when it had a later end date; the new
one then serves the rest of it; nothing is overwritten).

Who may: the municipality's administrator (the griffie or the college's secretary records the college's decisions;
`actor=None` is the system: demo, commands). Moderators and district teams may not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import user_scope
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.evaluation import selectors
from wijkgericht.evaluation.models import Decision
from wijkgericht.governance.models import Alderman
from wijkgericht.governance.services import district_alderman_assign

STATUS_ORDER = (Decision.Status.OPEN, Decision.Status.IN_PROGRESS, Decision.Status.DONE)


def may_decide(actor, municipality_id: int) -> bool:  # noqa: ANN001 - a User or None (the system)
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    return user_scope(actor).administers(municipality_id)


def _check(actor, municipality: Municipality) -> None:  # noqa: ANN001
    if not may_decide(actor, municipality.pk):
        raise PermissionDenied(_("Alleen de beheerder van de gemeente legt besluiten van het college vast."))


def _clean(decision: Decision, district_list: list[District]) -> None:
    m = decision.municipality_id
    errors: dict[str, str] = {}
    if any(d.municipality_id != m for d in district_list):
        errors["districts"] = _("Kies wijken van deze gemeente.")
    unknown = sorted(set(decision.measures) - set(selectors.measure_keys()))
    if unknown:
        errors["measures"] = _("Onbekende maatstaven: %s.") % ", ".join(unknown)
    if decision.owner_id is None and not decision.owner_department.strip():
        errors["owner"] = _("Een besluit heeft een eigenaar: een bestuurder of een afdeling.")
    if decision.owner_id is not None and decision.owner.municipality_id != m:
        errors["owner"] = _("Kies een bestuurder van deze gemeente.")
    if decision.new_alderman_id is not None:
        if decision.new_alderman.municipality_id != m:
            errors["new_alderman"] = _("Kies een wethouder van deze gemeente.")
        if decision.reassigned_district is not None and decision.reassigned_district.municipality_id != m:
            errors["reassigned_district"] = _("Kies een wijk van deze gemeente.")
    if errors:
        raise ValidationError(errors)


def _apply_reassignment(decision: Decision) -> None:
    """The change of district alderman, once, through governance (which keeps the history and refuses overlaps)."""
    if decision.new_alderman_id is None or decision.assignment_id is not None:
        return
    note = (_("Besluit van het college van %(day)s: %(title)s")
            % {"day": decision.decided_on.isoformat(), "title": decision.title})[:300]
    decision.assignment = district_alderman_assign(
        district=decision.reassigned_district, alderman=decision.new_alderman, valid_from=decision.reassign_from,
        is_example=decision.is_example, note=note)
    decision.save(update_fields=["assignment"])


@transaction.atomic
def decision_record(*, municipality: Municipality, title: str, decided_on: dt.date, actor=None,  # noqa: ANN001
                    explanation: str = "", districts: Iterable[District] = (), measures: Iterable[str] = (),
                    owner: Alderman | None = None, owner_department: str = "", due_date: dt.date | None = None,
                    is_public: bool = True, is_example: bool = False, new_alderman: Alderman | None = None,
                    reassigned_district: District | None = None, reassign_from: dt.date | None = None) -> Decision:
    """Record a decision. With a new district alderman (all three of new_alderman, reassigned_district and
    reassign_from), the assignment is made at once through governance.services."""
    _check(actor, municipality)
    if not title.strip():
        raise ValidationError({"title": _("Geef het besluit een naam.")})
    reassignment = (new_alderman, reassigned_district, reassign_from)
    if any(v is not None for v in reassignment) and any(v is None for v in reassignment):
        raise ValidationError(_("Een nieuwe wijkwethouder vraagt om de wethouder, de wijk en de datum."))
    district_list = list(districts)
    if reassigned_district is not None and reassigned_district not in district_list:
        district_list.append(reassigned_district)
    decision = Decision(municipality=municipality, title=title.strip(), explanation=explanation, decided_on=decided_on,
                        measures=sorted(set(measures)), owner=owner, owner_department=owner_department,
                        due_date=due_date, is_public=is_public, is_example=is_example, new_alderman=new_alderman,
                        reassigned_district=reassigned_district, reassign_from=reassign_from)
    _clean(decision, district_list)
    decision.save()
    decision.districts.set(district_list)
    _apply_reassignment(decision)
    public_pages_changed(municipality.pk)
    return decision


@transaction.atomic
def decision_saved(*, decision: Decision, actor=None) -> Decision:  # noqa: ANN001
    """After the back office saved a decision (and its districts): check it, set done_at with the status, and carry
    out a change of district alderman that was not yet made."""
    _check(actor, decision.municipality)
    _clean(decision, list(decision.districts.all()))
    if decision.status == Decision.Status.DONE and decision.done_at is None:
        decision.done_at = timezone.now()
    elif decision.status != Decision.Status.DONE:
        decision.done_at = None
    decision.save(update_fields=["done_at"])
    if decision.reassigned_district_id is not None:
        decision.districts.add(decision.reassigned_district_id)
    _apply_reassignment(decision)
    public_pages_changed(decision.municipality_id)
    return decision


@transaction.atomic
def decision_follow_up(*, decision: Decision, status: str, note: str = "", actor=None) -> Decision:  # noqa: ANN001
    """Move a decision's follow-up: open, in progress, done (with a note); done can be reopened."""
    _check(actor, decision.municipality)
    if status not in Decision.Status.values:
        raise ValidationError({"status": _("Onbekende stand.")})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision.status = status
    decision.done_at = timezone.now() if status == Decision.Status.DONE else None
    if note:
        decision.done_note = note[:300]
    decision.save(update_fields=["status", "done_at", "done_note", "updated_at"])
    public_pages_changed(decision.municipality_id)
    return decision
