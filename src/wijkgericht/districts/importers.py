"""Parsing and checking CBS open-data files before anything is written.

Each parser reads a whole file, checks every feature or line, and either returns plain records or raises
`ImportFailed` listing the problems with the feature or line they are in. Writing is left to `services`, which does
it in one transaction, so a bad file never leaves a half-written database.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from wijkgericht.districts import importchecks, keyfigures
from wijkgericht.geo import GeoError, assert_in_netherlands, detect_crs, polygon_from_geojson, to_wgs84

MAX_REPORTED_PROBLEMS = 25


class ImportFailed(Exception):
    """The file cannot be imported; `problems` name the feature or line of each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED_PROBLEMS]
        more = len(problems) - len(shown)
        text = "\n".join(shown) + (_("\n… en nog %d problemen") % more if more > 0 else "")
        super().__init__(text)


def _first(props: dict[str, Any], *names: str) -> Any:
    for name in names:
        for candidate in (name, name.lower(), name.upper()):
            value = props.get(candidate)
            if value not in (None, ""):
                return value
    return None


CODE_PATTERNS = {
    # ASCII digits only, to the end of the text: Python's \d and $ would also accept "٤" and a trailing newline.
    "municipality": re.compile(r"^GM[0-9]{4}\Z"),
    # The wijk and buurt numbers are usually digits, but CBS also uses letters (Amsterdam: WK0363AB, BU0363AB01).
    "cbs_district": re.compile(r"^WK[0-9]{4}[0-9A-Z]{2}\Z"),
    "neighbourhood": re.compile(r"^BU[0-9]{4}[0-9A-Z]{4}\Z"),
}


@dataclass
class AreaRecord:
    kind: str  # "municipality", "cbs_district" or "neighbourhood"
    code: str
    name: str
    municipality_code: str
    municipality_name: str | None
    geometry: BaseGeometry
    key_figures: dict[str, float | None] = field(default_factory=dict)

    @property
    def cbs_district_code(self) -> str:
        """BU04891431 lies in WK048914: a buurt code starts with its wijk's digits."""
        return "WK" + self.code[2:8]


@dataclass
class BoundaryFile:
    year: int
    records: list[AreaRecord]
    skipped_other_municipalities: int
    repaired: list[str] = field(default_factory=list)


KINDS = {"gemeente": "municipality", "wijk": "cbs_district", "buurt": "neighbourhood"}
# Per kind: the properties that hold its code and its name, and how a message calls it (singular, plural).
CODE_FIELDS = {
    "neighbourhood": ("BU_CODE", "buurtcode"),
    "cbs_district": ("WK_CODE", "wijkcode"),
    "municipality": ("GM_CODE", "gemeentecode"),
}
NAME_FIELDS = {
    "neighbourhood": ("BU_NAAM", "buurtnaam", "statnaam"),
    "cbs_district": ("WK_NAAM", "wijknaam", "statnaam"),
    "municipality": ("GM_NAAM", "gemeentenaam", "statnaam"),
}
NAME_LENGTH = {"neighbourhood": 150, "cbs_district": 150, "municipality": 100}


def _kind_label(kind: str) -> str:
    return {"neighbourhood": _("buurt"), "cbs_district": _("wijk"), "municipality": _("gemeente")}[kind]


def _code_label(kind: str) -> str:
    return {"neighbourhood": _("buurtcode (BU_CODE/buurtcode)"), "cbs_district": _("wijkcode (WK_CODE/wijkcode)"),
            "municipality": _("gemeentecode (GM_CODE/gemeentecode)")}[kind]


