"""DigiD verifies where a resident lives (issue #12 §3): the broker's `address` and `birthdate` claims at sign-in
give the neighbourhood (through the postcode table) and the year of birth, never stored themselves. No network: the
backend maps claims as the callback would."""

from __future__ import annotations

import logging

import pytest

from wijkgericht.accounts import oidc
from wijkgericht.accounts.oidc_auth import OIDCBackend, oidc_claims_received
from wijkgericht.accounts.tests.conftest import make_user
from wijkgericht.budgets.models import ResidentVerification
from wijkgericht.budgets.services.eligibility import verification_from_claims
from wijkgericht.budgets.tests.code_setup import addresses, neighbourhoods
from wijkgericht.districts.models import Address

ENV = {"WIJKGERICHT_OIDC_ISSUER": "https://broker.example/realms/digid", "WIJKGERICHT_OIDC_CLIENT_ID": "wijkgericht",
       "WIJKGERICHT_OIDC_CLIENT_SECRET": "geheim", "WIJKGERICHT_OIDC_SCOPES": "openid"}
POSTCODE = "2993XA"  # code_setup.addresses: the demo has no postcode table, so the test makes one


@pytest.fixture
def backend(settings, barendrecht):
    for name, value in oidc.oidc_settings(ENV.get).items():
        setattr(settings, name, value)
    oidc._documents.clear()
    yield OIDCBackend()
    oidc._documents.clear()


@pytest.fixture
def place(barendrecht):
    addresses(barendrecht, 20, postcode=POSTCODE)
    return neighbourhoods(barendrecht)[0]


def claims(**extra) -> dict:
    return {"sub": "123456782", "address": {"street_address": "Middenbaan 12", "postal_code": "2993 xa",
                                            "country": "NL"},
            "birthdate": "1990-04-17", **extra}


def test_address_and_birthdate_claims_verify_the_neighbourhood_and_birth_year(backend, place):
    user = backend.user_from_claims(claims())
    verification = ResidentVerification.objects.get(user=user)
    assert verification.neighbourhood == place
    assert verification.birth_year == 1990
    assert verification.source == ResidentVerification.Source.OIDC
    assert not verification.works_or_studies and verification.verified_by is None
    stored = {f.attname: getattr(verification, f.attname) for f in ResidentVerification._meta.concrete_fields}
    assert not any(isinstance(v, str) and ("Middenbaan" in v or "2993" in v or "04-17" in v) for v in stored.values())


@pytest.mark.parametrize("extra", [
    {"house_number": "12", "address": {"street_address": "Middenbaan 99", "postal_code": "2993XA"}},  # it wins
    {"address": {"street_address": "Middenbaan", "postal_code": "2993XA", "house_number": 12}},
    {"address": {"street_address": "Middenbaan 12a", "postal_code": "2993XA"}},
    {"address": {"street_address": "Middenbaan 12 bis\n2e verdieping", "postal_code": "2993XA"}},
])
def test_the_house_number_from_a_claim_or_the_end_of_the_street_line(backend, place, extra):
    user = backend.user_from_claims(claims(**extra))
    assert ResidentVerification.objects.get(user=user).neighbourhood == place


def test_an_unknown_postcode_records_nothing_and_logs(backend, place, caplog):
    with caplog.at_level(logging.INFO, logger="wijkgericht.budgets.services.eligibility"):
        user = backend.user_from_claims(claims(address={"street_address": "Elders 1", "postal_code": "1011AB"}))
    assert not ResidentVerification.objects.filter(user=user).exists()
    assert "not in the postcode table" in caplog.text
    assert "1011" not in caplog.text  # the address is not logged


@pytest.mark.parametrize("extra", [
    {"address": None},
    {"address": "Middenbaan 12, 2993 XA Barendrecht"},  # not the standard object
    {"birthdate": None},
    {"birthdate": "1990-02-30"},
    {"address": {"street_address": "Middenbaan", "postal_code": "2993XA"}},  # no house number
])
def test_without_a_usable_address_or_birthdate_nothing_is_recorded(backend, place, extra):
    user = backend.user_from_claims({k: v for k, v in claims(**extra).items() if v is not None})
    assert user is not None
    assert not ResidentVerification.objects.filter(user=user).exists()


def test_a_later_sign_in_updates_and_a_move_away_removes_the_oidc_verification(backend, place, barendrecht):
    user = backend.user_from_claims(claims())
    other = neighbourhoods(barendrecht)[1]
    addresses(barendrecht, 1, postcode="2991AB", start=5)
    Address.objects.filter(postcode="2991AB").update(neighbourhood=other)
    backend.user_from_claims(claims(address={"street_address": "Dorpsstraat 5", "postal_code": "2991AB"}))
    assert ResidentVerification.objects.get(user=user).neighbourhood == other
    backend.user_from_claims(claims(address={"street_address": "Elders 1", "postal_code": "1011AB"}))
    assert not ResidentVerification.objects.filter(user=user).exists()


def test_digid_replaces_a_staff_verification_but_an_unknown_address_leaves_it(barendrecht, place):
    user = make_user()
    other = neighbourhoods(barendrecht)[1]
    ResidentVerification.objects.create(user=user, neighbourhood=other, birth_year=1980, works_or_studies=True,
                                        source=ResidentVerification.Source.STAFF)
    assert verification_from_claims(user, claims(address={"street_address": "Elders 1",
                                                          "postal_code": "1011AB"})) is None
    assert ResidentVerification.objects.get(user=user).source == ResidentVerification.Source.STAFF
    verification_from_claims(user, claims())
    verification = ResidentVerification.objects.get(user=user)
    assert (verification.neighbourhood, verification.birth_year, verification.source,
            verification.works_or_studies) == (place, 1990, ResidentVerification.Source.OIDC, False)


def test_the_backend_sends_the_signal_with_the_user_and_claims(backend):
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs["user"], kwargs["claims"]))

    oidc_claims_received.connect(receiver)
    try:
        sent = claims()
        user = backend.user_from_claims(sent)
    finally:
        oidc_claims_received.disconnect(receiver)
    assert received == [(OIDCBackend, user, sent)]


def test_a_failing_receiver_does_not_stop_the_sign_in(backend, caplog):
    def broken(sender, **kwargs):
        raise RuntimeError("kapot")

    oidc_claims_received.connect(broken)
    try:
        assert backend.user_from_claims(claims()) is not None
    finally:
        oidc_claims_received.disconnect(broken)
    assert "failed" in caplog.text
