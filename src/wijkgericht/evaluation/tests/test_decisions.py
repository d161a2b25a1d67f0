"""The college's decisions: recorded with districts, measures and an owner by the municipality's administrator only;
followed up; a new district alderman carried out through governance's services with the history kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wijkgericht.accounts.models import StaffRole
from wijkgericht.evaluation.models import Decision
from wijkgericht.evaluation.selectors import decisions as selectors
from wijkgericht.evaluation.services import decisions as services
from wijkgericht.evaluation.tests.dataset import build
from wijkgericht.governance.models import Alderman, DistrictAssignment
from wijkgericht.governance.selectors import district_alderman, district_history
from wijkgericht.governance.services import district_alderman_assign
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    data = build()
    data.first = Alderman.objects.create(municipality=data.municipality, name="Eerste Wethouder", slug="eerste")
    data.second = Alderman.objects.create(municipality=data.municipality, name="Tweede Wethouder", slug="tweede")
    district_alderman_assign(district=data.a, alderman=data.first, valid_from=dt.date(2024, 1, 1))
    data.admin = make_user("griffie@example.nl")
    StaffRole.objects.create(user=data.admin, role=StaffRole.Role.ADMINISTRATOR, municipality=data.municipality)
    return data


def test_record_with_districts_measures_and_owner(data):
    decision = services.decision_record(
        municipality=data.municipality, title="Fietstochten met wijkpartners in elke wijk",
        decided_on=dt.date(2025, 4, 15), actor=data.admin, districts=[data.a, data.b],
        measures=["acquaintance.activities", "acquaintance.partners_reached"], owner=data.first,
        due_date=dt.date(2025, 10, 1))
    assert decision.owner_label == "Eerste Wethouder"
    assert set(selectors.district_decisions(district=data.a)) == {decision}
    assert not selectors.district_decisions(district=data.c).exists()
    assert selectors.for_measure(municipality=data.municipality, key="acquaintance.activities") == [decision]
    assert list(selectors.overdue(municipality=data.municipality, on=dt.date(2025, 10, 2))) == [decision]
    services.decision_follow_up(decision=decision, status="done", note="In alle wijken gereden", actor=data.admin)
    decision.refresh_from_db()
    assert decision.done_at is not None and decision.done_note == "In alle wijken gereden"
    assert not selectors.overdue(municipality=data.municipality, on=dt.date(2025, 10, 2)).exists()


def test_whole_municipality_decision_shows_on_every_district(data):
    decision = services.decision_record(municipality=data.municipality, title="Wijkwethouders blijven",
                                        decided_on=dt.date(2025, 4, 15), owner_department="College")
    assert list(selectors.district_decisions(district=data.c)) == [decision]


def test_refusals(data):
    civil = make_user("ambtenaar@example.nl")
    StaffRole.objects.create(user=civil, role=StaffRole.Role.CIVIL_SERVANT, municipality=data.municipality,
                             district=data.a)
    with pytest.raises(PermissionDenied):
        services.decision_record(municipality=data.municipality, title="X", decided_on=dt.date(2025, 4, 1),
                                 actor=civil, owner_department="College")
    with pytest.raises(ValidationError):  # no owner
        services.decision_record(municipality=data.municipality, title="X", decided_on=dt.date(2025, 4, 1))
    with pytest.raises(ValidationError):  # unknown measure
        services.decision_record(municipality=data.municipality, title="X", decided_on=dt.date(2025, 4, 1),
                                 owner_department="College", measures=["nonsense"])
    assert not Decision.objects.exists()


def test_new_district_alderman_through_governance(data):
    decision = services.decision_record(
        municipality=data.municipality, title="Aawijk krijgt een andere wijkwethouder", actor=data.admin,
        decided_on=dt.date(2025, 3, 20), owner=data.second, new_alderman=data.second, reassigned_district=data.a,
        reassign_from=dt.date(2025, 4, 1))
    history = list(district_history(district_id=data.a.id).order_by("valid_from"))
    assert [(h.alderman, h.valid_from, h.valid_to) for h in history] == [
        (data.first, dt.date(2024, 1, 1), dt.date(2025, 3, 31)), (data.second, dt.date(2025, 4, 1), None)]
    assert decision.assignment == history[1] and "Aawijk krijgt" in history[1].note
    assert district_alderman(district_id=data.a.id, on=dt.date(2025, 3, 31)) == data.first
    assert district_alderman(district_id=data.a.id, on=dt.date(2025, 4, 1)) == data.second
    assert list(decision.districts.all()) == [data.a]
    services.decision_saved(decision=decision)  # saved again in the back office: no second assignment
    assert DistrictAssignment.objects.filter(district=data.a).count() == 2


def test_a_refused_reassignment_records_nothing(data):
    with pytest.raises(ValidationError):  # before the current assignment began: governance refuses the overlap
        services.decision_record(
            municipality=data.municipality, title="Terug in de tijd", decided_on=dt.date(2025, 3, 20),
            owner=data.second, new_alderman=data.second, reassigned_district=data.a,
            reassign_from=dt.date(2023, 1, 1))
    assert not Decision.objects.exists()
    assert DistrictAssignment.objects.filter(district=data.a).count() == 1


def test_a_district_alderman_changed_mid_term(data):
    """The term's assignments end on the term's last day: a decision that gives a district another alderman in the
    middle of it shortens the current one (governance keeps its row) and the new one serves the rest of the term."""
    DistrictAssignment.objects.filter(district=data.a).delete()  # the fixture's is open-ended; this one ends
    current = district_alderman_assign(district=data.a, alderman=data.first, valid_from=dt.date(2024, 1, 1),
                                       valid_to=dt.date(2026, 5, 31))
    decision = services.decision_record(
        municipality=data.municipality, title="Aawijk krijgt een andere wijkwethouder", actor=data.admin,
        decided_on=dt.date(2025, 3, 20), owner=data.second, new_alderman=data.second, reassigned_district=data.a,
        reassign_from=dt.date(2025, 4, 1))
    history = [(h.pk, h.alderman, h.valid_from, h.valid_to)
               for h in district_history(district_id=data.a.id).order_by("valid_from")]
    assert history == [(current.pk, data.first, dt.date(2024, 1, 1), dt.date(2025, 3, 31)),
                       (decision.assignment.pk, data.second, dt.date(2025, 4, 1), dt.date(2026, 5, 31))]
    assert district_alderman(district_id=data.a.id, on=dt.date(2026, 5, 31)) == data.second
    services.decision_saved(decision=decision)
    assert DistrictAssignment.objects.filter(district=data.a).count() == 2
