"""District assignments: at most one district alderman per district per day, reassigning closes, history stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from wijkgericht.core.tests.concurrency import all_at_once, postgres_only
from wijkgericht.districts.models import District, Municipality
from wijkgericht.governance.models import Alderman, DistrictAssignment
from wijkgericht.governance.rules import periods_overlap
from wijkgericht.governance.selectors import district_alderman, reference_date
from wijkgericht.governance.services import assignment_end, district_alderman_assign

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def place():
    municipality = Municipality.objects.create(code="GM0489", name="Barendrecht", slug="barendrecht")
    north = District.objects.create(municipality=municipality, code="N", name="Noord", slug="noord")
    south = District.objects.create(municipality=municipality, code="Z", name="Zuid", slug="zuid")
    anna = Alderman.objects.create(municipality=municipality, name="Anna", slug="anna")
    bert = Alderman.objects.create(municipality=municipality, name="Bert", slug="bert")
    return municipality, north, south, anna, bert


@pytest.mark.parametrize("a, b, expected", [
    ((D(2020, 1, 1), D(2020, 12, 31)), (D(2021, 1, 1), None), False),
    ((D(2020, 1, 1), D(2020, 12, 31)), (D(2020, 12, 31), None), True),  # inclusive end
    ((D(2020, 1, 1), None), (D(2030, 1, 1), D(2030, 2, 1)), True),
    ((D(2020, 6, 1), D(2020, 7, 1)), (D(2020, 1, 1), D(2020, 5, 31)), False),
])
def test_periods_overlap(a, b, expected):
    assert periods_overlap(*a, *b) is expected
    assert periods_overlap(*b, *a) is expected


def test_reassigning_closes_the_previous_assignment(place):
    _, north, _, anna, bert = place
    first = district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1))
    district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 1, 1))
    first.refresh_from_db()
    assert first.valid_to == D(2019, 12, 31)
    assert district_alderman(district_id=north.pk, on=D(2019, 12, 31)) == anna
    assert district_alderman(district_id=north.pk, on=D(2020, 1, 1)) == bert
    assert DistrictAssignment.objects.filter(district=north).count() == 2


def test_history_is_never_overwritten(place):
    _, north, _, anna, bert = place
    district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2019, 12, 31))
    district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 1, 1))
    with pytest.raises(ValidationError, match="hooguit één wijkwethouder"):
        district_alderman_assign(district=north, alderman=anna, valid_from=D(2019, 6, 1), valid_to=D(2019, 7, 1))
    with pytest.raises(ValidationError, match="hooguit één wijkwethouder"):
        # starting on the same day as the open one would replace it, not follow it
        district_alderman_assign(district=north, alderman=anna, valid_from=D(2020, 1, 1))
    assert [(a.alderman.name, a.valid_from, a.valid_to) for a in DistrictAssignment.objects.order_by("valid_from")] \
        == [("Anna", D(2018, 6, 1), D(2019, 12, 31)), ("Bert", D(2020, 1, 1), None)]


def test_an_alderman_may_hold_several_districts(place):
    _, north, south, anna, _ = place
    district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1))
    district_alderman_assign(district=south, alderman=anna, valid_from=D(2018, 6, 1))
    assert anna.assignments.count() == 2


def test_end_before_start_is_refused(place):
    _, north, _, anna, _ = place
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        district_alderman_assign(district=north, alderman=anna, valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1))


def test_alderman_of_another_municipality_is_refused(place):
    _, north, _, _, _ = place
    other = Municipality.objects.create(code="GM0597", name="Ridderkerk", slug="ridderkerk")
    stranger = Alderman.objects.create(municipality=other, name="Cor", slug="cor")
    with pytest.raises(ValidationError, match="geen wethouder van de gemeente"):
        district_alderman_assign(district=north, alderman=stranger, valid_from=D(2020, 1, 1))


def test_ending_an_assignment_once(place):
    _, north, _, anna, _ = place
    assignment = district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1))
    assignment_end(assignment=assignment, valid_to=D(2022, 5, 31))
    with pytest.raises(ValidationError, match="al afgesloten"):
        assignment_end(assignment=assignment, valid_to=D(2023, 1, 1))


def test_the_database_refuses_a_second_open_assignment(place):
    _, north, _, anna, bert = place
    DistrictAssignment.objects.create(district=north, alderman=anna, valid_from=D(2018, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictAssignment.objects.create(district=north, alderman=bert, valid_from=D(2019, 6, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_overlapping_periods_even_past_the_service(place):
    _, north, _, anna, bert = place
    DistrictAssignment.objects.create(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictAssignment.objects.create(district=north, alderman=bert, valid_from=D(2019, 6, 1),
                                          valid_to=D(2019, 7, 1))


def test_reference_date_is_the_end_of_the_last_term_once_it_is_over(place):
    from wijkgericht.governance.models import Term

    municipality = place[0]
    Term.objects.create(municipality=municipality, name="2018–2022", start=D(2018, 6, 1), end=D(2022, 5, 31))
    assert reference_date(municipality_id=municipality.pk) == D(2022, 5, 31)
    Term.objects.create(municipality=municipality, name="2022–", start=D(2022, 6, 1))
    assert reference_date(municipality_id=municipality.pk) == dt.date.today()


# --- a change of district alderman mid-term (issue #13: "wijk X krijgt een andere wijkwethouder") ---------------

def _history(district):
    return [(a.alderman.name, a.valid_from, a.valid_to)
            for a in DistrictAssignment.objects.filter(district=district).order_by("valid_from")]


def test_reassigning_inside_a_closed_period_shortens_it_and_takes_over_the_rest(place):
    _, north, _, anna, bert = place
    first = district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2022, 5, 31))
    second = district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 3, 1))
    assert (second.valid_from, second.valid_to) == (D(2020, 3, 1), D(2022, 5, 31))  # the rest of the term
    first.refresh_from_db()
    assert (first.valid_from, first.valid_to) == (D(2018, 6, 1), D(2020, 2, 29))  # shortened, its start kept
    assert _history(north) == [("Anna", D(2018, 6, 1), D(2020, 2, 29)), ("Bert", D(2020, 3, 1), D(2022, 5, 31))]
    assert district_alderman(district_id=north.pk, on=D(2020, 2, 29)) == anna
    assert district_alderman(district_id=north.pk, on=D(2020, 3, 1)) == bert
    assert district_alderman(district_id=north.pk, on=D(2022, 6, 1)) is None


def test_a_mid_term_reassignment_takes_over_the_whole_rest_or_nothing(place):
    _, north, _, anna, bert = place
    district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2022, 5, 31))
    with pytest.raises(ValidationError, match="hooguit één wijkwethouder"):  # a hole in Anna's period: refused
        district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 3, 1), valid_to=D(2020, 12, 31))
    assert _history(north) == [("Anna", D(2018, 6, 1), D(2022, 5, 31))]
    district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 3, 1), valid_to=D(2022, 5, 31))
    assert _history(north) == [("Anna", D(2018, 6, 1), D(2020, 2, 29)), ("Bert", D(2020, 3, 1), D(2022, 5, 31))]


def test_a_mid_term_reassignment_that_would_run_into_a_later_period_changes_nothing(place):
    _, north, _, anna, bert = place
    district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2020, 5, 31))
    district_alderman_assign(district=north, alderman=bert, valid_from=D(2020, 6, 1))
    before = _history(north)
    with pytest.raises(ValidationError, match="hooguit één wijkwethouder"):
        district_alderman_assign(district=north, alderman=bert, valid_from=D(2019, 1, 1), valid_to=D(2020, 7, 1))
    assert _history(north) == before  # the shortening was rolled back with the refusal
    with pytest.raises(ValidationError, match="hooguit één wijkwethouder"):
        # from a period's first day would replace it, not follow it
        district_alderman_assign(district=north, alderman=bert, valid_from=D(2018, 6, 1))
    assert _history(north) == before


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_mid_term_reassignments_at_once_each_take_their_part_and_never_overlap():
    """Three decisions carried out at the same moment, each from another date inside one term: whatever order the
    row lock gives them, every day of the term has exactly one district alderman, the one whose date came last
    before it (and the exclusion constraint never fired)."""
    municipality = Municipality.objects.create(code="GM0489", name="Barendrecht", slug="barendrecht")
    north = District.objects.create(municipality=municipality, code="N", name="Noord", slug="noord")
    people = [Alderman.objects.create(municipality=municipality, name=n, slug=n.lower())
              for n in ("Anna", "Bert", "Cor", "Dina")]
    district_alderman_assign(district=north, alderman=people[0], valid_from=D(2018, 6, 1), valid_to=D(2022, 5, 31))
    starts = [D(2019, 1, 1), D(2020, 1, 1), D(2021, 1, 1)]
    calls = [lambda who=who, day=day: district_alderman_assign(district=north, alderman=who, valid_from=day)
             for who, day in zip(people[1:], starts, strict=True)]
    _results, errors = all_at_once(calls)
    assert errors == []
    assert _history(north) == [("Anna", D(2018, 6, 1), D(2018, 12, 31)), ("Bert", D(2019, 1, 1), D(2019, 12, 31)),
                               ("Cor", D(2020, 1, 1), D(2020, 12, 31)), ("Dina", D(2021, 1, 1), D(2022, 5, 31))]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_mid_term_change_sent_five_times_at_once_is_made_once():
    municipality = Municipality.objects.create(code="GM0489", name="Barendrecht", slug="barendrecht")
    north = District.objects.create(municipality=municipality, code="N", name="Noord", slug="noord")
    anna = Alderman.objects.create(municipality=municipality, name="Anna", slug="anna")
    bert = Alderman.objects.create(municipality=municipality, name="Bert", slug="bert")
    district_alderman_assign(district=north, alderman=anna, valid_from=D(2018, 6, 1), valid_to=D(2022, 5, 31))
    results, errors = all_at_once([lambda: district_alderman_assign(district=north, alderman=bert,
                                                                    valid_from=D(2020, 3, 1))] * 5)
    assert len(results) == 1 and len(errors) == 4
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert _history(north) == [("Anna", D(2018, 6, 1), D(2020, 2, 29)), ("Bert", D(2020, 3, 1), D(2022, 5, 31))]
