"""Parsing and checking the CBS tables (CSV) before anything is written: key figures and the postcode table.

Like `importers`, each parser names the line of every problem and raises `ImportFailed`; `services` writes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

from django.utils.translation import gettext as _

from wijkgericht.districts import importchecks, keyfigures
from wijkgericht.districts.importers import CODE_PATTERNS, ImportFailed, figures_from
from wijkgericht.districts.postcodes import MAX_HOUSE_NUMBER, parse_house_number, parse_postcode

# --- key figures CSV -------------------------------------------------------------------------------------------

IDENTITY_COLUMNS = {
    keyfigures.normalise_column(c)
    for c in ("wijkcode", "buurtcode", "gemeentecode", "wijknaam", "buurtnaam", "gemeentenaam", "jaar",
              "WijkenEnBuurten", "Codering", "gwb_code", "gwb_code_10", "regio", "jrstatcode", "ID",
              "SoortRegio", "Gemeentenaam", "recs", "statcode", "statnaam")
}
CODE_COLUMNS = ("buurtcode", "wijkcode", "WijkenEnBuurten", "Codering", "gwb_code_10", "gwb_code", "statcode",
                "gemeentecode")


@dataclass
class FigureRow:
    line: int
    code: str
    year: int | None
    figures: dict[str, float | None]


@dataclass
class FigureFile:
    rows: list[FigureRow]
    used_columns: list[str]
    unknown_columns: list[str]
    skipped_municipality_rows: int


def _reader(stream: TextIO) -> csv.DictReader[str]:
    """The separator is the one the header line uses most (CBS writes `;` or `,`). Guessing from the data, as
    csv.Sniffer does, gives up at one bad line and can take the decimal commas of a `;` file for separators."""
    header = stream.readline()
    stream.seek(0)
    delimiter = max(";,\t", key=header.count) if any(c in header for c in ";,\t") else ","
    return csv.DictReader(stream, delimiter=delimiter)


def _open(raw: bytes | str | TextIO) -> tuple[csv.DictReader[str], list[str]]:
    """The reader and the header's columns; a file that is no UTF-8 or no CSV is refused at line 1."""
    try:
        reader = _reader(_text(raw))
        return reader, list(reader.fieldnames or [])
    except UnicodeDecodeError as exc:
        raise ImportFailed([_("Het bestand is geen UTF-8-tekst: %s") % exc]) from exc
    except csv.Error as exc:
        raise ImportFailed([_("Regel 1: het bestand is geen leesbare CSV (%s).") % exc]) from exc


def _text(raw: bytes | str | TextIO) -> TextIO:
    if isinstance(raw, bytes):
        return io.StringIO(raw.decode("utf-8-sig"))
    if isinstance(raw, str):
        return io.StringIO(raw)
    return raw


