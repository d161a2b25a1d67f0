"""For the codes' tests: a round that votes with codes, addresses in the postcode table, and a small PDF reader
(WeasyPrint's output: pages, and the QR codes' pixels, compared with segno's matrix of the expected text)."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import segno
from django.utils import timezone

from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import DistrictShare, Round
from wijkgericht.districts.models import Address, District, Municipality, Neighbourhood

NIEUWELAND = "WK048909"
HEADER = "straat;huisnummer;toevoeging;postcode;woonplaats"


def code_round(municipality: Municipality, *, districts: tuple[str, ...] = (NIEUWELAND,), slug: str = "brieven",
               phase: str = workflow.VOTING, **fields) -> Round:
    today = timezone.localdate()
    values = dict(municipality=municipality, district=None if len(districts) > 1 else
                  District.objects.get(municipality=municipality, code=districts[0]),
                  title="Wijkbudget met brieven", slug=slug, amount=50_000,
                  explanation="Er is € 50.000 voor uw wijk. U kiest mee welke plannen doorgaan.",
                  proposals_from=today - dt.timedelta(days=60), review_from=today - dt.timedelta(days=30),
                  voting_from=today - dt.timedelta(days=1), voting_until=today + dt.timedelta(days=14),
                  realisation_from=today + dt.timedelta(days=60), published_at=timezone.now(),
                  vote_with_code=True)
    values.update(fields)
    round = Round.objects.create(**values)  # noqa: A001
    Round.objects.filter(pk=round.pk).update(phase=phase)
    round.refresh_from_db()
    for code in districts:
        DistrictShare.objects.create(round=round, amount=50_000,
                                     district=District.objects.get(municipality=municipality, code=code))
    return round


def neighbourhoods(municipality: Municipality, district_code: str = NIEUWELAND) -> list[Neighbourhood]:
    return list(Neighbourhood.objects.filter(district__code=district_code, district__municipality=municipality,
                                             year=municipality.division_year).order_by("code"))


def addresses(municipality: Municipality, n: int, *, district_code: str = NIEUWELAND, postcode: str = "2993XA",
              start: int = 1) -> list[tuple[str, int]]:
    """n addresses in the postcode table, in the district's first neighbourhood."""
    place = neighbourhoods(municipality, district_code)[0]
    Address.objects.bulk_create([Address(postcode=postcode, number=start + i, neighbourhood=place)
                                 for i in range(n)], ignore_conflicts=True)
    return [(postcode, start + i) for i in range(n)]


def csv_of(rows: list[str], *, header: str = HEADER, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\n".join([header.replace(";", delimiter), *(row.replace(";", delimiter) for row in rows)]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def address_lines(found: list[tuple[str, int]], street: str = "Dorpsstraat", city: str = "Barendrecht") -> list[str]:
    return [f"{street};{number};;{postcode[:4]} {postcode[4:]};{city}" for postcode, number in found]


# --- reading the PDF -------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"<<(?P<dict>(?:(?!>>\s*stream).)*?)>>\s*stream\r?\n", re.S)


def _streams(pdf: bytes):
    """(dictionary, decoded data) of every stream in the file."""
    for match in _STREAM.finditer(pdf):
        head = match.group("dict")
        length = re.search(rb"/Length (\d+)(?! \d+ R)", head)
        if length is None:
            continue
        data = pdf[match.end():match.end() + int(length.group(1))]
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        yield head, data


def pdf_page_count(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF-")
    text = pdf + b"".join(data for _head, data in _streams(pdf))
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", text))


def _unfilter(data: bytes, width: int, colours: int) -> list[bytes]:
    """Undo PNG row filters (PDF's /Predictor 15)."""
    stride = width * colours
    rows, previous = [], bytes(stride)
    for y in range(len(data) // (stride + 1)):
        kind, raw = data[y * (stride + 1)], bytearray(data[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = raw[x - colours] if x >= colours else 0
            up = previous[x]
            corner = previous[x - colours] if x >= colours else 0
            if kind == 1:
                raw[x] = (raw[x] + left) & 0xFF
            elif kind == 2:
                raw[x] = (raw[x] + up) & 0xFF
            elif kind == 3:
                raw[x] = (raw[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                raw[x] = (raw[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(raw))
        previous = bytes(raw)
    return rows


def pdf_qr_matrices(pdf: bytes) -> list[tuple[tuple[bool, ...], ...]]:
    """The dark/light pixels of every image in the PDF (the QR codes, one pixel per module)."""
    found = []
    for head, data in _streams(pdf):
        if b"/Subtype /Image" not in head:
            continue
        width = int(re.search(rb"/Width (\d+)", head).group(1))
        colours = int((re.search(rb"/Colors (\d+)", head) or re.search(rb"(\d)", b"3")).group(1))
        if b"/Predictor" in head:
            rows = _unfilter(data, width, colours)
        else:
            rows = [data[y * width * colours:(y + 1) * width * colours] for y in range(len(data) // (width * colours))]
        found.append(tuple(tuple(row[x * colours] < 128 for x in range(width)) for row in rows))
    return found


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(bool(v) for v in row) for row in segno.make(text, error="m", micro=False).matrix)
