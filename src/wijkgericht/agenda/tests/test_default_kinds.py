"""Default activity kinds exist without any page writing them: a new municipality gets them on creation, migration
0002 gave them to the existing ones, and the staff page that offers them only reads."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Activity, ActivityKind, AgendaItem, MeetingRequest, Partner
from wijkgericht.agenda.services.kinds import DEFAULT_KINDS, kinds_ensure_defaults
from wijkgericht.districts.models import Municipality

pytestmark = pytest.mark.django_db

DEFAULT_SLUGS = [slug for slug, _name, _text in DEFAULT_KINDS]


def kind_slugs(municipality: Municipality) -> list[str]:
    return list(ActivityKind.objects.filter(municipality=municipality).order_by("order").values_list("slug", flat=True))


def test_a_new_municipality_has_the_default_kinds():
    municipality = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp")
    assert kind_slugs(municipality) == DEFAULT_SLUGS
    assert ActivityKind.objects.get(municipality=municipality, slug="wijkoverleg").name == "Wijkoverleg"


def test_saving_a_municipality_again_adds_nothing_and_ensuring_stays_idempotent():
    municipality = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp")
    ActivityKind.objects.filter(municipality=municipality, slug="evenement").delete()  # edited in the back office
    municipality.name = "Proefstad"
    municipality.save()
    kinds_ensure_defaults(municipality)
    assert len(kind_slugs(municipality)) == len(DEFAULT_SLUGS) - 1


def test_the_migration_fills_municipalities_without_kinds_only():
    bare = Municipality.objects.create(code="GM9998", name="Kaaldorp", slug="kaaldorp")
    ActivityKind.objects.filter(municipality=bare).delete()
    edited = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp")
    ActivityKind.objects.filter(municipality=edited).exclude(slug="spreekuur").delete()
    migration = importlib.import_module("wijkgericht.agenda.migrations.0002_default_activity_kinds")
    migration.add_default_kinds(apps, SimpleNamespace(connection=connection))
    assert kind_slugs(bare) == DEFAULT_SLUGS
    assert kind_slugs(edited) == ["spreekuur"]
    assert [(k.name, k.description) for k in ActivityKind.objects.filter(municipality=bare).order_by("order")] == [
        (str(name), str(text)) for _slug, name, text in DEFAULT_KINDS]  # the migration's copy still matches


def test_the_new_activity_page_writes_nothing_on_get(client, roles):
    """The page used to create missing kinds on every visit; a GET now only reads."""
    for model in (Activity, MeetingRequest, Partner, AgendaItem):
        model.objects.filter(is_example=True).delete()
    ActivityKind.objects.filter(municipality=roles.municipality).delete()
    sign_in_verified(client, roles.district_alderman)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/werkplek/activiteiten/nieuw/")
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert not ActivityKind.objects.filter(municipality=roles.municipality).exists()
