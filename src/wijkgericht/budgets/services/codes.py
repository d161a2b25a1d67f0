"""Voting codes for letters: the municipality uploads its addresses, each address gets one random single-use code,
and only keyed hashes are stored (hashing.code_hash, hashing.address_hash). The codes themselves exist once, in
the `LetterData` handed back, which letters.py turns into a PDF for the printer; nothing else keeps them.

The address file (CSV) — documented for the municipality on the codes page and in docs:

- UTF-8 (with or without a byte order mark), separated by semicolons or commas (the header line decides);
- a header line with these columns, in any order, names in any case:
  `straat`, `huisnummer`, `toevoeging` (optional column and value), `postcode`, `woonplaats`, and optionally
  `buurtcode` (CBS code BUggggwwbb; when empty, the neighbourhood comes from the CBS postcode table);
- one address per line, at most MAX_ROWS lines per file (a bigger neighbourhood uploads in parts: the letters
  are rendered while the staff member waits, see MAX_ROWS).

Everything is checked before anything is written: a file with one bad line writes nothing and names every bad line
(up to MAX_ERRORS) with its line number and column, in Dutch. An address appears once per round: a second line with
the same address, or an address that already has a code in this round, is refused (a lost letter is replaced with
`code_replace`, which voids the old code). Codes are ISSUED, become USED when a ballot is cast (`code_mark_used`,
by services/voting.py in the casting transaction) and VOID when replaced.

A code is 12 characters from hashing.CODE_ALPHABET (25 characters without look-alikes), printed in groups of four:
25**12 ≈ 6·10**16 codes (56 bits), so guessing one of even a million issued codes takes about 6·10**10 tries; the
code page is rate limited on top of that.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import Scope, user_scope
from wijkgericht.budgets import hashing, workflow
from wijkgericht.budgets.models import DistrictShare, Round, VotingCode
from wijkgericht.core.text import strip_invisible
from wijkgericht.districts.models import Address, Neighbourhood
from wijkgericht.districts.postcodes import parse_house_number, parse_postcode

CODE_LENGTH = 12
CODE_GROUP = 4
MAX_BYTES = 5 * 1024 * 1024
# The letters are the answer to the upload, so one file's letters must render within the proxy's and gunicorn's 60 s
# (docs/ops): WeasyPrint lays out about 4 to 10 letters a second (0.1 to 0.25 s each, measured on a busy 2-core box:
# 1,000 letters in 251 s). 200 keeps a file well inside that; a bigger neighbourhood uploads in parts.
MAX_ROWS = 200
MAX_ERRORS = 50
REQUIRED_COLUMNS = ("straat", "huisnummer", "postcode", "woonplaats")
OPTIONAL_COLUMNS = ("toevoeging", "buurtcode")
MAX_LENGTHS = {"straat": 100, "toevoeging": 10, "woonplaats": 80, "buurtcode": 10}
# After voting closed no new codes are made and none replaced.
CLOSED_PHASES = frozenset({workflow.RESULT, workflow.REALISATION})


@dataclass(frozen=True)
class LetterData:
    """What one letter says: the address block and the code as printed. Never stored."""

    street: str
    number: int
    addition: str
    postcode: str
    city: str
    neighbourhood: str
    code: str  # formatted: ABCD-EFGH-JKMN

    @property
    def house(self) -> str:
        return f"{self.number} {self.addition}".strip()

    @property
    def postcode_display(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}"


@dataclass
class _Row:
    line: int
    street: str
    number: int
    addition: str
    postcode: str
    city: str
    neighbourhood: Neighbourhood | None = None
    share: DistrictShare | None = None
    address_hash: str = field(default="")


@dataclass(frozen=True)
class CodeCount:
    neighbourhood: str
    district: str
    issued: int
    used: int
    void: int


# --- codes ----------------------------------------------------------------------------------------------------

def new_code() -> str:
    """A random code, formatted in groups of four (ABCD-EFGH-JKMN)."""
    raw = "".join(secrets.choice(hashing.CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def code_looks_valid(raw_code: str) -> bool:
    """Whether a typed code could be one of ours (length and alphabet), before any query."""
    code = hashing.normalise_code(raw_code or "")
    return len(code) == CODE_LENGTH and all(ch in hashing.CODE_ALPHABET for ch in code)


def address_key(postcode: str, number: int, addition: str) -> str:
    """An address as hashed: postcode, number and addition (street and place name are the same for all three)."""
    return f"{postcode} {number} {hashing.normalise_code(addition)}"


def code_for_voting(round: Round, raw_code: str, *, for_update: bool = True) -> VotingCode | None:  # noqa: A002
    """The round's code for this typed code when it may vote: ISSUED, or USED when the round allows changing one's
    ballot; None otherwise (unknown, void, used, another round's). `for_update` locks the row (call it inside the
    casting transaction)."""
    if not code_looks_valid(raw_code):
        return None
    allowed = [VotingCode.Status.ISSUED] + ([VotingCode.Status.USED] if round.allow_change else [])
    codes = VotingCode.objects.filter(round=round, code_hash=hashing.code_hash(raw_code), status__in=allowed)
    if for_update:
        codes = codes.select_for_update(of=("self",))  # PostgreSQL: not the nullable neighbourhood's row
    return codes.select_related("share", "neighbourhood").first()


def code_status(round: Round, raw_code: str) -> str | None:  # noqa: A002
    """The status of this typed code in this round (ISSUED, USED, VOID), or None when it is not one of its codes:
    for the code page's message ("already used" is said kindly, "unknown" is said plainly)."""
    if not code_looks_valid(raw_code):
        return None
    return (VotingCode.objects.filter(round=round, code_hash=hashing.code_hash(raw_code))
            .values_list("status", flat=True).first())