def parse_boundaries(
    raw: bytes | str, *, municipality_code: str, year: int | None, skip_other_municipalities: bool = False,
    repair: bool = False, kind: str | None = None,
) -> BoundaryFile:
    """Read a GeoJSON FeatureCollection of the CBS gemeente, wijken or buurten of one municipality.

    The kind of area is decided once for the whole file: `kind` ("gemeente", "wijk" or "buurt"), or else the kind
    every feature's most specific code names. A feature that lacks the code of that kind is refused, never read as
    another kind: a buurt without its buurt code is not an update of its wijk.
    """
    if not CODE_PATTERNS["municipality"].match(municipality_code):
        raise ImportFailed([_("Gemeentecode %r is geen CBS-gemeentecode (GM gevolgd door 4 cijfers).")
                            % municipality_code])
    if kind is not None and kind not in KINDS:
        raise ImportFailed([_("Soort %r is onbekend: kies gemeente, wijk of buurt.") % kind])
    if year is not None:
        try:
            year = importchecks.check_year(year)
        except importchecks.ValueRefused as exc:
            raise ImportFailed([_("--year: %s.") % exc]) from exc
    try:
        document, text = importchecks.load_json(raw)
    except importchecks.JsonRefused as exc:
        raise ImportFailed([str(exc)]) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed([_("Het bestand is geen GeoJSON FeatureCollection.")])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ImportFailed([_("De FeatureCollection bevat geen features.")])
    try:
        crs = detect_crs(document)
    except GeoError as exc:
        raise ImportFailed([str(exc)]) from exc

    # Where each feature starts, for files written one feature (or one coordinate) per line; a file on one line
    # (as CBS and ogr2ogr write them) is not scanned twice.
    lines = importchecks.feature_lines(text) if "\n" in text.strip() else []

    def label(index: int, code: object) -> str:
        shown = code if isinstance(code, str) and code else _("zonder code")
        if len(lines) >= index:
            return _("feature %(n)d (%(code)s, regel %(line)d)") % {"n": index, "code": shown, "line": lines[index - 1]}
        return _("feature %(n)d (%(code)s)") % {"n": index, "code": shown}

    # First pass: each feature's own kind (its most specific code), to decide the file's kind once.
    problems: list[str] = []
    classified: list[tuple[int, dict[str, Any], dict[str, Any], str | None, Any]] = []
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(_("%s: is geen GeoJSON Feature.") % label(index, None))
            continue
        props = feature.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            problems.append(_("%s: properties is geen object.") % label(index, None))
            continue
        feature_kind, parsed = _classify(props)
        classified.append((index, feature, props, feature_kind, parsed))
    file_kind = KINDS[kind] if kind else _file_kind(classified, problems, label)

    records: list[AreaRecord] = []
    years: dict[int, int] = {}
    skipped = 0
    repaired: list[str] = []
    seen: set[str] = set()
    for index, feature, props, feature_kind, parsed in classified:
        code = str(parsed).strip().upper() if isinstance(parsed, str | int) and not isinstance(parsed, bool) else None
        here = label(index, code)
        if feature_kind is None or code is None:
            problems.append(_("%s: geen CBS-code gevonden (BU_CODE/buurtcode, WK_CODE/wijkcode of GM_CODE).") % here)
            continue
        if file_kind is None:
            continue  # the file mixes kinds: already reported
        if skip_other_municipalities and code[2:6] != municipality_code[2:]:
            skipped += 1
            continue
        if feature_kind != file_kind:
            problems.append(_("%(label)s: %(field)s ontbreekt; dit is een %(found)s, het bestand bevat %(kind)s-grenzen.")
                            % {"label": here, "field": _code_label(file_kind), "found": _kind_label(feature_kind),
                               "kind": _kind_label(file_kind)})
            continue
        if not CODE_PATTERNS[file_kind].match(code):
            problems.append(_("%(label)s: code %(code)r is geen geldige CBS-code.") % {"label": here, "code": code})
            continue
        owner = "GM" + code[2:6]
        stated_owner = _first(props, "GM_CODE", "gemeentecode")
        if stated_owner is not None and str(stated_owner).upper() != owner:
            problems.append(_("%(label)s: gemeentecode %(stated)s past niet bij code %(code)s.")
                            % {"label": here, "stated": stated_owner, "code": code})
            continue
        if owner != municipality_code:
            if skip_other_municipalities:
                skipped += 1
                continue
            problems.append(_("%(label)s ligt niet in gemeente %(gm)s maar in %(owner)s.")
                            % {"label": here, "gm": municipality_code, "owner": owner})
            continue
        if code in seen:
            problems.append(_("%s: deze code komt meer dan eens voor.") % here)
            continue
        seen.add(code)
        feature_year = _first(props, "JAAR", "jaar")
        if feature_year is not None:
            try:
                years.setdefault(importchecks.check_year(feature_year), index)
            except importchecks.ValueRefused as exc:
                problems.append(f"{here}: {exc}.")
                continue
        name = _first(props, *NAME_FIELDS[file_kind])
        if file_kind != "municipality" or name is not None:
            try:
                name = importchecks.check_text(name, max_length=NAME_LENGTH[file_kind], what=_("naam"))
            except importchecks.ValueRefused as exc:
                fields = "/".join(NAME_FIELDS[file_kind][:2])
                problems.append(_("%(label)s: %(problem)s (%(fields)s).")
                                % {"label": here, "problem": exc, "fields": fields})
                continue
        municipality_name = _first(props, "GM_NAAM", "gemeentenaam")
        if municipality_name is not None:
            try:
                municipality_name = importchecks.check_text(municipality_name, max_length=NAME_LENGTH["municipality"],
                                                            what=_("gemeentenaam"))
            except importchecks.ValueRefused as exc:
                problems.append(f"{here}: {exc}.")
                continue
        stated_wijk = _first(props, "WK_CODE", "wijkcode")
        if file_kind == "neighbourhood" and stated_wijk is not None and str(stated_wijk).upper() != "WK" + code[2:8]:
            problems.append(_("%(label)s: wijkcode %(stated)s past niet bij buurtcode %(code)s.")
                            % {"label": here, "stated": stated_wijk, "code": code})
            continue
        try:
            try:
                polygon = polygon_from_geojson(feature.get("geometry"), label=code)
            except GeoError:
                if not repair:
                    raise
                polygon = polygon_from_geojson(feature.get("geometry"), label=code, repair=True)
                repaired.append(code)
            geometry = to_wgs84(polygon, crs)
            assert_in_netherlands(geometry, label=code)
        except GeoError as exc:
            problems.append(f"{here}: {exc}")
            continue
        figures, figure_problems = _figures_from(props)
        problems.extend(f"{here}: {p}" for p in figure_problems)
        records.append(AreaRecord(
            kind=file_kind, code=code, name=name or "", municipality_code=owner,
            municipality_name=municipality_name, geometry=geometry, key_figures=figures,
        ))

    if len(years) > 1:
        problems.append(_("Het bestand bevat meerdere jaren: %s.") % ", ".join(map(str, sorted(years))))
    elif year is not None and years and year not in years:
        stated, first = next(iter(years.items()))
        problems.append(_("%(label)s: jaar %(stated)d in het bestand, maar --year %(year)d.")
                        % {"label": label(first, None), "stated": stated, "year": year})
    file_year = year or (next(iter(years)) if len(years) == 1 else None)
    if file_year is None and not problems:
        problems.append(_("Het jaar van de indeling staat niet in het bestand; geef het op met --year."))
    if not records and not problems:
        problems.append(_("Geen enkele feature hoort bij gemeente %s.") % municipality_code)
    if problems:
        raise ImportFailed(problems)
    assert file_year is not None
    return BoundaryFile(year=file_year, records=records, skipped_other_municipalities=skipped, repaired=repaired)


