"""Writes of the governance domain. Each service owns its transaction; views, admin and commands call these."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkgericht.districts.models import District
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.governance.models import Alderman, DistrictAssignment
from wijkgericht.governance.rules import periods_overlap, valid_on


def _d(day: dt.date) -> str:
    return date_format(day, "j F Y")


@transaction.atomic
def district_alderman_assign(
    *,
    district: District,
    alderman: Alderman,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    is_example: bool = False,
    note: str = "",
) -> DistrictAssignment:
    """Make `alderman` the district alderman of `district` from `valid_from`.

    The assignment that runs on `valid_from` and started earlier is shortened to end the day before: reassigning
    closes an open-ended one, and mid-term ("wijk X krijgt een andere wijkwethouder") cuts one with a later end
    date, when the new one takes over all of its rest (without `valid_to`: up to that period's old end date). Its
    row stays (same alderman, same start): history is kept. Anything else that would overlap is refused — a period
    is never overwritten or replaced from its first day. The district's row lock serialises concurrent calls; on
    PostgreSQL the exclusion constraint backs the rule up. Raises ValidationError with a message fit for a form.
    """
    if alderman.municipality_id != district.municipality_id:
        raise ValidationError(_("%(alderman)s is geen wethouder van de gemeente van wijk %(district)s.")
                              % {"alderman": alderman, "district": district}, code="other_municipality")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("De einddatum ligt vóór de begindatum.")}, code="reversed")

    # Serialise all assignment writes for this district: the row lock makes check-then-write race free.
    District.objects.select_for_update().get(pk=district.pk)
    existing = list(DistrictAssignment.objects.filter(district=district).select_related("alderman"))

    # The assignment running on `valid_from` that began earlier (open-ended, or with a later end date) is shortened
    # to the day before: its start and its alderman stay, only the part from `valid_from` on passes to the new one.
    # A period with an end date is only cut when the new one takes over all of its rest (no hole in the middle).
    covering = next((a for a in existing if a.valid_from < valid_from and valid_on(a.valid_from, a.valid_to,
                                                                                  valid_from)), None)
    if covering is not None and covering.valid_to is not None and valid_to is None:
        valid_to = covering.valid_to  # the rest of that period (a term's end), not beyond it
    if covering is not None and (covering.valid_to is None or valid_to is None or valid_to >= covering.valid_to):
        covering.valid_to = valid_from - dt.timedelta(days=1)
        covering.save(update_fields=["valid_to"])

    for other in existing:
        if periods_overlap(other.valid_from, other.valid_to, valid_from, valid_to):
            raise ValidationError(
                _("%(district)s heeft van %(start)s %(end)s al %(alderman)s als wijkwethouder; een wijk heeft op "
                  "elke datum hooguit één wijkwethouder en eerdere perioden worden niet overschreven.")
                % {
                    "district": district,
                    "start": _d(other.valid_from),
                    "end": _("tot en met %s") % _d(other.valid_to) if other.valid_to else _("tot nader order"),
                    "alderman": other.alderman,
                },
                code="overlap",
            )

    assignment = DistrictAssignment.objects.create(
        district=district, alderman=alderman, valid_from=valid_from, valid_to=valid_to,
        is_example=is_example, note=note,
    )
    public_pages_changed(district.municipality_id)
    return assignment


@transaction.atomic
def assignment_end(*, assignment: DistrictAssignment, valid_to: dt.date) -> DistrictAssignment:
    """Close an open-ended assignment on `valid_to` (inclusive). A closed period stays as it was."""
    locked = DistrictAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.valid_to is not None:
        raise ValidationError(_("Deze periode is al afgesloten; de geschiedenis wordt niet gewijzigd."),
                              code="closed")
    if valid_to < locked.valid_from:
        raise ValidationError({"valid_to": _("De einddatum ligt vóór de begindatum.")}, code="reversed")
    later = DistrictAssignment.objects.filter(district=locked.district_id, valid_from__gt=locked.valid_from)
    if later.filter(valid_from__lte=valid_to).exists():
        raise ValidationError({"valid_to": _("Er begint al eerder een volgende wijkwethouder.")}, code="overlap")
    locked.valid_to = valid_to
    locked.save(update_fields=["valid_to"])
    public_pages_changed(locked.district.municipality_id)
    return locked
