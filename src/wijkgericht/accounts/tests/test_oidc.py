"""Sign-in through an OpenID Connect broker (DigiD): settings, discovery and the user mapping. No network: the
provider's answers are stubbed."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import override_settings
from django.urls import reverse

from wijkgericht.accounts import oidc
from wijkgericht.accounts.models import MailPreference, User
from wijkgericht.accounts.oidc_auth import OIDCBackend, placeholder_email, verified_email
from wijkgericht.accounts.services import can_participate, is_placeholder_email
from wijkgericht.accounts.tests.conftest import PASSWORD, make_user

ISSUER = "https://broker.example/realms/digid"
ENV = {"WIJKGERICHT_OIDC_ISSUER": ISSUER + "/", "WIJKGERICHT_OIDC_CLIENT_ID": "wijkgericht",
       "WIJKGERICHT_OIDC_CLIENT_SECRET": "geheim", "WIJKGERICHT_OIDC_SCOPES": "openid"}
SETTINGS = oidc.oidc_settings(ENV.get)
BSN = "123456782"


@pytest.fixture
def configured(settings):
    for name, value in SETTINGS.items():
        setattr(settings, name, value)
    oidc._documents.clear()
    yield
    oidc._documents.clear()


@pytest.fixture
def backend(configured, db):
    return OIDCBackend()


def test_no_issuer_no_settings():
    assert oidc.oidc_settings({"WIJKGERICHT_OIDC_ISSUER": ""}.get) == {}
    assert oidc.oidc_settings(lambda name: "") == {}


def test_settings_from_the_environment():
    assert SETTINGS["WIJKGERICHT_OIDC_ISSUER"] == ISSUER
    assert SETTINGS["AUTHENTICATION_BACKENDS"] == ["django.contrib.auth.backends.ModelBackend",
                                                   "wijkgericht.accounts.oidc_auth.OIDCBackend"]
    assert SETTINGS["OIDC_RP_CLIENT_ID"] == "wijkgericht" and SETTINGS["OIDC_RP_CLIENT_SECRET"] == "geheim"
    assert SETTINGS["OIDC_RP_SCOPES"] == "openid" and SETTINGS["OIDC_USE_PKCE"] is True
    assert not SETTINGS["OIDC_STORE_ID_TOKEN"] and not SETTINGS["OIDC_STORE_ACCESS_TOKEN"]
    assert not any(name.startswith("OIDC_OP_") for name in SETTINGS)  # endpoints come from discovery


def test_an_issuer_without_client_id_is_a_configuration_error():
    with pytest.raises(ValueError):
        oidc.oidc_settings({"WIJKGERICHT_OIDC_ISSUER": ISSUER}.get)


class FakeResponse:
    def __init__(self, data):
        self.data = data

    def raise_for_status(self):
        pass

    def json(self):
        return self.data


def test_endpoints_come_from_the_discovery_document_once(configured, monkeypatch):
    import requests

    calls = []
    document = {"issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/auth", "token_endpoint": f"{ISSUER}/token",
                "userinfo_endpoint": f"{ISSUER}/userinfo", "jwks_uri": f"{ISSUER}/certs"}
    monkeypatch.setattr(requests, "get", lambda url, timeout: calls.append(url) or FakeResponse(document))
    backend = OIDCBackend()
    assert backend.OIDC_OP_TOKEN_ENDPOINT == f"{ISSUER}/token"
    assert backend.OIDC_OP_JWKS_ENDPOINT == f"{ISSUER}/certs"
    assert backend.OIDC_OP_USER_ENDPOINT == f"{ISSUER}/userinfo"
    assert oidc.op_setting("OIDC_OP_AUTHORIZATION_ENDPOINT") == f"{ISSUER}/auth"
    assert calls == [f"{ISSUER}/.well-known/openid-configuration"]


def test_a_discovery_document_for_another_issuer_is_refused(configured, monkeypatch):
    import requests
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(requests, "get", lambda url, timeout: FakeResponse({"issuer": "https://evil.example"}))
    with pytest.raises(ImproperlyConfigured):
        oidc.op_setting("OIDC_OP_TOKEN_ENDPOINT")


def test_building_the_backend_fetches_nothing(configured, monkeypatch):
    import requests

    monkeypatch.setattr(requests, "get", lambda *a, **k: pytest.fail("network at backend construction"))
    OIDCBackend()


@pytest.mark.django_db
def test_a_verified_email_claim_creates_a_verified_passwordless_account(backend):
    user = backend.user_from_claims({"sub": "abc", "email": "Inwoner@Example.NL", "email_verified": True})
    assert user.email == "inwoner@example.nl" and user.email_verified_at is not None
    assert not user.has_usable_password() and can_participate(user)
    assert user.privacy_accepted_at is None  # this sign-in asks for no consent, so no moment of consent is kept
    assert backend.user_from_claims({"sub": "abc", "email": "inwoner@example.nl", "email_verified": "true"}) == user
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_verified_email_claim_finds_the_existing_account(backend):
    existing = make_user("bewoner@example.nl")
    user = backend.user_from_claims({"sub": "x", "email": "bewoner@example.nl", "email_verified": True})
    assert user == existing and user.check_password(PASSWORD)  # a confirmed account keeps its password


@pytest.mark.django_db
def test_linking_an_unconfirmed_account_drops_the_password_someone_else_may_have_set(backend):
    squatter = make_user("slachtoffer@example.nl", verified=False)
    squatter.privacy_accepted_at = squatter.date_joined
    squatter.save(update_fields=["privacy_accepted_at"])
    user = backend.user_from_claims({"sub": "x", "email": "slachtoffer@example.nl", "email_verified": True})
    assert user == squatter
    user.refresh_from_db()
    assert user.email_verified_at is not None and not user.has_usable_password()
    assert user.privacy_accepted_at is None  # nor the consent someone else gave


@pytest.mark.django_db
@pytest.mark.parametrize("claims", [
    {"sub": BSN},
    {"sub": BSN, "email": "iemand@example.nl"},  # not said to be verified
    {"sub": BSN, "email": "iemand@example.nl", "email_verified": False},
    {"sub": BSN, "email": "geen adres", "email_verified": True},
    {"sub": BSN, "bsn": BSN, "name": "Jan Jansen"},
])
def test_without_a_verified_email_a_keyed_placeholder_from_sub(backend, claims):
    user = backend.user_from_claims(claims)
    assert is_placeholder_email(user.email) and user.email.endswith("@oidc.invalid")
    assert user.email_verified_at is not None and can_participate(user)
    assert user.mail_preference == MailPreference.NONE and not user.has_usable_password()
    stored = " ".join(str(v) for v in User.objects.filter(pk=user.pk).values().get().values())
    assert BSN not in stored and "Jan Jansen" not in stored
    assert backend.user_from_claims({"sub": BSN}) == user  # the same person finds the same account
    assert backend.user_from_claims({"sub": "987654321"}) != user
    assert User.objects.filter(email="iemand@example.nl").count() == 0


def test_the_placeholder_is_keyed(settings):
    a = placeholder_email(ISSUER, BSN, secret="sleutel-1")
    assert a != placeholder_email(ISSUER, BSN, secret="sleutel-2")
    assert a != placeholder_email("https://ander.example", BSN, secret="sleutel-1")
    import hashlib

    assert hashlib.sha256(BSN.encode()).hexdigest()[:32] not in a


@pytest.mark.django_db
def test_after_a_secret_key_rotation_the_same_account_is_found(backend, settings):
    old_key = settings.SECRET_KEY
    user = backend.user_from_claims({"sub": BSN})
    settings.SECRET_KEY = "een-nieuwe-geheime-sleutel-" + "x" * 30
    settings.SECRET_KEY_FALLBACKS = [old_key]
    again = backend.user_from_claims({"sub": BSN})
    assert again.pk == user.pk and again.email == placeholder_email(ISSUER, BSN)


@pytest.mark.django_db
def test_a_disabled_account_does_not_sign_in(backend):
    user = make_user("weg@example.nl")
    user.is_active = False
    user.save()
    assert backend.user_from_claims({"sub": "x", "email": "weg@example.nl", "email_verified": True}) is None


@pytest.mark.django_db
def test_claims_without_sub_are_refused(backend):
    with pytest.raises(SuspiciousOperation):
        backend.user_from_claims({"email": "a@example.nl", "email_verified": True})


def test_verified_email_rules():
    assert verified_email({"email": " A@B.nl ", "email_verified": True}) == "a@b.nl"
    assert verified_email({"email": "a@b.nl"}) is None
    assert verified_email({"email": "x@oidc.invalid", "email_verified": True}) is None


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [
    {"iss": "https://evil.example", "aud": "wijkgericht", "sub": "x"},
    {"iss": ISSUER, "aud": "iemand-anders", "sub": "x"},
    {"iss": ISSUER, "aud": ["a", "b"], "sub": "x"},
    {"iss": ISSUER, "aud": "wijkgericht"},
])
def test_id_tokens_from_another_issuer_or_for_another_client_are_refused(backend, payload):
    with pytest.raises(SuspiciousOperation):
        backend.get_or_create_user("access", "id", payload)
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_get_or_create_user_reads_userinfo_and_checks_its_sub(backend, monkeypatch):
    payload = {"iss": ISSUER, "aud": ["wijkgericht"], "sub": BSN}
    monkeypatch.setattr(OIDCBackend, "get_userinfo", lambda self, a, i, p: {"sub": "iemand-anders"})
    with pytest.raises(SuspiciousOperation):
        backend.get_or_create_user("access", "id", payload)
    monkeypatch.setattr(OIDCBackend, "get_userinfo", lambda self, a, i, p: {"sub": BSN})
    user = backend.get_or_create_user("access", "id", payload)
    assert is_placeholder_email(user.email)


@pytest.mark.django_db
def test_without_a_userinfo_endpoint_the_id_token_claims_are_used(backend, settings, monkeypatch):
    monkeypatch.setattr(oidc, "discovery", lambda issuer: {"issuer": ISSUER})
    assert backend.OIDC_OP_USER_ENDPOINT is None
    payload = {"sub": "s", "email": "a@example.nl", "email_verified": True}
    assert backend.get_userinfo("access", "id", payload) is payload


@pytest.mark.django_db
def test_the_digid_pages_are_absent_without_configuration(client):
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


@pytest.mark.django_db
def test_with_configuration_sign_in_offers_digid_and_redirects_to_the_broker(client, configured, monkeypatch):
    monkeypatch.setattr(oidc, "discovery", lambda issuer: {"issuer": ISSUER,
                                                           "authorization_endpoint": f"{ISSUER}/auth"})
    assert "Inloggen met DigiD" in client.get(reverse("accounts:login")).content.decode()
    response = client.get("/en" + reverse("accounts:oidc_login"))
    assert response.status_code == 302 and response.url.startswith(f"{ISSUER}/auth?")
    # One redirect URI to register at the broker, whatever the page language.
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Faccount%2Fdigid%2Fterug%2F" in response.url
    assert "code_challenge=" in response.url and "nonce=" in response.url


@pytest.mark.django_db
def test_a_broker_that_is_down_gives_a_message_not_an_error(client, configured, monkeypatch):
    import requests

    def down(*args, **kwargs):
        raise requests.ConnectionError("down")

    monkeypatch.setattr(requests, "get", down)
    response = client.get(reverse("accounts:oidc_login"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert "niet gelukt" in client.get(response.url).content.decode()


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="nl")
def test_a_failed_callback_goes_back_to_sign_in(client, configured):
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied"})
    assert response.status_code == 302 and response.url == reverse("accounts:login")


@pytest.mark.django_db
def test_a_staff_account_is_never_taken_over_by_a_matching_email_claim(backend):
    """Review finding: any provider account claiming a staff member's (verified) address signed in as them."""
    from wijkgericht.accounts.models import StaffRole
    from wijkgericht.districts.models import Municipality

    staff = make_user("moderator@example.nl")
    municipality = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp", division_year=2024)
    StaffRole.objects.create(user=staff, role=StaffRole.Role.MODERATOR, municipality=municipality)
    claims = {"sub": "abc", "email": "moderator@example.nl", "email_verified": True}
    assert backend.user_from_claims(claims) is None
    resident = make_user("inwoner@example.nl")
    assert backend.user_from_claims({**claims, "email": "inwoner@example.nl"}) == resident
