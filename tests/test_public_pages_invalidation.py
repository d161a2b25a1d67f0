"""Writes invalidate the public pages explicitly, after commit (issue #11): a resident's click no longer updates the
municipality row inside its own transaction (where concurrent clicks queued on that row's lock), and no model
signal of ours raises the versions behind the services' backs."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.districts.models import Municipality
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation import workflow
from wijkgericht.participation.engagement import item_support
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import make_user, submit

MODEL_SIGNALS = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
# Not cache invalidation: a new municipality gets the default activity kinds (agenda may not be imported by the
# districts services that create municipalities); the evaluation's daily rollup marks the days an item or support
# write touched and refreshes them after the commit (evaluation/rollup.py; participation may not import the
# evaluation above it). Any other receiver of ours on a model signal fails this test (ADR 0003).
ALLOWED = {"wijkgericht.agenda.apps._default_kinds", "wijkgericht.evaluation.rollup._item_written",
           "wijkgericht.evaluation.rollup._support_written"}


def versions(municipality: Municipality) -> tuple[int, int]:
    return Municipality.objects.values_list("content_version", "geo_version").get(pk=municipality.pk)


def touching_the_municipality_row(queries: CaptureQueriesContext) -> list[str]:
    """Statements that write or lock a municipality row. PostgreSQL's FOR UPDATE locks the rows of every joined
    table unless OF names the ones meant (SQLite sends no FOR UPDATE at all)."""
    table = Municipality._meta.db_table
    found = []
    for sql in (q["sql"] for q in queries.captured_queries if table in q["sql"]):
        locks = sql.partition("FOR UPDATE")[2] if "FOR UPDATE" in sql else None
        if sql.startswith("UPDATE") or (locks is not None and (" OF " not in locks or table in locks)):
            found.append(sql)
    return found


@pytest.mark.django_db
def test_a_support_click_raises_the_version_after_commit_not_inside_its_transaction(
        roles, django_capture_on_commit_callbacks):
    item = item_transition(item=submit(roles), actor=roles.moderator, target=workflow.PUBLISHED)
    supporter = make_user("steun@example.nl")
    before = versions(roles.municipality)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, \
            CaptureQueriesContext(connection) as click:
        assert item_support(item=item, user=supporter)
    assert touching_the_municipality_row(click) == []
    assert versions(roles.municipality) == before
    # What the click leaves for after commit: one UPDATE of the counters, in a statement of its own.
    with CaptureQueriesContext(connection) as after:
        for callback in callbacks:
            callback()
    assert len(touching_the_municipality_row(after)) == 1
    assert versions(roles.municipality)[0] == before[0] + 1


@pytest.mark.django_db
def test_a_submission_changes_no_public_page_until_it_is_published(roles, django_capture_on_commit_callbacks):
    """Submitted items are not public (moderation first): their submission raises nothing; publishing does."""
    before = versions(roles.municipality)
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as submission:
        item = submit(roles)
    assert touching_the_municipality_row(submission) == []
    assert versions(roles.municipality) == before
    with django_capture_on_commit_callbacks(execute=False) as callbacks, \
            CaptureQueriesContext(connection) as publication:
        item_transition(item=item, actor=roles.moderator, target=workflow.PUBLISHED)
    assert touching_the_municipality_row(publication) == []
    for callback in callbacks:
        callback()
    assert versions(roles.municipality)[0] == before[0] + 1


@pytest.mark.django_db
def test_an_admin_edit_shows_on_the_cached_page_once_it_commits(barendrecht, django_capture_on_commit_callbacks):
    """The admin writes no service of ours: the PublicPagesAdmin mixin raises the versions (here: a portfolio)."""
    portfolio = Portfolio.objects.get(municipality=barendrecht, name="Sport")
    assert "Sport en bewegen" not in Client().get("/wethouders/").content.decode()  # and now in the cache
    administrator = make_user("beheer@example.nl")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    staff = Client()
    sign_in_verified(staff, administrator)
    # The admin shows one field per language (django-modeltranslation): Dutch and English.
    data = {"municipality": barendrecht.pk, "name_nl": "Sport en bewegen", "name_en": "Sport and exercise",
            "description_nl": portfolio.description_nl, "description_en": portfolio.description_en or "",
            "is_example": "on" if portfolio.is_example else ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:governance_portfolio_change", args=[portfolio.pk]), data)
    assert response.status_code == 302
    assert "Sport en bewegen" in Client().get("/wethouders/").content.decode()


def test_no_model_signal_receiver_of_ours_remains():
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for signal in MODEL_SIGNALS:
            sync_receivers, async_receivers = signal._live_receivers(model)
            for receiver in [*sync_receivers, *async_receivers]:
                name = f"{receiver.__module__}.{getattr(receiver, '__qualname__', receiver)}"
                if name.startswith("wijkgericht."):
                    found.add(name)
    assert found <= ALLOWED, sorted(found - ALLOWED)
