"""Voting codes (issue #12 §3): the address file checked line by line, one random code per address stored only as
keyed hashes, codes that work once, lost letters replaced (the old code void), the letters as one PDF with a page
and a QR code per address, and the civil servant's record of a verified resident (logged)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wijkgericht.accounts.models import PersonalDataAccess
from wijkgericht.budgets import hashing, workflow
from wijkgericht.budgets.letters import code_page_url, letters_html, letters_pdf, qr_target
from wijkgericht.budgets.models import ResidentVerification, VotingCode
from wijkgericht.budgets.services import codes, verification
from wijkgericht.budgets.tests.code_setup import (
    HEADER,
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


def _messages(exc: pytest.ExceptionInfo) -> str:
    return "\n".join(exc.value.messages)


def test_a_code_has_enough_entropy_and_no_look_alikes():
    assert len(hashing.CODE_ALPHABET) == len(set(hashing.CODE_ALPHABET)) == 25
    assert not set("01258BILOSZ") & set(hashing.CODE_ALPHABET)
    assert len(hashing.CODE_ALPHABET) ** codes.CODE_LENGTH > 2 ** 55
    drawn = [codes.new_code() for _ in range(2000)]
    assert len(set(drawn)) == len(drawn)
    for code in drawn[:50]:
        assert len(code) == 14 and code[4] == code[9] == "-"
        assert codes.code_looks_valid(code) and codes.code_looks_valid(code.lower().replace("-", " "))
    assert not codes.code_looks_valid("ABCD-EFGH-JKM0")  # 0 and B are not in the alphabet
    assert not codes.code_looks_valid("ACDE-FGHJ-KMN")  # too short


def test_one_code_per_address_stored_only_as_hashes(roles):
    round = code_round(roles.municipality)  # noqa: A001
    found = addresses(roles.municipality, 3)
    letters, count = codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(found)),
                                          actor=roles.civil_servant)
    assert count == 3 and [(letter.postcode, letter.number) for letter in letters] == found
    place = neighbourhoods(roles.municipality)[0]
    assert {letter.neighbourhood for letter in letters} == {place.name}
    stored = list(VotingCode.objects.filter(round=round).values())
    assert len(stored) == 3 and {row["status"] for row in stored} == {VotingCode.Status.ISSUED}
    assert {row["code_hash"] for row in stored} == {hashing.code_hash(letter.code) for letter in letters}
    assert {row["address_hash"] for row in stored} == {
        hashing.address_hash(round.pk, codes.address_key(p, n, "")) for p, n in found}
    assert {row["neighbourhood_id"] for row in stored} == {place.pk}
    every_value = repr(stored)
    for letter in letters:  # the code is nowhere in the database, in no spelling
        assert letter.code not in every_value and hashing.normalise_code(letter.code) not in every_value


def test_the_file_is_checked_line_by_line_and_nothing_is_written(roles):
    round = code_round(roles.municipality)  # noqa: A001
    (first, second), place = addresses(roles.municipality, 2), neighbourhoods(roles.municipality)[0]
    rows = [
        "Dorpsstraat;1;;29XX AB;Barendrecht",            # line 2: postcode
        f"Dorpsstraat;-3;;{first[0]};Barendrecht",          # line 3: house number
        f";{first[1]};;{first[0]};Barendrecht",             # line 4: street empty
        f"Dorpsstraat;{first[1]};;{first[0]};Barendrecht",  # line 5: fine
        "Dorpsstraat;7;;9999 ZZ;Barendrecht",              # line 6: not in the postcode table
        f"Dorpsstraat;{first[1]};;{first[0]};Barendrecht",  # line 7: the same as line 5
        f"Dorpsstraat;{second[1]};A!;{second[0]};Barendrecht",  # line 8: addition
        f"Dorpsstraat;99999999999;;{second[0]};Barendrecht",  # line 9: a huge number
    ]
    with pytest.raises(ValidationError) as exc:
        codes.codes_generate(round=round, csv_bytes=csv_of(rows), actor=roles.administrator)
    text = _messages(exc)
    for expected in ("Regel 2, kolom postcode", "Regel 3, kolom huisnummer", "Regel 4, kolom straat",
                     "Regel 6, kolom postcode", "Regel 7: hetzelfde adres als regel 5", "Regel 8, kolom toevoeging",
                     "Regel 9, kolom huisnummer"):
        assert expected in text, expected
    assert "Regel 5" not in text
    assert [m.split(",")[0].split(":")[0] for m in exc.value.messages] == sorted(
        (m.split(",")[0].split(":")[0] for m in exc.value.messages), key=lambda s: int(s.split()[1]))
    assert not VotingCode.objects.exists()
    # A buurtcode that is not the municipality's, and one that is (no postcode table needed).
    with pytest.raises(ValidationError) as exc:
        codes.codes_generate(round=round, actor=None, csv_bytes=csv_of(
            ["Kade;1;;3011 AA;Rotterdam;BU05990101"], header=HEADER + ";buurtcode"))
    assert "Regel 2, kolom buurtcode" in _messages(exc)
    letters, _count = codes.codes_generate(round=round, actor=None, csv_bytes=csv_of(
        [f"Kade;1;;3011 AA;Barendrecht;{place.code.lower()}"], header=HEADER + ";buurtcode"))
    assert letters[0].neighbourhood == place.name


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "leeg"),
    ("straat;huisnummer;postcode;woonplaats\nKade;1;2991 AB;Zoë\n".encode("latin-1"), "Regel 2: het bestand is geen UTF-8"),
    (b"straat;nummer;postcode\n", "deze kolommen ontbreken: huisnummer, woonplaats"),
    (b"straat;huisnummer;postcode;woonplaats;kleur\n", "onbekende of dubbele kolommen: kleur"),
    (b"straat;huisnummer;postcode;woonplaats\n", "geen adressen"),
    (b"straat;huisnummer;postcode;woonplaats\nKade;1;2991 AB;X;Y;Z\n", "Regel 2: meer velden"),
    (b"straat;huisnummer;postcode;woonplaats\nKa\x00de;1;2991 AB;X\n", "NUL-teken"),
])
def test_file_level_errors_are_clear(roles, content, expected):
    round = code_round(roles.municipality)  # noqa: A001
    with pytest.raises(ValidationError) as exc:
        codes.codes_generate(round=round, csv_bytes=content, actor=None)
    assert expected in _messages(exc)


def test_commas_a_byte_order_mark_and_columns_in_any_order(roles):
    round = code_round(roles.municipality)  # noqa: A001
    found = addresses(roles.municipality, 2)
    content = csv_of([f"{found[0][0]},Barendrecht,{found[0][1]},Dorpsstraat", f"{found[1][0]},Barendrecht,"
                      f"{found[1][1]},\"Straat, met komma\""], header="Postcode;Woonplaats;HUISNUMMER;straat",
                     delimiter=",", bom=True)
    letters, count = codes.codes_generate(round=round, csv_bytes=content, actor=None)
    assert count == 2 and letters[1].street == "Straat, met komma"


def test_an_address_gets_one_code_per_round(roles):
    round = code_round(roles.municipality)  # noqa: A001
    found = addresses(roles.municipality, 2)
    codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(found[:1])), actor=None)
    with pytest.raises(ValidationError) as exc:
        codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(found)), actor=None)
    assert "Regel 2: dit adres heeft al een stemcode" in _messages(exc)
    assert VotingCode.objects.count() == 1
    postcode, number = found[0]
    letters, _count = codes.codes_generate(round=round, actor=None, csv_bytes=csv_of(
        [f"Dorpsstraat;{number};b;{postcode};Barendrecht"]))  # another address: 12 b
    assert letters[0].house == f"{number} b"
    other = code_round(roles.municipality, slug="volgende")
    codes.codes_generate(round=other, csv_bytes=csv_of(address_lines(found[:1])), actor=None)  # another round


def test_a_code_works_once(roles):
    round = code_round(roles.municipality)  # noqa: A001
    (letter,), _count = codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(
        addresses(roles.municipality, 1))), actor=None)
    typed = letter.code.lower().replace("-", " ")
    found = codes.code_for_voting(round, typed)
    assert found is not None and found.status == VotingCode.Status.ISSUED
    assert codes.code_for_voting(code_round(roles.municipality, slug="ander"), letter.code) is None
    assert codes.code_for_voting(round, "ACDE-FGHJ-KMNP") is None
    assert codes.code_for_voting(round, "x" * 5000) is None
    codes.code_mark_used(found)
    assert codes.code_for_voting(round, letter.code) is None
    assert codes.code_status(round, letter.code) == VotingCode.Status.USED
    round.allow_change = True  # a round that lets voters change their ballot takes a used code again
    assert codes.code_for_voting(round, letter.code, for_update=False).pk == found.pk


def test_a_lost_letter_is_replaced_and_the_old_code_void(roles):
    round = code_round(roles.municipality)  # noqa: A001
    found = addresses(roles.municipality, 2)
    (old, used), _count = codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(found)), actor=None)
    postcode, number = found[0]
    new = codes.code_replace(round=round, postcode=postcode.lower(), number=str(number), street="Dorpsstraat",
                             city="Barendrecht", actor=roles.civil_servant)
    assert new.code != old.code and new.neighbourhood == old.neighbourhood
    assert codes.code_for_voting(round, old.code) is None and codes.code_status(round, old.code) == "void"
    assert codes.code_for_voting(round, new.code) is not None
    again = codes.code_replace(round=round, postcode=postcode, number=number, street="Dorpsstraat",
                               city="Barendrecht", actor=None)  # lost twice: the second replacement voids the first
    assert codes.code_status(round, new.code) == "void" and codes.code_for_voting(round, again.code)
    codes.code_mark_used(codes.code_for_voting(round, used.code))
    with pytest.raises(ValidationError, match="al gestemd"):
        codes.code_replace(round=round, postcode=found[1][0], number=found[1][1], street="Dorpsstraat",
                           city="Barendrecht", actor=None)
    with pytest.raises(ValidationError, match="geen stemcode gemaakt"):
        codes.code_replace(round=round, postcode="2991 AB", number=999, street="Kade", city="Barendrecht",
                           actor=None)
    with pytest.raises(ValidationError) as exc:
        codes.code_replace(round=round, postcode="nope", number="-1", addition="<b>", street="", city="X",
                           actor=None)
    assert set(exc.value.message_dict) == {"postcode", "number", "addition", "street"}
    assert [(row.issued, row.used, row.void) for row in codes.code_counts(round, actor=None)] == [(1, 1, 2)]


def test_who_may_make_codes_and_when(roles):
    round = code_round(roles.municipality)  # noqa: A001
    content = csv_of(address_lines(addresses(roles.municipality, 1)))
    for name in ("resident", "district_alderman", "portfolio_holder", "moderator"):
        with pytest.raises(PermissionDenied):
            codes.codes_generate(round=round, csv_bytes=content, actor=getattr(roles, name))
        assert not codes.may_manage_codes(getattr(roles, name), round)
    assert codes.may_manage_codes(roles.civil_servant, round) and codes.may_manage_codes(roles.administrator, round)
    for fields, expected in (({"vote_with_code": False}, "stemcode"), ({"published_at": None}, "Publiceer"),
                             ({"phase": workflow.RESULT}, "voorbij")):
        other = code_round(roles.municipality, slug=f"r-{len(expected)}", **fields)
        with pytest.raises(ValidationError, match=expected):
            codes.codes_generate(round=other, csv_bytes=content, actor=roles.administrator)


def test_a_civil_servant_makes_codes_for_their_own_districts_only(roles):
    round = code_round(roles.municipality, districts=("WK048909", "WK048901"))  # noqa: A001
    own = addresses(roles.municipality, 1)
    other = addresses(roles.municipality, 1, district_code="WK048901", postcode="2991XB")
    with pytest.raises(ValidationError) as exc:
        codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(own + other)), actor=roles.civil_servant)
    assert "Regel 3: dit adres ligt in wijk" in _messages(exc) and "Regel 2" not in _messages(exc)
    codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(own + other)), actor=roles.administrator)
    assert [row.district for row in codes.code_counts(round, actor=roles.civil_servant)] == ["Nieuweland"]
    assert len(codes.code_counts(round, actor=roles.administrator)) == 2
    not_taking_part = addresses(roles.municipality, 1, district_code="WK048902", postcode="2991XC")
    with pytest.raises(ValidationError, match="doet niet mee"):
        codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(not_taking_part)), actor=None)


def test_the_letters_one_page_and_one_qr_code_per_address(roles):
    round = code_round(roles.municipality)  # noqa: A001
    letters, count = codes.codes_generate(round=round, csv_bytes=csv_of(address_lines(
        addresses(roles.municipality, 4))), actor=None)
    pdf = letters_pdf(round, letters)
    assert pdf_page_count(pdf) == 4
    url = code_page_url(round)
    assert url.endswith(f"/wijkbudget/{round.slug}/stemcode/") and "?" not in url
    assert sorted(pdf_qr_matrices(pdf)) == sorted(qr_matrix(qr_target(round, letter.code)) for letter in letters)
    assert qr_target(round, letters[0].code) == f"{url}#{letters[0].code}"
    html = letters_html(round, letters)
    assert html.count(url) == 4 and round.explanation in html
    for letter in letters:
        assert letter.code in html and f"{letter.postcode[:4]} {letter.postcode[4:]}" in html


def test_a_civil_servant_records_a_verified_resident(roles):
    nieuweland = neighbourhoods(roles.municipality)[0]
    elsewhere = neighbourhoods(roles.municipality, "WK048901")[0]
    record = verification.resident_verify(actor=roles.civil_servant, email=roles.resident.email.upper(),
                                          neighbourhood=nieuweland, birth_year=1990)
    assert (record.user, record.neighbourhood, record.birth_year, record.source, record.verified_by) == (
        roles.resident, nieuweland, 1990, ResidentVerification.Source.STAFF, roles.civil_servant)
    log = PersonalDataAccess.objects.get(subject=roles.resident)
    assert log.accessor == roles.civil_servant and nieuweland.code in log.purpose
    with pytest.raises(PermissionDenied):
        verification.resident_verify(actor=roles.civil_servant, email=roles.resident.email, neighbourhood=elsewhere,
                                     birth_year=1990)
    for name in ("district_alderman", "portfolio_holder", "moderator", "resident"):
        with pytest.raises(PermissionDenied):
            verification.resident_verify(actor=getattr(roles, name), email=roles.other_resident.email,
                                         neighbourhood=nieuweland, birth_year=1990)
    record = verification.resident_verify(actor=roles.administrator, email=roles.resident.email,
                                          neighbourhood=elsewhere, birth_year=1991, works_or_studies=True)
    assert ResidentVerification.objects.get(user=roles.resident).works_or_studies is True
    assert PersonalDataAccess.objects.filter(subject=roles.resident).count() == 2
    for kwargs, field in (({"birth_year": 1899}, "birth_year"), ({"birth_year": 10 ** 9}, "birth_year"),
                          ({"email": "niemand@example.nl"}, "email"),
                          ({"email": roles.administrator.email}, "email")):
        with pytest.raises(ValidationError) as exc:
            verification.resident_verify(**{"actor": roles.administrator, "email": roles.resident.email,
                                            "neighbourhood": nieuweland, "birth_year": 1990, **kwargs})
        assert field in exc.value.message_dict


def test_one_file_holds_as_many_letters_as_render_within_a_request(roles):
    round = code_round(roles.municipality)  # noqa: A001
    rows = [f"Dorpsstraat;{n};;2991 AB;Barendrecht" for n in range(1, codes.MAX_ROWS + 2)]
    with pytest.raises(ValidationError, match=f"Meer dan {codes.MAX_ROWS} adressen"):
        codes.codes_generate(round=round, csv_bytes=csv_of(rows), actor=None)
    assert not VotingCode.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_at_once_gives_one_set_of_codes(roles):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":  # the in-memory test database locks tables across threads
        pytest.skip("SQLite begins every write IMMEDIATE, so two uploads queue by construction")
    round = code_round(roles.municipality)  # noqa: A001
    content = csv_of(address_lines(addresses(roles.municipality, 5)))
    barrier, results = threading.Barrier(2), []

    def upload():
        try:
            barrier.wait()
            codes.codes_generate(round=round, csv_bytes=content, actor=None)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert VotingCode.objects.filter(round=round).count() == 5
