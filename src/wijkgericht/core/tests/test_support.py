"""The shared "support once" mechanism and the double-submit rule, on every concrete model that uses them.

The models are found through the app registry, not imported: core knows no app. The races (twenty identical clicks
at once, on PostgreSQL) are tested where each app's rules are: participation/tests/test_concurrency.py,
agenda/tests/test_concurrency_once.py and, through a real server on both databases, tests/test_burst_server.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from wijkgericht.core.double_submit import DOUBLE_SUBMIT_WINDOW, double_submit_first
from wijkgericht.core.support import (
    SupportBase,
    support_count,
    support_counts,
    support_once,
    support_withdraw,
    supported_by,
    supporter_ids,
)

SUPPORT_MODELS = sorted((m for m in apps.get_models() if issubclass(m, SupportBase)), key=lambda m: m._meta.label)


def test_items_and_meeting_requests_share_the_mechanism_and_declare_their_constraint():
    assert [m._meta.label for m in SUPPORT_MODELS] == ["agenda.RequestSupport", "participation.Support"]
    for model in SUPPORT_MODELS:
        assert model.check() == []


@pytest.mark.parametrize("model", SUPPORT_MODELS, ids=lambda m: m._meta.label)
def test_supporting_twice_is_one_support_and_it_can_be_withdrawn(barendrecht, model):
    target_model = model._meta.get_field(model.support_target).related_model
    target = target_model.objects.order_by("pk").first()
    assert target is not None, "the demo has items and meeting requests"
    user = get_user_model().objects.create_user("kern-steun@example.nl", "een-lang-wachtwoord")
    before = support_count(model, target=target)

    first, created = support_once(model, target=target, user=user)
    again, created_again = support_once(model, target=target, user=user)

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert model.objects.filter(**{model.support_target: target, "user": user}).count() == 1
    assert support_count(model, target=target) == before + 1
    counted = target_model.objects.annotate(n=support_counts(model)).get(pk=target.pk)
    assert counted.n == before + 1
    assert supported_by(model, user=user, targets=[target]) == {target.pk}
    assert user.pk in set(supporter_ids(model, target=target))

    assert support_withdraw(model, target=target, user=user) is True
    assert support_withdraw(model, target=target, user=user) is False
    assert support_count(model, target=target) == before
    assert supported_by(model, user=user, targets=[target]) == set()
    _back, created = support_once(model, target=target, user=user)
    assert created is True  # withdrawn support can be given again


def test_a_model_without_its_unique_constraint_fails_the_check():
    with isolate_apps("wijkgericht.core"):
        class Target(models.Model):  # noqa: DJ008
            class Meta:
                app_label = "core"

        class LooseSupport(SupportBase):
            support_target = "target"
            target = models.ForeignKey(Target, on_delete=models.CASCADE)

            class Meta:
                app_label = "core"

        class NoTarget(SupportBase):
            class Meta:
                app_label = "core"

        assert "core.E002" in {e.id for e in LooseSupport.check()}
        assert "core.E001" in {e.id for e in NoTarget.check()}


def test_the_same_text_from_the_same_author_within_the_window_gives_back_the_first(barendrecht):
    comment_model = apps.get_model("participation", "Comment")
    item = apps.get_model("participation", "Item").objects.order_by("pk").first()
    users = get_user_model().objects
    author = users.create_user("kern-dubbel@example.nl", "een-lang-wachtwoord")
    other = users.create_user("kern-ander@example.nl", "een-lang-wachtwoord")

    def same(text: str):
        return comment_model.objects.filter(item=item, body=text)

    assert double_submit_first(same("Goed plan"), author=author) is None
    first = comment_model.objects.create(item=item, author=author, body="Goed plan")
    comment_model.objects.create(item=item, author=author, body="Goed plan")  # a copy made without the rule
    assert double_submit_first(same("Goed plan"), author=author) == first
    assert double_submit_first(same("Ander plan"), author=author) is None
    assert double_submit_first(same("Goed plan"), author=other) is None

    comment_model.objects.filter(item=item, author=author).update(
        created_at=first.created_at - DOUBLE_SUBMIT_WINDOW - dt.timedelta(seconds=1))
    assert double_submit_first(same("Goed plan"), author=author) is None
