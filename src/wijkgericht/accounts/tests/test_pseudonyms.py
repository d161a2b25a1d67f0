"""A pseudonym may not pass for the municipality, its staff or its board (issue #10, point 7): not at the start,
not in the middle, not with look-alike letters; one rule wherever a pseudonym is set."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkgericht.accounts.models import User
from wijkgericht.accounts.pseudonyms import pseudonym_clean, skeleton
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.accounts.tests.conftest import make_user
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")

IMPERSONATING = [
    "Wethouder Jan",  # at the start (refused before too)
    "Jan de Wethouder",  # anywhere in the name
    "Ik ben wijkwethouder",
    "De moderator",
    "Namens de gemeente",
    "Team Gemeente",
    "Wеthоudеr Jan",  # Cyrillic е and о
    "Weth0uder",  # a zero for the o
    "rnoderator Piet",  # r + n for m
    "ＭＯＤＥＲＡＴＯＲ",  # full-width letters
    "𝐁𝐮𝐫𝐠𝐞𝐦𝐞𝐞𝐬𝐭𝐞𝐫",  # mathematical bold
    "Gémeente",
    "w e t h o u d e r",
    "wet.houder Kees",
]
BOARD = [
    "Jan van Belzen",  # the mayor of the demo's term
    "Burger Jan van Belzen",
    "J. van Belzen",
    "Cees Schaap",  # an alderman of 2018–2022: past terms count too
    "Cееs Schaар",  # with Cyrillic letters
    "Trots op Barendrecht",  # the municipality's name
    "BARENDRECHT-ZUID",
]
FINE = ["Tuinvrouw", "Frederik", "Schaapherder", "Badminton Bert", "Politiek Piet", "Cees uit de Buurt"]


@pytest.mark.parametrize("name", IMPERSONATING)
def test_reserved_words_are_refused_anywhere_and_in_look_alike_letters(barendrecht, name):
    with pytest.raises(ValidationError) as refused:
        pseudonym_clean(name, user=make_user("iemand@example.nl"))
    assert "voorbehouden" in refused.value.messages[0]


@pytest.mark.parametrize("name", BOARD)
def test_names_of_the_board_of_every_term_and_of_the_municipality_are_refused(barendrecht, name):
    with pytest.raises(ValidationError) as refused:
        pseudonym_clean(name, user=make_user("iemand@example.nl"))
    assert "naam van een gemeente, wethouder of burgemeester" in refused.value.messages[0]


@pytest.mark.parametrize("name", FINE)
def test_ordinary_names_pass(barendrecht, name):
    assert pseudonym_clean(name, user=make_user("iemand@example.nl")) == name


def test_an_alderman_may_use_their_own_name(barendrecht):
    user = make_user("sport@example.nl")
    Alderman.objects.filter(name="Cees Schaap").update(user=user)
    assert pseudonym_clean("Cees Schaap", user=user) == "Cees Schaap"
    with pytest.raises(ValidationError):
        pseudonym_clean("Jan van Belzen", user=user)


def test_the_skeleton_folds_look_alikes_together():
    assert skeleton("Wеthоudеr") == skeleton("WETHOUDER") == skeleton("ｗｅｔｈｏｕｄｅｒ") == "wethouder"
    assert skeleton("rnoderator") == skeleton("moderator")


def test_the_account_page_refuses_an_impersonating_pseudonym_with_a_clear_message(client, barendrecht):
    user = make_user("iemand@example.nl")
    client.force_login(user)
    response = client.post(ACCOUNT, {"pseudonym": "Jan de Wеthouder", "mail_preference": "immediate"})
    assert response.status_code == 200 and "voorbehouden" in response.content.decode()
    assert User.objects.get(pk=user.pk).pseudonym != "Jan de Wеthouder"


def test_the_admin_uses_the_same_rule(client, barendrecht):
    admin = make_user("beheer@example.nl")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    resident = make_user("iemand@example.nl")
    sign_in_verified(client, admin)
    url = reverse("admin:accounts_user_change", args=[resident.pk])
    response = client.post(url, {
        "email": resident.email, "pseudonym": "Moderator Ans", "mail_preference": "immediate", "is_active": "on",
        "date_joined_0": "2024-01-01", "date_joined_1": "10:00:00", "initial-date_joined_0": "2024-01-01",
        "initial-date_joined_1": "10:00:00", "staff_roles-TOTAL_FORMS": "0", "staff_roles-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and "voorbehouden" in response.content.decode()
    assert User.objects.get(pk=resident.pk).pseudonym != "Moderator Ans"


def test_accounts_made_by_a_digid_sign_in_get_a_generated_pseudonym_that_passes_the_rule(settings, barendrecht):
    from wijkgericht.accounts.oidc_auth import OIDCBackend

    settings.WIJKGERICHT_OIDC_ISSUER = "https://broker.example/realms/digid"
    user = OIDCBackend().user_from_claims({"sub": "123", "email": "digid@example.nl", "email_verified": True})
    assert user.pseudonym.startswith("Inwoner ") and pseudonym_clean(user.pseudonym, user=user) == user.pseudonym


def test_staff_may_be_shown_as_what_they_are_but_not_as_a_board_member(barendrecht):
    from wijkgericht.accounts.models import StaffRole

    moderator = make_user("mod@example.nl")
    StaffRole.objects.create(user=moderator, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    assert pseudonym_clean("Moderator Ans", user=moderator) == "Moderator Ans"
    with pytest.raises(ValidationError):
        pseudonym_clean("Cees Schaap", user=moderator)


def test_a_name_given_before_the_rule_does_not_block_saving_other_choices(client, barendrecht):
    user = make_user("iemand@example.nl")
    User.objects.filter(pk=user.pk).update(pseudonym="Jan de Wethouder")
    client.force_login(user)
    response = client.post(ACCOUNT, {"pseudonym": "Jan de Wethouder", "mail_preference": "none"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).mail_preference == "none"
