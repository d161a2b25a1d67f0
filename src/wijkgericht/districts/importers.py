"""Parsing and checking CBS open-data files before anything is written.

Each parser reads a whole file, checks every feature or line, and either returns plain records or raises
`ImportFailed` listing the problems with the feature or line they are in. Writing is left to `services`, which does
it in one transaction, so a bad file never leaves a half-written database.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from wijkgericht.districts import keyfigures
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
    "municipality": re.compile(r"^GM\d{4}$"),
    # The wijk and buurt numbers are usually digits, but CBS also uses letters (Amsterdam: WK0363AB, BU0363AB01).
    "cbs_district": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "neighbourhood": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
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


def parse_boundaries(
    raw: bytes | str, *, municipality_code: str, year: int | None, skip_other_municipalities: bool = False,
    repair: bool = False,
) -> BoundaryFile:
    """Read a GeoJSON FeatureCollection of CBS wijken and/or buurten of one municipality."""
    try:
        document = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed([_("Het bestand is geen geldige JSON: %s") % exc]) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFailed([_("Het bestand is geen GeoJSON FeatureCollection.")])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ImportFailed([_("De FeatureCollection bevat geen features.")])
    try:
        crs = detect_crs(document)
    except GeoError as exc:
        raise ImportFailed([str(exc)]) from exc

    problems: list[str] = []
    records: list[AreaRecord] = []
    years: set[int] = set()
    skipped = 0
    repaired: list[str] = []
    seen: set[str] = set()
    for index, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        code = _first(props, "BU_CODE", "buurtcode", "WK_CODE", "wijkcode", "GM_CODE", "gemeentecode", "statcode")
        label = _("feature %(n)d (%(code)s)") % {"n": index, "code": code or _("zonder code")}
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(_("%s: is geen GeoJSON Feature.") % label)
            continue
        kind, parsed = _classify(props)
        if kind is None:
            problems.append(_("%s: geen CBS-code gevonden (BU_CODE/buurtcode, WK_CODE/wijkcode of GM_CODE).") % label)
            continue
        code = str(parsed).strip().upper()
        if skip_other_municipalities and code[2:6] != municipality_code[2:]:
            skipped += 1
            continue
        if not CODE_PATTERNS[kind].match(code):
            problems.append(_("%(label)s: code %(code)r is geen geldige CBS-code.") % {"label": label, "code": code})
            continue
        owner = "GM" + code[2:6]
        stated_owner = _first(props, "GM_CODE", "gemeentecode")
        if stated_owner and str(stated_owner).upper() != owner:
            problems.append(_("%(label)s: gemeentecode %(stated)s past niet bij code %(code)s.")
                            % {"label": label, "stated": stated_owner, "code": code})
            continue
        if owner != municipality_code:
            if skip_other_municipalities:
                skipped += 1
                continue
            problems.append(_("%(label)s ligt niet in gemeente %(gm)s maar in %(owner)s.")
                            % {"label": label, "gm": municipality_code, "owner": owner})
            continue
        if code in seen:
            problems.append(_("%s: deze code komt meer dan eens voor.") % label)
            continue
        seen.add(code)
        feature_year = _first(props, "JAAR", "jaar")
        if feature_year is not None:
            try:
                years.add(int(feature_year))
            except (TypeError, ValueError):
                problems.append(_("%(label)s: jaar %(year)r is geen jaartal.") % {"label": label, "year": feature_year})
        name = _first(props, "BU_NAAM", "buurtnaam", "WK_NAAM", "wijknaam", "GM_NAAM", "gemeentenaam",
                      "statnaam")
        if kind != "municipality" and not name:
            problems.append(_("%s: naam ontbreekt (BU_NAAM/buurtnaam of WK_NAAM/wijknaam).") % label)
            continue
        stated_wijk = _first(props, "WK_CODE", "wijkcode")
        if kind == "neighbourhood" and stated_wijk and str(stated_wijk).upper() != "WK" + code[2:8]:
            problems.append(_("%(label)s: wijkcode %(stated)s past niet bij buurtcode %(code)s.")
                            % {"label": label, "stated": stated_wijk, "code": code})
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
            problems.append(f"{label}: {exc}")
            continue
        figures, figure_problems = _figures_from(props)
        problems.extend(f"{label}: {p}" for p in figure_problems)
        records.append(AreaRecord(
            kind=kind, code=code, name=str(name or "").strip(), municipality_code=owner,
            municipality_name=_first(props, "GM_NAAM", "gemeentenaam"), geometry=geometry, key_figures=figures,
        ))

    if len(years) > 1:
        problems.append(_("Het bestand bevat meerdere jaren: %s.") % ", ".join(map(str, sorted(years))))
    file_year = year or (years.pop() if len(years) == 1 else None)
    if file_year is None and not problems:
        problems.append(_("Het jaar van de indeling staat niet in het bestand; geef het op met --year."))
    if not records and not problems:
        problems.append(_("Geen enkele feature hoort bij gemeente %s.") % municipality_code)
    if problems:
        raise ImportFailed(problems)
    assert file_year is not None
    return BoundaryFile(year=file_year, records=records, skipped_other_municipalities=skipped, repaired=repaired)


def _classify(props: dict[str, Any]) -> tuple[str | None, Any]:
    for kind, names in (
        ("neighbourhood", ("BU_CODE", "buurtcode")),
        ("cbs_district", ("WK_CODE", "wijkcode")),
        ("municipality", ("GM_CODE", "gemeentecode")),
    ):
        value = _first(props, *names)
        if value is not None:
            return kind, value
    statcode = _first(props, "statcode")
    if statcode:
        prefix = str(statcode)[:2].upper()
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
            figures[key] = keyfigures.parse_value(raw)
        except ValueError:
            problems.append(_("kolom %(column)s: %(value)r is geen getal.") % {"column": column, "value": raw})
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
    sample = stream.read(8192)
    stream.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(stream, dialect=dialect)


def _text(raw: bytes | str | TextIO) -> TextIO:
    if isinstance(raw, bytes):
        return io.StringIO(raw.decode("utf-8-sig"))
    if isinstance(raw, str):
        return io.StringIO(raw)
    return raw


def parse_key_figures(raw: bytes | str | TextIO) -> FigureFile:
    """Read a CBS 'kerncijfers wijken en buurten' CSV: one row per wijk or buurt, any subset of the columns."""
    try:
        stream = _text(raw)
        reader = _reader(stream)
        columns = reader.fieldnames or []
    except UnicodeDecodeError as exc:
        raise ImportFailed([_("Het bestand is geen UTF-8-tekst: %s") % exc]) from exc
    if not columns:
        raise ImportFailed([_("Het bestand is leeg of heeft geen kopregel.")])
    code_columns = [c for c in columns if keyfigures.normalise_column(c) in
                    {keyfigures.normalise_column(n) for n in CODE_COLUMNS}]
    if not code_columns:
        raise ImportFailed([_("Regel 1: geen kolom met een CBS-code (buurtcode, wijkcode of WijkenEnBuurten).")])
    used = [c for c in columns if keyfigures.key_for_column(c)]
    if not used:
        raise ImportFailed([_("Regel 1: geen enkele bekende kerncijferkolom (bijv. aantal_inwoners).")])
    unknown = [c for c in columns if not keyfigures.key_for_column(c)
               and keyfigures.normalise_column(c) not in IDENTITY_COLUMNS]

    problems: list[str] = []
    rows: list[FigureRow] = []
    skipped = 0
    seen: dict[tuple[str, int | None], int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if None in row:
                problems.append(_("Regel %d: meer velden dan kolommen in de kopregel.") % line)
                continue
            code = _row_code(row, code_columns)
            if code is None:
                problems.append(_("Regel %d: geen geldige CBS-wijk- of buurtcode.") % line)
                continue
            if code.startswith("GM") or code.startswith("NL"):
                skipped += 1
                continue
            year = _row_year(row)
            if year == -1:
                problems.append(_("Regel %(line)d: jaar %(year)r is geen jaartal.") % {"line": line, "year": row.get("jaar")})
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


def _row_code(row: dict[str, str], code_columns: list[str]) -> str | None:
    for column in code_columns:
        value = (row.get(column) or "").strip().upper()
        if value[:4].isdigit() and value[4:6] in {"WK", "BU", "GM"}:
            value = value[4:]  # jrstatcode style 2024WK048901
        for pattern in CODE_PATTERNS.values():
            if pattern.match(value):
                return value
    return None


def _row_year(row: dict[str, str]) -> int | None:
    raw = (row.get("jaar") or row.get("Jaar") or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1


# --- postcode table --------------------------------------------------------------------------------------------

POSTCODE = re.compile(r"^[1-9]\d{3}[A-Z]{2}$")


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
    if value.isdigit() and len(value) <= 8:
        return "BU" + value.zfill(8)  # CBS writes buurt 0489 01 01 as 4890101
    if CODE_PATTERNS["neighbourhood"].match("BU" + value):
        return "BU" + value
    return None


def iter_postcodes(raw: bytes | str | TextIO) -> tuple[int | None, Iterator[AddressRow]]:
    """Stream the CBS postcode–house-number–buurt table (pc6hnr…_gwb.csv); returns the year and the rows.

    Rows are yielded lazily (the national table has ~9 million); a malformed line raises ImportFailed naming it,
    and the caller's transaction then discards everything written so far.
    """
    stream = _text(raw)
    reader = _reader(stream)
    columns = reader.fieldnames or []
    by_norm = {keyfigures.normalise_column(c): c for c in columns}
    pc_col = by_norm.get("pc6") or by_norm.get("postcode")
    nr_col = by_norm.get("huisnummer") or by_norm.get("number")
    bu_cols = [c for c in columns if re.fullmatch(r"(?i)buurt(code)?(\d{4})?", c.strip())]
    if not (pc_col and nr_col and bu_cols):
        raise ImportFailed([_("Regel 1: verwacht de kolommen PC6, Huisnummer en Buurt<jaar> (of buurtcode).")])
    year_match = re.search(r"(\d{4})$", bu_cols[0])
    year = int(year_match.group(1)) if year_match else None

    def rows() -> Iterator[AddressRow]:
        for line, row in enumerate(reader, start=2):
            postcode = normalise_postcode(row.get(pc_col) or "")
            if not POSTCODE.match(postcode):
                raise ImportFailed([_("Regel %(line)d: %(pc)r is geen postcode (1234AB).")
                                    % {"line": line, "pc": row.get(pc_col)}])
            try:
                number = int((row.get(nr_col) or "").strip())
                if number <= 0:
                    raise ValueError
            except ValueError:
                raise ImportFailed([_("Regel %(line)d: %(nr)r is geen huisnummer.")
                                    % {"line": line, "nr": row.get(nr_col)}]) from None
            code = _neighbourhood_code(row.get(bu_cols[0]) or "")
            if code is None:
                raise ImportFailed([_("Regel %(line)d: %(bu)r is geen buurtcode.")
                                    % {"line": line, "bu": row.get(bu_cols[0])}])
            yield AddressRow(line=line, postcode=postcode, number=number, neighbourhood_code=code)

    return year, rows()


def chunked(items: Iterable[AddressRow], size: int) -> Iterator[list[AddressRow]]:
    batch: list[AddressRow] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