def code_mark_used(code: VotingCode) -> None:
    """The code has voted (called by the casting transaction, which locked it with code_for_voting)."""
    VotingCode.objects.filter(pk=code.pk).exclude(status=VotingCode.Status.VOID).update(
        status=VotingCode.Status.USED)
    code.status = VotingCode.Status.USED


# --- who may --------------------------------------------------------------------------------------------------

def manageable_shares(scope: Scope, round: Round) -> list[DistrictShare]:  # noqa: A002
    """The round's shares whose codes this staff member manages: all for the municipality's administrator, those
    of their districts for a civil servant; none for anyone else (aldermen decide, they do not handle addresses)."""
    shares = list(round.shares.select_related("district"))
    if scope.administers(round.municipality_id):
        return shares
    return [share for share in shares if share.district_id in scope.civil_servant_district_ids]


def may_manage_codes(user: User | None, round: Round) -> bool:  # noqa: A002
    return bool(manageable_shares(user_scope(user), round))


def _check_round(round: Round, actor: User | None) -> list[DistrictShare]:  # noqa: A002
    shares = list(round.shares.select_related("district")) if actor is None else \
        manageable_shares(user_scope(actor), round)
    if not shares:
        raise PermissionDenied(_("U mag geen stemcodes maken voor deze ronde."))
    if not round.vote_with_code:
        raise ValidationError(_("In deze ronde stemt niemand met een stemcode. Zet stemmen met een stemcode aan "
                                "voordat u de ronde publiceert."))
    if round.published_at is None:
        raise ValidationError(_("Publiceer de ronde eerst. De brief noemt de uitleg en de data van de ronde."))
    if round.phase in CLOSED_PHASES:
        raise ValidationError(_("Het stemmen is voorbij. Er kunnen geen stemcodes meer bij."))
    return shares


# --- the address file -----------------------------------------------------------------------------------------

LineError = tuple[int, str]  # the line number (to sort by) and the Dutch message naming it


def _line_error(line: int, column: str | None, message: str) -> LineError:
    if column:
        return line, _("Regel %(line)d, kolom %(column)s: %(message)s") % {"line": line, "column": column,
                                                                           "message": message}
    return line, _("Regel %(line)d: %(message)s") % {"line": line, "message": message}


