"""The codes' pages through HTTP: the staff codes page (counts, the address file in and the letters' PDF out, a new
letter for a lost one) and the resident check, for every role; the public code page that hands a valid code to
the ballot through the server-side session, never through a URL."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkgericht.accounts.models import PersonalDataAccess
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets import hashing, workflow
from wijkgericht.budgets.letters import qr_target
from wijkgericht.budgets.models import ResidentVerification, VotingCode
from wijkgericht.budgets.pages import codes as code_pages
from wijkgericht.budgets.services import codes
from wijkgericht.budgets.tests.code_setup import (
    address_lines,
    addresses,
    code_round,
    csv_of,
    neighbourhoods,
    pdf_page_count,
    pdf_qr_matrices,
    qr_matrix,
)

pytestmark = pytest.mark.django_db

REFUSED = ("resident", "district_alderman", "portfolio_holder", "moderator")
ALLOWED = ("civil_servant", "administrator")


def _manage(round) -> str:  # noqa: A002
    return f"/werkplek/wijkbudget/{round.pk}/stemcodes/"


def _upload(content: bytes) -> dict:
    return {"action": "generate", "adressen-file": SimpleUploadedFile("adressen.csv", content, "text/csv")}


def test_the_codes_page_per_role(client, roles):
    round = code_round(roles.municipality)  # noqa: A001
    assert client.get(_manage(round)).status_code == 302  # sign in first
    for name in REFUSED:
        sign_in_verified(client, getattr(roles, name))
        assert client.get(_manage(round)).status_code == 403, name
        assert client.post(_manage(round), _upload(csv_of(address_lines(
            addresses(roles.municipality, 1))))).status_code == 403, name
    assert not VotingCode.objects.exists()
    for name in ALLOWED:
        sign_in_verified(client, getattr(roles, name))
        page = client.get(_manage(round))
        assert page.status_code == 200, name
        assert "Nog geen stemcodes gemaakt" in page.content.decode()
    assert client.get("/werkplek/wijkbudget/999999/stemcodes/").status_code == 404


def test_the_letters_pdf_is_the_answer_to_the_upload(client, roles, monkeypatch):
    drawn = (f"ACDE-FGHJ-{a}{b}{c}{d}" for a, b, c, d in itertools.product("KMNP", repeat=4))
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
    round = code_round(roles.municipality)  # noqa: A001
    sign_in_verified(client, roles.civil_servant)
    response = client.post(_manage(round), _upload(csv_of(address_lines(addresses(roles.municipality, 3)))))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="stembrieven-brieven-')
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    assert pdf_page_count(pdf) == 3
    expected = [f"ACDE-FGHJ-KKK{d}" for d in "KMN"]
    assert sorted(pdf_qr_matrices(pdf)) == sorted(qr_matrix(qr_target(round, code)) for code in expected)
    assert {c.code_hash for c in VotingCode.objects.filter(round=round)} == {hashing.code_hash(c) for c in expected}
    page = client.get(_manage(round)).content.decode()
    assert "Stemcodes per buurt" in page and neighbourhoods(roles.municipality)[0].name in page
    assert "ACDE" not in page  # counts, never a code

    # A lost letter: a new one for the same address, the old code void.
    postcode, number = addresses(roles.municipality, 1)[0]
    response = client.post(_manage(round), {"action": "replace", "brief-street": "Dorpsstraat",
                                            "brief-number": str(number), "brief-postcode": postcode,
                                            "brief-city": "Barendrecht"})
    assert response["Content-Type"] == "application/pdf" and pdf_page_count(response.content) == 1
    assert codes.code_status(round, expected[0]) == VotingCode.Status.VOID
    assert pdf_qr_matrices(response.content) == [qr_matrix(qr_target(round, "ACDE-FGHJ-KKKP"))]


def test_a_bad_file_shows_its_lines_and_writes_nothing(client, roles):
    round = code_round(roles.municipality)  # noqa: A001
    sign_in_verified(client, roles.administrator)
    found = addresses(roles.municipality, 1)
    response = client.post(_manage(round), _upload(csv_of([*address_lines(found), "Kade;12;;nope;Barendrecht"])))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Regel 3, kolom postcode" in page and "Niet alles is goed ingevuld" in page
    assert not VotingCode.objects.exists()
    response = client.post(_manage(round), {"action": "replace", "brief-street": "Kade", "brief-number": "99999999",
                                            "brief-postcode": "2991AB", "brief-city": "Barendrecht"})
    assert response.status_code == 400 and "huisnummer" in response.content.decode().lower()
    response = client.post(_manage(round), {"action": "replace", "brief-street": "Kade", "brief-number": "3",
                                            "brief-postcode": "2991AB", "brief-city": "Barendrecht"})
    assert response.status_code == 400 and "geen stemcode gemaakt" in response.content.decode()
    assert client.post(_manage(round), {"action": "iets"}).status_code == 400
    assert client.post(_manage(round), {"action": "generate"}).status_code == 400  # no file


def test_the_resident_check_per_role(client, roles):
    url = "/werkplek/wijkbudget/bewoner-controleren/"
    place = neighbourhoods(roles.municipality)[0]
    data = {"bewoner-email": roles.resident.email, "bewoner-neighbourhood": place.pk, "bewoner-birth_year": "1984"}
    assert client.get(url).status_code == 302
    for name in REFUSED:
        sign_in_verified(client, getattr(roles, name))
        assert client.get(url).status_code == 403, name
        assert client.post(url, data).status_code == 403, name
    assert not ResidentVerification.objects.exists()
    sign_in_verified(client, roles.civil_servant)
    page = client.get(url).content.decode()
    assert place.name in page and neighbourhoods(roles.municipality, "WK048901")[0].name not in page
    assert client.post(url, data).status_code == 302
    assert ResidentVerification.objects.get(user=roles.resident).birth_year == 1984
    assert PersonalDataAccess.objects.filter(subject=roles.resident, accessor=roles.civil_servant).count() == 1
    elsewhere = neighbourhoods(roles.municipality, "WK048901")[0]
    for bad in ({"bewoner-neighbourhood": elsewhere.pk}, {"bewoner-birth_year": "99999999999"},
                {"bewoner-birth_year": "-5"}, {"bewoner-email": "niemand@example.nl"}):
        assert client.post(url, {**data, **bad}).status_code == 400, bad
    sign_in_verified(client, roles.administrator)
    assert elsewhere.name in client.get(url).content.decode()
    assert client.post(url, {**data, "bewoner-neighbourhood": elsewhere.pk}).status_code == 302


def _letters(round, n: int = 2) -> list[codes.LetterData]:  # noqa: A002
    found = addresses(round.municipality, n)
    return codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(found)), actor=None)[0]


def test_the_code_page_hands_a_valid_code_to_the_ballot(client, roles):
    round = code_round(roles.municipality)  # noqa: A001
    first, second = _letters(round)
    url = f"/wijkbudget/{round.slug}/stemcode/"
    page = client.get(url)
    assert page.status_code == 200 and "budgets/stemcode.js" in page.content.decode()
    assert client.get(f"/gemeenten/GM0489/wijkbudget/{round.slug}/stemcode/").status_code == 200
    assert client.get("/wijkbudget/bestaat-niet/stemcode/").status_code == 404
    response = client.post(url, {"code": first.code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert first.code not in response["Location"] and hashing.normalise_code(first.code) not in response["Location"]
    assert response["Location"] == code_pages.ballot_path(round)
    assert client.session[code_pages.SESSION_KEY] == {str(round.pk): hashing.normalise_code(first.code)}

    class Request:  # what the ballot pages do after casting
        session = client.session
    code_pages.forget_code(Request, round)
    assert code_pages.session_code(Request, round) is None

    codes.code_mark_used(codes.code_for_voting(round, second.code))
    for typed, expected in ((second.code, "al gestemd"), ("ACDE-FGHJ-KMNP", "kennen we niet"),
                            ("12", "12 letters en cijfers"), ("x" * 41, "40")):
        response = client.post(url, {"code": typed})
        assert response.status_code == 400 and expected in response.content.decode(), typed
    new = codes.code_replace(round=round, postcode=first.postcode, number=first.number, street=first.street,
                             city=first.city, actor=None)
    assert "nieuwe brief" in client.post(url, {"code": first.code}).content.decode()
    assert client.post(url, {"code": new.code}).status_code == 302


def test_the_code_page_outside_voting(client, roles):
    for slug, fields in (("nog-niet", {"phase": workflow.REVIEW}), ("voorbij", {"phase": workflow.RESULT}),
                         ("account", {"vote_with_code": False})):
        code_round(roles.municipality, slug=slug, **fields)
        page = client.get(f"/wijkbudget/{slug}/stemcode/")
        assert page.status_code == 200 and 'name="code"' not in page.content.decode()
        assert client.post(f"/wijkbudget/{slug}/stemcode/", {"code": "ACDE-FGHJ-KMNP"}).status_code == 400
    hidden = code_round(roles.municipality, slug="verborgen", published_at=None)
    assert client.get(f"/wijkbudget/{hidden.slug}/stemcode/").status_code == 404


def test_the_budget_desk_links_to_the_codes_pages_and_the_resident_check(client, roles):
    round = code_round(roles.municipality)  # noqa: A001
    code_round(roles.municipality, slug="zonder-codes", vote_with_code=False)
    for name in ALLOWED:
        sign_in_verified(client, getattr(roles, name))
        page = client.get("/werkplek/wijkbudget/").content.decode()
        assert _manage(round) in page and "/werkplek/wijkbudget/bewoner-controleren/" in page, name
        assert page.count("/stemcodes/") == 1, name
    for name in ("district_alderman", "portfolio_holder"):
        sign_in_verified(client, getattr(roles, name))
        page = client.get("/werkplek/wijkbudget/").content.decode()
        assert "/stemcodes/" not in page and "bewoner-controleren" not in page, name
