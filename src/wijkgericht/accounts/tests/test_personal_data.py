"""The personal-data registry (accounts/personal_data.py): every model that links to a person is answered for by a
registered provider, and the export keeps its shape whichever apps bring its parts."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from wijkgericht.accounts import personal_data, services
from wijkgericht.accounts.tests.conftest import make_user

# The export's top level as it was when accounts still built it alone (issue #11): the registry moved the parts,
# not what a resident receives.
EXPORT_KEYS = {
    "exported_at", "site", "account", "items", "comments", "supports", "follows", "solved_feedback", "notifications",
    "staff_roles", "alderman", "status_changes_made", "personal_data_access", "advice", "comments_moderated",
    "activity_registrations", "meeting_requests", "meeting_request_supports", "follow_up_actions",
    "budget_verification",  # issue #12: where an account holder may vote
    "drafts", "abuse_reports",  # issue #14: written before signing in; abuse reported
}


def links_to_a_user(model) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(f.is_relation and f.related_model is user_model and not f.auto_created
               for f in model._meta.get_fields())


def test_every_model_that_links_to_a_person_has_a_provider():
    """A new model with a foreign key to the user and no provider naming it fails here: add it to its app's
    personal_data.py (export and erase it, or say why it stays as it is)."""
    assert personal_data.uncovered_models() == []


def test_a_model_without_a_provider_is_found():
    taken = personal_data.unregister("notifications")
    try:
        assert taken is not None
        assert personal_data.uncovered_models() == ["notifications.Notification"]
    finally:
        personal_data.register(taken)


def test_providers_name_only_models_that_link_to_a_person():
    for provider in personal_data.providers():
        for model in provider.models:
            assert links_to_a_user(model), f"{provider.section} names {model._meta.label}, which holds no person"


def test_the_apps_with_personal_data_are_registered_in_their_order():
    # Places are released before unpublished items go; notifications are counted after them (an item's go with it).
    assert [p.section for p in personal_data.providers()] == [
        "accounts", "alderman", "agenda", "budgets", "participation", "notifications"]


def test_the_export_keeps_its_sections(db):
    data = services.export_user_data(make_user())
    assert set(data) == EXPORT_KEYS
    assert list(data)[:3] == ["exported_at", "site", "account"]
    assert all(data[key] == [] for key in EXPORT_KEYS - {"exported_at", "site", "account"})


def test_two_providers_cannot_export_the_same_section(db):
    clash = personal_data.Provider(section="clash", order=99, models=(), export=lambda user: {"items": []})
    personal_data.register(clash)
    try:
        with pytest.raises(ImproperlyConfigured):
            personal_data.export(make_user())
    finally:
        personal_data.unregister("clash")


def test_an_erasure_without_data_counts_nothing(db):
    with transaction.atomic():
        assert personal_data.erase(make_user(), keep_unpublished=False) == {
            "registrations": 0, "items": 0, "comments": 0, "supports": 0, "unpublished_items_removed": 0,
            "unpublished_comments_removed": 0, "follows": 0, "notifications": 0, "budget_verifications": 0,
            "drafts_removed": 0}