def _decode(csv_bytes: bytes) -> str:
    if not csv_bytes:
        raise ValidationError(_("Het bestand is leeg."))
    if len(csv_bytes) > MAX_BYTES:
        raise ValidationError(_("Het bestand is te groot: hoogstens %(mb)d MB. Verdeel de adressen over meer "
                                "bestanden.") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        text = csv_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = csv_bytes[:exc.start].count(b"\n") + 1
        raise ValidationError(_("Regel %(line)d: het bestand is geen UTF-8. Sla het op als ‘CSV UTF-8’ en probeer "
                                "het opnieuw.") % {"line": line}) from exc
    if "\x00" in text:
        raise ValidationError(_("Het bestand bevat een NUL-teken; dit is geen CSV-bestand."))
    return text


def parse_addresses(csv_bytes: bytes) -> tuple[list[_Row], list[LineError]]:
    """The file's good addresses, checked field by field (not yet against the round), and the bad lines' errors;
    ValidationError for a file that is not one (encoding, header, size, no addresses)."""
    text = _decode(csv_bytes)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(_("Het bestand is leeg.")) from None
    except csv.Error as exc:
        raise ValidationError(_line_error(1, None, _("de kopregel is geen geldige CSV."))[1]) from exc
    names = [strip_invisible(name).strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise ValidationError(_("Regel 1 (kopregel): deze kolommen ontbreken: %(missing)s. Verwacht: %(expected)s.")
                              % {"missing": ", ".join(missing),
                                 "expected": ";".join(REQUIRED_COLUMNS[:2] + ("toevoeging",) + REQUIRED_COLUMNS[2:]
                                                      + ("buurtcode",))})
    unknown = [name for name in names if name and name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    doubled = [name for name, n in Counter(names).items() if name and n > 1]
    if unknown or doubled:
        raise ValidationError(_("Regel 1 (kopregel): onbekende of dubbele kolommen: %(columns)s.")
                              % {"columns": ", ".join(unknown + doubled)})
    index = {name: i for i, name in enumerate(names) if name}
    rows: list[_Row] = []
    errors: list[LineError] = []
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(_line_error(reader.line_num, None, _("deze regel is geen geldige CSV (let op "
                                                                "aanhalingstekens).")))
            break
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue  # an empty line
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_("Meer dan %(max)d adressen in één bestand. Verdeel ze over meer bestanden.")
                                  % {"max": MAX_ROWS})
        if len(values) > len(names):
            errors.append(_line_error(line, None, _("meer velden dan kolommen in de kopregel (%(n)d).")
                                      % {"n": len(names)}))
            continue
        row = _parse_row(line, values, index, errors)
        if row is not None:
            rows.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if not rows and not errors:
        raise ValidationError(_("Het bestand heeft geen adressen onder de kopregel."))
    return rows, errors


def _parse_row(line: int, values: list[str], index: dict[str, int], errors: list[LineError]) -> _Row | None:
    def get(name: str) -> str:
        i = index.get(name)
        return strip_invisible(values[i]).strip() if i is not None and i < len(values) else ""

    before = len(errors)
    fields: dict[str, str] = {}
    for name in ("straat", "woonplaats", "toevoeging", "buurtcode"):
        value = get(name)
        if name in REQUIRED_COLUMNS and not value:
            errors.append(_line_error(line, name, _("leeg; dit veld is verplicht.")))
        elif len(value) > MAX_LENGTHS[name]:
            errors.append(_line_error(line, name, _("te lang (hoogstens %(n)d tekens).") % {"n": MAX_LENGTHS[name]}))
        fields[name] = value
    if fields["toevoeging"] and not all(ch.isalnum() or ch in " -/" for ch in fields["toevoeging"]):
        errors.append(_line_error(line, "toevoeging", _("alleen letters en cijfers, bijvoorbeeld A of 2.")))
    raw_number = get("huisnummer")
    number = parse_house_number(raw_number)
    if number is None:
        errors.append(_line_error(line, "huisnummer", _("‘%(value)s’ is geen huisnummer (een getal van 1 tot en met "
                                                        "99999).") % {"value": raw_number[:20]}))
    raw_postcode = get("postcode")
    postcode = parse_postcode(raw_postcode)
    if postcode is None:
        errors.append(_line_error(line, "postcode", _("‘%(value)s’ is geen postcode (zoals 2991 AB).")
                                  % {"value": raw_postcode[:20]}))
    if fields["buurtcode"] and not (len(fields["buurtcode"]) == 10 and fields["buurtcode"].upper().startswith("BU")
                                    and fields["buurtcode"][2:].isascii() and fields["buurtcode"][2:].isalnum()):
        errors.append(_line_error(line, "buurtcode", _("‘%(value)s’ is geen CBS-buurtcode (zoals BU04890918).")
                                  % {"value": fields["buurtcode"][:20]}))
    if len(errors) > before or number is None or postcode is None:
        return None
    row = _Row(line=line, street=fields["straat"], number=number, addition=fields["toevoeging"], postcode=postcode,
               city=fields["woonplaats"])
    row.neighbourhood = Neighbourhood(code=fields["buurtcode"].upper()) if fields["buurtcode"] else None
    return row


def _place(round: Round, rows: list[_Row], shares: list[DistrictShare]) -> list[LineError]:  # noqa: A002
    """Each row's neighbourhood (buurtcode, else the postcode table of the active CBS year) and share; the errors
    of the rows that have none the actor may use."""
    municipality = round.municipality
    year = municipality.division_year
    areas = Neighbourhood.objects.filter(municipality=municipality, year=year).select_related("district")
    by_code = {n.code: n for n in areas.only("id", "code", "name", "district__id", "district__name")}
    postcodes = sorted({row.postcode for row in rows if row.neighbourhood is None})
    by_id = {n.pk: n for n in by_code.values()}
    by_address: dict[tuple[str, int], Neighbourhood] = {}
    for start in range(0, len(postcodes), 500):
        for postcode, number, neighbourhood_id in Address.objects.filter(
                postcode__in=postcodes[start:start + 500], neighbourhood__municipality=municipality,
                neighbourhood__year=year).values_list("postcode", "number", "neighbourhood_id"):
            if neighbourhood_id in by_id:
                by_address.setdefault((postcode, number), by_id[neighbourhood_id])
    all_shares = {share.district_id: share for share in round.shares.select_related("district")}
    allowed = {share.pk for share in shares}
    members = {share.pk: set(share.neighbourhoods.values_list("pk", flat=True)) for share in all_shares.values()}
    errors = []
    for row in rows:
        if row.neighbourhood is not None:
            found = by_code.get(row.neighbourhood.code)
            if found is None:
                errors.append(_line_error(row.line, "buurtcode", _("buurt %(code)s hoort niet bij %(place)s (CBS-"
                                                                   "indeling %(year)s).")
                                          % {"code": row.neighbourhood.code, "place": municipality.name,
                                             "year": year}))
                continue
        else:
            found = by_address.get((row.postcode, row.number))
            if found is None:
                errors.append(_line_error(row.line, "postcode", _("%(postcode)s %(number)d staat niet in de "
                                                                  "postcodetabel van %(place)s. Vul de buurtcode "
                                                                  "in.")
                                          % {"postcode": row.postcode, "number": row.number,
                                             "place": municipality.name}))
                continue
        share = all_shares.get(found.district_id)
        if share is None or (members[share.pk] and found.pk not in members[share.pk]):
            errors.append(_line_error(row.line, None, _("dit adres ligt in %(neighbourhood)s, dat doet niet mee "
                                                        "aan deze ronde.") % {"neighbourhood": found.name}))
            continue
        if share.pk not in allowed:
            errors.append(_line_error(row.line, None, _("dit adres ligt in wijk %(district)s; daar maakt u geen "
                                                        "stemcodes voor.") % {"district": share.district.name}))
            continue
        row.neighbourhood, row.share = found, share
    return errors


def _letter(row: _Row, code: str) -> LetterData:
    return LetterData(street=row.street, number=row.number, addition=row.addition, postcode=row.postcode,
                      city=row.city, neighbourhood=row.neighbourhood.name if row.neighbourhood else "", code=code)


def _issue(round: Round, rows: list[_Row]) -> list[LetterData]:  # noqa: A002
    """One new code per row, stored as hashes; a clash of two random codes (one in 6·10**16) draws again."""
    for _attempt in range(3):
        codes = [new_code() for _row in rows]
        try:
            with transaction.atomic():
                VotingCode.objects.bulk_create([
                    VotingCode(round=round, share=row.share, neighbourhood=row.neighbourhood,
                               code_hash=hashing.code_hash(code), address_hash=row.address_hash)
                    for row, code in zip(rows, codes, strict=True)])
        except IntegrityError:
            continue
        return [_letter(row, code) for row, code in zip(rows, codes, strict=True)]
    raise RuntimeError("Could not draw unique voting codes.")  # pragma: no cover - astronomically unlikely


def codes_generate(*, round: Round, csv_bytes: bytes, actor: User | None) -> tuple[list[LetterData], int]:  # noqa: A002
    """One code per address in the file, all or nothing; the letters' data in the file's order, and their count.
    ValidationError lists every bad line; PermissionDenied when the actor handles no district of the round."""
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=round.pk)
        shares = _check_round(locked, actor)
        rows, errors = parse_addresses(csv_bytes)
        errors += _place(locked, rows, shares)
        seen: dict[str, int] = {}
        for row in rows:
            row.address_hash = hashing.address_hash(locked.pk, address_key(row.postcode, row.number, row.addition))
            if row.address_hash in seen:
                errors.append(_line_error(row.line, None, _("hetzelfde adres als regel %(first)d.")
                                          % {"first": seen[row.address_hash]}))
            else:
                seen[row.address_hash] = row.line
        taken = set()
        hashes = list(seen)
        for start in range(0, len(hashes), 500):
            taken.update(VotingCode.objects.filter(
                round=locked, address_hash__in=hashes[start:start + 500],
                status__in=[VotingCode.Status.ISSUED, VotingCode.Status.USED]).values_list("address_hash", flat=True))
        errors.extend(_line_error(row.line, None, _("dit adres heeft al een stemcode in deze ronde. Is de brief "
                                                    "kwijt? Maak dan een nieuwe brief."))
                      for row in rows if row.address_hash in taken and seen.get(row.address_hash) == row.line)
        if errors:
            raise ValidationError([text for _line, text in sorted(errors, key=lambda error: error[0])][:MAX_ERRORS])
        letters = _issue(locked, rows)
    return letters, len(letters)


def code_replace(*, round: Round, postcode: str, number: int | str, addition: str = "", street: str,  # noqa: A002
                 city: str, actor: User | None) -> LetterData:
    """A new letter for an address whose letter was lost: its ISSUED code becomes VOID and a new one is issued
    for the same neighbourhood. Refused when the address has no code, or its code has voted already."""
    parsed_postcode, parsed_number = parse_postcode(postcode), parse_house_number(number)
    errors: dict[str, str] = {}
    if parsed_postcode is None:
        errors["postcode"] = _("Dit is geen postcode (zoals 2991 AB).")
    if parsed_number is None:
        errors["number"] = _("Een huisnummer is een getal van 1 tot en met 99999.")
    addition = strip_invisible(addition or "").strip()
    if len(addition) > MAX_LENGTHS["toevoeging"] or not all(ch.isalnum() or ch in " -/" for ch in addition):
        errors["addition"] = _("Alleen letters en cijfers, hoogstens 10 tekens.")
    street, city = strip_invisible(street or "").strip(), strip_invisible(city or "").strip()
    if not street or len(street) > MAX_LENGTHS["straat"]:
        errors["street"] = _("Vul de straat in (hoogstens 100 tekens).")
    if not city or len(city) > MAX_LENGTHS["woonplaats"]:
        errors["city"] = _("Vul de woonplaats in (hoogstens 80 tekens).")
    if errors:
        raise ValidationError(errors)
    assert parsed_postcode is not None and parsed_number is not None  # noqa: S101 - checked above
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=round.pk)
        shares = _check_round(locked, actor)
        key = hashing.address_hash(locked.pk, address_key(parsed_postcode, parsed_number, addition))
        codes = list(VotingCode.objects.select_for_update(of=("self",)).filter(round=locked, address_hash=key)
                     .exclude(status=VotingCode.Status.VOID).select_related("neighbourhood", "share"))
        if not codes:
            raise ValidationError(_("Voor dit adres is in deze ronde geen stemcode gemaakt. Controleer postcode, "
                                    "huisnummer en toevoeging."))
        old = codes[0]
        if old.share_id not in {share.pk for share in shares}:
            raise PermissionDenied(_("Dit adres ligt in een wijk waarvoor u geen stemcodes maakt."))
        if old.status == VotingCode.Status.USED:
            raise ValidationError(_("Met de stemcode van dit adres is al gestemd. Een nieuwe brief kan dan niet."))
        VotingCode.objects.filter(pk=old.pk).update(status=VotingCode.Status.VOID)
        row = _Row(line=0, street=street, number=parsed_number, addition=addition, postcode=parsed_postcode,
                   city=city, neighbourhood=old.neighbourhood, share=old.share, address_hash=key)
        (letter,) = _issue(locked, [row])
    return letter


def code_counts(round: Round, *, actor: User | None) -> list[CodeCount]:  # noqa: A002
    """Issued (still unused), used and void codes per neighbourhood, for the shares the actor manages. Counts
    only: no code is ever shown, and none can be (only hashes are stored)."""
    shares = list(round.shares.all()) if actor is None else manageable_shares(user_scope(actor), round)
    table: dict[int | None, Counter[str]] = {}
    names: dict[int | None, tuple[str, str]] = {}
    for row in (VotingCode.objects.filter(round=round, share__in=shares)
                .values("neighbourhood_id", "neighbourhood__name", "share__district__name", "status")
                .annotate(n=Count("id")).order_by()):
        table.setdefault(row["neighbourhood_id"], Counter())[row["status"]] += row["n"]
        names[row["neighbourhood_id"]] = (row["neighbourhood__name"] or _("(buurt onbekend)"),
                                          row["share__district__name"])
    rows = [CodeCount(neighbourhood=names[key][0], district=names[key][1],
                      issued=counts[VotingCode.Status.ISSUED], used=counts[VotingCode.Status.USED],
                      void=counts[VotingCode.Status.VOID]) for key, counts in table.items()]
    return sorted(rows, key=lambda row: (row.district, row.neighbourhood))