def _file_kind(classified, problems: list[str], label) -> str | None:  # type: ignore[no-untyped-def]
    """The one kind of area all features are; when they differ, None and a problem that asks for --kind and
    names the features unlike the most."""
    counts = Counter(kind for _i, _f, _p, kind, _c in classified if kind is not None)
    if len(counts) <= 1:
        return next(iter(counts), None)
    order = list(CODE_FIELDS)  # most specific first, to break a tie
    usual = max(counts, key=lambda k: (counts[k], -order.index(k)))
    summary = ", ".join(f"{_kind_label(k)}: {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    problems.append(_("Het bestand bevat features van meer dan één soort gebied (%(summary)s). Een import leest "
                      "één soort; geef die op met --kind gemeente, --kind wijk of --kind buurt.") % {"summary": summary})
    for index, _f, _p, kind, code in classified:
        if kind is not None and kind != usual:
            problems.append(_("%(label)s: %(field)s ontbreekt; dit is een %(found)s, de meeste features zijn een %(kind)s.")
                            % {"label": label(index, str(code).upper()), "field": _code_label(usual),
                               "found": _kind_label(kind), "kind": _kind_label(usual)})
    return None


def _classify(props: dict[str, Any]) -> tuple[str | None, Any]:
    """The most specific kind of area a feature's codes name, and that code."""
    for kind, names in CODE_FIELDS.items():
        value = _first(props, *names)
        if value is not None:
            return kind, value
    statcode = _first(props, "statcode")
    if isinstance(statcode, str):
        prefix = statcode.strip()[:2].upper()
        return {"BU": "neighbourhood", "WK": "cbs_district", "GM": "municipality"}.get(prefix), statcode
    return None, None


