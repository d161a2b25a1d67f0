"""The agenda's life cycles (agenda/workflow.py): every pair of statuses of every table, the tables agree with the
models' choices, the module stays pure, and the services refuse what the tables do not allow."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkgericht.agenda import workflow
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    FollowUpAction,
    MeetingRequest,
    Registration,
)
from wijkgericht.agenda.services.activities import activity_cancel, activity_create, activity_update
from wijkgericht.agenda.services.district_agenda import agenda_item_save
from wijkgericht.agenda.services.meeting_requests import (
    request_decline,
    request_plan,
    request_support,
)
from wijkgericht.agenda.testing import request_placed
from wijkgericht.districts.models import District
from wijkgericht.participation.testing import make_user

NIEUWELAND = "WK048909"

# The expected moves, written out independently of the module: (thing, source, target).
ALLOWED = {
    ("activity", "planned", "cancelled"),
    ("registration", "confirmed", "cancelled"),
    ("registration", "waitlisted", "confirmed"),
    ("registration", "waitlisted", "cancelled"),
    ("meeting_request", "pending", "open"),  # placed after moderation (issue #14)
    ("meeting_request", "pending", "rejected"),
    ("meeting_request", "pending", "planned"),  # the district team answers a waiting one at once
    ("meeting_request", "pending", "declined"),
    ("meeting_request", "open", "planned"),
    ("meeting_request", "open", "declined"),
    ("follow_up_action", "open", "done"),
    ("agenda_item", "new", "active"),
    ("agenda_item", "new", "done"),
    ("agenda_item", "active", "new"),
    ("agenda_item", "active", "done"),
    ("agenda_item", "done", "new"),
    ("agenda_item", "done", "active"),
}

MODELS = {
    "activity": Activity.Status,
    "registration": Registration.Status,
    "meeting_request": MeetingRequest.Status,
    "follow_up_action": FollowUpAction.Status,
    "agenda_item": AgendaItem.Status,
}

EVERY_PAIR = [(thing, source, target) for thing, choices in MODELS.items()
              for source, target in itertools.product(choices.values, repeat=2)]


@pytest.mark.parametrize(("thing", "source", "target"), EVERY_PAIR)
def test_every_pair_of_statuses(thing, source, target):
    expected = (thing, source, target) in ALLOWED
    assert workflow.allowed(thing, source, target) is expected
    if expected:
        workflow.check(thing, source, target)
    else:
        with pytest.raises(workflow.TransitionRefused) as refused:
            workflow.check(thing, source, target)
        assert (refused.value.thing, refused.value.source, refused.value.target) == (thing, source, target)


@pytest.mark.parametrize("thing", sorted(MODELS))
def test_the_tables_name_exactly_the_models_statuses(thing):
    table = workflow.TABLES[thing]
    assert set(table) == set(MODELS[thing].values)
    assert set().union(*table.values()) <= set(MODELS[thing].values)
    assert all(source not in targets for source, targets in table.items())  # staying put is no transition


def test_unknown_statuses_and_initial_registrations():
    assert not workflow.allowed("activity", "held", "cancelled")
    assert not workflow.allowed("activity", "planned", "held")
    assert workflow.REGISTRATION_INITIAL == {Registration.Status.CONFIRMED, Registration.Status.WAITLISTED}
    assert workflow.ACTIVITY_EDITABLE == {Activity.Status.PLANNED}
    assert workflow.REQUEST_SUPPORTABLE == {MeetingRequest.Status.OPEN}


def test_final_statuses():
    finals = {(thing, s) for thing, table in workflow.TABLES.items() for s, targets in table.items() if not targets}
    assert finals == {("activity", "cancelled"), ("registration", "cancelled"), ("meeting_request", "planned"),
                      ("meeting_request", "declined"), ("meeting_request", "rejected"), ("follow_up_action", "done")}


def test_the_module_imports_neither_django_nor_our_apps():
    tree = ast.parse(Path(workflow.__file__).read_text())
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert modules <= {"__future__", "collections.abc"}, modules


# --- the services follow the tables -----------------------------------------------------------------------------

def _kind(agenda) -> ActivityKind:
    return ActivityKind.objects.filter(municipality=agenda.municipality).first()


def _activity(agenda) -> Activity:
    start = timezone.now() + dt.timedelta(days=7)
    return activity_create(actor=None, municipality=agenda.municipality, kind=_kind(agenda), title="Wijkoverleg",
                           districts=[District.objects.get(code=NIEUWELAND)], starts_at=start,
                           ends_at=start + dt.timedelta(hours=2), place="Wijkcentrum Het Kruispunt")


@pytest.mark.django_db
def test_a_declined_request_is_neither_planned_nor_supported_nor_declined_again(agenda):
    request = request_placed(author=agenda.resident, district=District.objects.get(code=NIEUWELAND),
                             kind=_kind(agenda), topic="Te hard rijden in de Dorpsstraat")
    request_decline(request=request, actor=None, response="Dit past niet in de agenda van dit jaar.")
    request.refresh_from_db()
    supporter = make_user("steun@example.org")
    for attempt in (lambda: request_plan(request=request, activity=_activity(agenda), actor=None),
                    lambda: request_decline(request=request, actor=None, response="Nogmaals."),
                    lambda: request_support(request=request, user=supporter)):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.messages == ["Dit verzoek is al afgehandeld."]
    assert MeetingRequest.objects.get(pk=request.pk).status == "declined"


@pytest.mark.django_db
def test_a_cancelled_activity_stays_cancelled(agenda):
    activity = activity_cancel(actor=None, activity=_activity(agenda), reason="De zaal is niet beschikbaar.")
    again = activity_cancel(actor=None, activity=activity, reason="Nog een keer.")  # a double click: no change
    assert (again.status, again.cancel_reason) == ("cancelled", "De zaal is niet beschikbaar.")
    with pytest.raises(ValidationError) as refused:
        activity_update(actor=None, activity=activity, place="Elders")
    assert refused.value.messages == ["Een afgelaste activiteit kan niet meer worden gewijzigd."]


@pytest.mark.django_db
def test_a_status_change_of_an_agenda_item_is_checked_against_the_table(agenda, monkeypatch):
    """The table of agenda items allows every change the form offers; were one refused, the service says so on
    the status field and stores nothing."""
    district = District.objects.get(code=NIEUWELAND)
    item = agenda_item_save(actor=None, district=district, title="Groen", source="residents", status="done")
    item = agenda_item_save(actor=None, district=district, title="Groen", source="residents", agenda_item=item,
                            status="active")
    assert AgendaItem.objects.get(pk=item.pk).status == "active"
    monkeypatch.setitem(workflow.TABLES, "agenda_item", {**workflow.AGENDA_TRANSITIONS, "active": frozenset()})
    with pytest.raises(ValidationError) as refused:
        agenda_item_save(actor=None, district=district, title="Groen", source="residents", agenda_item=item,
                         status="new")
    assert refused.value.message_dict == {"status": ["Kies een status."]}
    assert AgendaItem.objects.get(pk=item.pk).status == "active"
