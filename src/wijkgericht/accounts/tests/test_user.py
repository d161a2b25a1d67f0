import pytest
from django.contrib.auth import authenticate, get_user_model

pytestmark = pytest.mark.django_db


def test_users_sign_in_with_their_email_and_get_a_pseudonym():
    user = get_user_model().objects.create_user("Anna@Example.NL", "een-lang-wachtwoord")
    assert user.email == "anna@example.nl"
    assert user.pseudonym.startswith("Inwoner ") and "anna" not in user.pseudonym.lower()
    assert authenticate(email="anna@example.nl", password="een-lang-wachtwoord") == user
    assert not user.is_staff


def test_pseudonyms_differ_between_users():
    model = get_user_model()
    names = {model.objects.create_user(f"u{i}@example.nl", "een-lang-wachtwoord").pseudonym for i in range(5)}
    assert len(names) == 5


def test_an_email_address_is_required():
    with pytest.raises(ValueError):
        get_user_model().objects.create_user("", "een-lang-wachtwoord")