def _figures_from(row: dict[str, Any]) -> tuple[dict[str, float | None], list[str]]:
    figures: dict[str, float | None] = {}
    problems: list[str] = []
    for column, raw in row.items():
        key = keyfigures.key_for_column(column)
        if key is None:
            continue
        try:
            value = keyfigures.parse_value(raw)
        except ValueError:
            problems.append(_("kolom %(column)s: %(value)r is geen getal.") % {"column": column, "value": raw})
            continue
        low, high = keyfigures.allowed_range(key)
        if value is not None and not low <= value <= high:
            problems.append(_("kolom %(column)s: %(value)s ligt niet tussen %(low)g en %(high)g.")
                            % {"column": column, "value": raw, "low": low, "high": high})
            continue
        figures[key] = value
    return figures, problems


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
    try:
        stream = _text(raw)
        reader = _reader(stream)
        columns = reader.fieldnames or []
    except UnicodeDecodeError as exc:
        raise ImportFailed([_("Het bestand is geen UTF-8-tekst: %s") % exc]) from exc
    except csv.Error as exc:
        raise ImportFailed([_("Regel 1: het bestand is geen leesbare CSV (%s).") % exc]) from exc
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
                problems.append(_("Regel %(line)d: kolom %(column)s: %(value)r is geen geldige CBS-wijk- of buurtcode.")
                                % {"line": line, "column": code_column, "value": raw_code})
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
            figures, figure_problems = _figures_from({c: row[c] for c in used})
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

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}\Z")


@dataclass
class AddressRow:
    line: int
    postcode: str
    number: int
    neighbourhood_code: str


def normalise_postcode(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


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
    try:
        stream = _text(raw)
        reader = _reader(stream)
        columns = reader.fieldnames or []
    except UnicodeDecodeError as exc:
        raise ImportFailed([_("Het bestand is geen UTF-8-tekst: %s") % exc]) from exc
    except csv.Error as exc:
        raise ImportFailed([_("Regel 1: het bestand is geen leesbare CSV (%s).") % exc]) from exc
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


# Dutch house numbers run from 1 to 99999 (BAG); Address.number is an integer column that also has a ceiling.
MAX_HOUSE_NUMBER = 99999


def _address_row(line: int, row: dict[str, str], pc_col: str, nr_col: str, bu_col: str) -> AddressRow:
    if None in row:
        raise ImportFailed([_("Regel %d: meer velden dan kolommen in de kopregel.") % line])
    postcode = normalise_postcode(row.get(pc_col) or "")
    if not POSTCODE.match(postcode):
        raise ImportFailed([_("Regel %(line)d: %(pc)r is geen postcode (1234AB).")
                            % {"line": line, "pc": row.get(pc_col)}])
    number_text = (row.get(nr_col) or "").strip()
    if not re.fullmatch(r"[0-9]{1,9}", number_text) or not 0 < int(number_text) <= MAX_HOUSE_NUMBER:
        raise ImportFailed([_("Regel %(line)d: %(nr)r is geen huisnummer (1 tot en met %(max)d).")
                            % {"line": line, "nr": row.get(nr_col), "max": MAX_HOUSE_NUMBER}])
    code = _neighbourhood_code(row.get(bu_col) or "")
    if code is None:
        raise ImportFailed([_("Regel %(line)d: %(bu)r is geen buurtcode.")
                            % {"line": line, "bu": row.get(bu_col)}])
    return AddressRow(line=line, postcode=postcode, number=int(number_text), neighbourhood_code=code)


def chunked(items: Iterable[AddressRow], size: int) -> Iterator[list[AddressRow]]:
    batch: list[AddressRow] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