def parse_key_figures(raw: bytes | str | TextIO) -> FigureFile:
    """Read a CBS 'kerncijfers wijken en buurten' CSV: one row per wijk or buurt, any subset of the columns.

    The column that holds each row's code is decided once for the file (the first of CODE_COLUMNS it has), so a
    row whose buurtcode is empty is refused, never read as its wijk by way of the wijkcode beside it.
    """
    reader, columns = _open(raw)
    if not columns:
        raise ImportFailed([_("Het bestand is leeg of heeft geen kopregel.")])
    by_norm = {keyfigures.normalise_column(c): c for c in reversed(columns)}
    code_column = next((by_norm[n] for n in map(keyfigures.normalise_column, CODE_COLUMNS) if n in by_norm), None)
    if code_column is None:
        raise ImportFailed([_("Regel 1: geen kolom met een CBS-code (buurtcode, wijkcode of WijkenEnBuurten).")])
    column_kind = COLUMN_KINDS.get(keyfigures.normalise_column(code_column))
    used = [c for c in columns if keyfigures.key_for_column(c)]
    if not used:
        raise ImportFailed([_("Regel 1: geen enkele bekende kerncijferkolom (bijv. aantal_inwoners).")])
    unknown = [c for c in columns if not keyfigures.key_for_column(c)
               and keyfigures.normalise_column(c) not in IDENTITY_COLUMNS]
    year_column = by_norm.get("jaar")

    problems: list[str] = []
    rows: list[FigureRow] = []
    skipped = 0
    seen: dict[tuple[str, int | None], int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if None in row:
                problems.append(_("Regel %d: meer velden dan kolommen in de kopregel.") % line)
                continue
            raw_code = (row.get(code_column) or "").strip()
            code, code_year = _row_code(raw_code)
            if code is None:
                problems.append(_("Regel %(line)d: kolom %(column)s: %(value)s is geen geldige CBS-wijk- of buurtcode.")
                                % {"line": line, "column": code_column, "value": importchecks.shown(raw_code)})
                continue
            if code.startswith("GM") or code.startswith("NL"):
                skipped += 1
                continue
            if column_kind is not None and not code.startswith(column_kind):
                problems.append(_("Regel %(line)d: kolom %(column)s bevat %(code)s, geen %(kind)s-code.")
                                % {"line": line, "column": code_column, "code": code, "kind": column_kind})
                continue
            try:
                year = _row_year(row.get(year_column) if year_column else None, code_year)
            except importchecks.ValueRefused as exc:
                problems.append(_("Regel %(line)d: %(problem)s.") % {"line": line, "problem": exc})
                continue
            if (code, year) in seen:
                problems.append(_("Regel %(line)d: %(code)s staat ook al op regel %(first)d.")
                                % {"line": line, "code": code, "first": seen[(code, year)]})
                continue
            seen[(code, year)] = line
            figures, figure_problems = figures_from({c: row[c] for c in used})
            problems.extend(_("Regel %(line)d, %(problem)s") % {"line": line, "problem": p} for p in figure_problems)
            rows.append(FigureRow(line=line, code=code, year=year, figures=figures))
    except (csv.Error, UnicodeDecodeError) as exc:
        problems.append(_("Regel %(line)d: het bestand is geen leesbare CSV (%(error)s).")
                        % {"line": reader.line_num, "error": exc})
    if problems:
        raise ImportFailed(problems)
    return FigureFile(rows=rows, used_columns=used, unknown_columns=unknown, skipped_municipality_rows=skipped)


# A column named after one kind of area holds codes of that kind only.
COLUMN_KINDS = {keyfigures.normalise_column("buurtcode"): "BU", keyfigures.normalise_column("wijkcode"): "WK",
                keyfigures.normalise_column("gemeentecode"): "GM"}
_YEAR_CODE = re.compile(r"([0-9]{4})((?:WK|BU|GM)[0-9A-Z]+)", re.ASCII)


def _row_code(value: str) -> tuple[str | None, int | None]:
    """The CBS code in a cell, and the year it names when written jrstatcode-style (2024WK048901)."""
    value = value.upper()
    year = None
    match = _YEAR_CODE.fullmatch(value)
    if match:
        year, value = int(match.group(1)), match.group(2)
    if value == "NL00" or any(pattern.match(value) for pattern in CODE_PATTERNS.values()):
        return value, year
    return None, None


def _row_year(cell: str | None, code_year: int | None) -> int | None:
    """The year of a row: its `jaar` cell, or the year its code carries; both, they must agree."""
    year = importchecks.check_year(cell) if cell is not None and cell.strip() else None
    if code_year is not None:
        code_year = importchecks.check_year(code_year)
        if year is not None and year != code_year:
            raise importchecks.ValueRefused(_("jaar %(year)d, maar de code noemt %(code_year)d")
                                            % {"year": year, "code_year": code_year})
        year = code_year
    return year


# --- postcode table --------------------------------------------------------------------------------------------

@dataclass
class AddressRow:
    line: int
    postcode: str
    number: int
    neighbourhood_code: str


def _neighbourhood_code(raw: str) -> str | None:
    value = (raw or "").strip().upper()
    if value.startswith("BU"):
        value = value[2:]
    if re.fullmatch(r"[0-9]{1,8}", value):
        return "BU" + value.zfill(8)  # CBS writes buurt 0489 01 01 as 4890101
    if CODE_PATTERNS["neighbourhood"].match("BU" + value):
        return "BU" + value
    return None


def iter_postcodes(raw: bytes | str | TextIO) -> tuple[int | None, Iterator[AddressRow]]:
    """Stream the CBS postcode–house-number–buurt table (pc6hnr…_gwb.csv); returns the year and the rows.

    Rows are yielded lazily (the national table has ~9 million); a malformed line raises ImportFailed naming it,
    and the caller's transaction then discards everything written so far.
    """
    reader, columns = _open(raw)
    by_norm = {keyfigures.normalise_column(c): c for c in columns}
    pc_col = by_norm.get("pc6") or by_norm.get("postcode")
    nr_col = by_norm.get("huisnummer") or by_norm.get("number")
    bu_cols = [c for c in columns if re.fullmatch(r"(?i)buurt(code)?([0-9]{4})?", c.strip())]
    if not (pc_col and nr_col and bu_cols):
        raise ImportFailed([_("Regel 1: verwacht de kolommen PC6, Huisnummer en Buurt<jaar> (of buurtcode).")])
    year_match = re.search(r"([0-9]{4})$", bu_cols[0].strip())
    try:
        year = importchecks.check_year(year_match.group(1)) if year_match else None
    except importchecks.ValueRefused as exc:
        raise ImportFailed([_("Regel 1, kolom %(column)s: %(problem)s.")
                            % {"column": bu_cols[0], "problem": exc}]) from exc

    def rows() -> Iterator[AddressRow]:
        try:
            for line, row in enumerate(reader, start=2):
                yield _address_row(line, row, pc_col, nr_col, bu_cols[0])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportFailed([_("Regel %(line)d: het bestand is geen leesbare CSV (%(error)s).")
                                % {"line": reader.line_num, "error": exc}]) from exc

    return year, rows()


def _address_row(line: int, row: dict[str, str], pc_col: str, nr_col: str, bu_col: str) -> AddressRow:
    if None in row:
        raise ImportFailed([_("Regel %d: meer velden dan kolommen in de kopregel.") % line])
    postcode = parse_postcode(row.get(pc_col))
    if postcode is None:
        raise ImportFailed([_("Regel %(line)d: %(pc)s is geen postcode (1234AB).")
                            % {"line": line, "pc": importchecks.shown(row.get(pc_col))}])
    number = parse_house_number(row.get(nr_col))
    if number is None:
        raise ImportFailed([_("Regel %(line)d: %(nr)s is geen huisnummer (1 tot en met %(max)d).")
                            % {"line": line, "nr": importchecks.shown(row.get(nr_col)), "max": MAX_HOUSE_NUMBER}])
    code = _neighbourhood_code(row.get(bu_col) or "")
    if code is None:
        raise ImportFailed([_("Regel %(line)d: %(bu)s is geen buurtcode.")
                            % {"line": line, "bu": importchecks.shown(row.get(bu_col))}])
    return AddressRow(line=line, postcode=postcode, number=number, neighbourhood_code=code)


def chunked(items: Iterable[AddressRow], size: int) -> Iterator[list[AddressRow]]:
    batch: list[AddressRow] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
