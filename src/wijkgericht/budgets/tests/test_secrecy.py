"""Ballot secrecy as a property of the schema and the admin (issue #12 §3): who voted (Voter) and what was voted
(Ballot) are stored apart — no foreign key between them or to a person, no time stamp, random ids, so neither a join
nor an order links a ballot to someone — and no admin page shows either, let alone both side by side."""

from __future__ import annotations

import json
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets.models import Ballot, Voter
from wijkgericht.budgets.services.voting import ballot_cast
from wijkgericht.budgets.tests.voting_setup import verify, voting_round


@pytest.mark.parametrize("model", [Ballot, Voter])
def test_no_time_stamp_and_a_random_id(model):
    fields = model._meta.get_fields()
    assert not [f.name for f in fields if isinstance(f, models.DateField | models.TimeField)]
    assert not [f.name for f in fields if isinstance(f, models.AutoField | models.BigAutoField)]
    pk = model._meta.pk
    assert isinstance(pk, models.UUIDField) and pk.default is uuid.uuid4


def test_no_key_links_a_ballot_to_a_voter_or_a_person():
    user_model = apps.get_model("accounts", "User")
    for model in (Ballot, Voter):
        targets = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert not targets & {Ballot, Voter, user_model}, (model, targets)
    # Nothing else points at them either (a third table would be a join between the two).
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and model not in (Ballot, Voter):
                assert field.related_model not in (Ballot, Voter), (model, field.name)


def test_voter_holds_no_account_id_and_the_change_key_is_not_the_token(barendrecht, django_user_model):
    round, share, proposals = voting_round(barendrecht, allow_change=True)
    user = django_user_model.objects.create_user("geheim@example.nl", "een-lang-wachtwoord")
    verify(user, barendrecht)
    ballot_cast(round=round, share=share, choices={proposals[0].pk: 1}, account=user)
    voter, ballot = Voter.objects.get(), Ballot.objects.get()
    assert len(voter.token) == 64 and all(ch in "0123456789abcdef" for ch in voter.token)  # a keyed hash
    assert voter.token not in (str(user.pk), user.email) and user.email not in json.dumps(ballot.choices)
    assert ballot.change_key and ballot.change_key != voter.token
    assert set(ballot.choices) == {str(proposals[0].pk)}  # what, not who


def test_neither_is_in_the_admin():
    assert not admin.site.is_registered(Ballot)
    assert not admin.site.is_registered(Voter)
    for model_admin in admin.site._registry.values():  # nor as an inline of another model's page
        for inline in getattr(model_admin, "inlines", []):
            assert inline.model not in (Ballot, Voter), model_admin


@pytest.mark.django_db
def test_the_administrator_finds_no_ballot_or_voter_page(client, roles):
    roles.administrator.is_staff = roles.administrator.is_superuser = True
    roles.administrator.save()
    sign_in_verified(client, roles.administrator)
    assert client.get("/admin/").status_code == 200
    for path in ("/admin/budgets/ballot/", "/admin/budgets/voter/"):
        assert client.get(path).status_code == 404, path
    index = client.get("/admin/budgets/").content.decode() if client.get("/admin/budgets/").status_code == 200 else ""
    assert "/admin/budgets/ballot/" not in index and "/admin/budgets/voter/" not in index
