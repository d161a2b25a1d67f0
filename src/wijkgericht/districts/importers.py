"""Parsing and checking CBS open-data files before anything is written: here the GeoJSON boundaries, in
`importers_csv` the key-figure and postcode tables.

Each parser reads a whole file, checks every feature or line, and either returns plain records or raises
`ImportFailed` listing the problems with the feature or line they are in. Writing is left to `services`, which does
it in one transaction, so a bad file never leaves a half-written database.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

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
        shown = code[:20] if isinstance(code, str) and code else _("zonder code")
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
        if feature_kind is None or code is None:
            problems.append(_("%s: geen CBS-code gevonden (BU_CODE/buurtcode, WK_CODE/wijkcode of GM_CODE).")
                            % label(index, code))
            continue
        if file_kind is None:
            continue  # the file mixes kinds: already reported
        if skip_other_municipalities and code[2:6] != municipality_code[2:]:
            skipped += 1
            continue
        here = label(index, code)
        if feature_kind != file_kind:
            specific = list(CODE_FIELDS)
            if specific.index(feature_kind) < specific.index(file_kind):  # a buurt in a file of wijken
                problems.append(_("%(label)s: dit is een %(found)s, geen %(kind)s; het bestand bevat %(kind)s-grenzen.")
                                % {"label": here, "found": _kind_label(feature_kind), "kind": _kind_label(file_kind)})
            else:
                problems.append(_("%(label)s: %(field)s ontbreekt; dit is een %(found)s, het bestand bevat "
                                  "%(kind)s-grenzen.") % {"label": here, "field": _code_label(file_kind),
                                                          "found": _kind_label(feature_kind),
                                                          "kind": _kind_label(file_kind)})
            continue
        if not CODE_PATTERNS[file_kind].match(code):
            problems.append(_("%(label)s: code %(code)s is geen geldige CBS-code.")
                            % {"label": here, "code": importchecks.shown(code)})
            continue
        owner = "GM" + code[2:6]
        stated_owner = _first(props, "GM_CODE", "gemeentecode")
        if stated_owner is not None and (not isinstance(stated_owner, str) or stated_owner.strip().upper() != owner):
            problems.append(_("%(label)s: gemeentecode %(stated)s past niet bij code %(code)s.")
                            % {"label": here, "stated": importchecks.shown(stated_owner), "code": code})
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
        if file_kind == "neighbourhood" and stated_wijk is not None and (
                not isinstance(stated_wijk, str) or stated_wijk.strip().upper() != "WK" + code[2:8]):
            problems.append(_("%(label)s: wijkcode %(stated)s past niet bij buurtcode %(code)s.")
                            % {"label": here, "stated": importchecks.shown(stated_wijk), "code": code})
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
        figures, figure_problems = figures_from(props)
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
            values = {"label": label(index, code if isinstance(code, str) else None), "field": _code_label(usual),
                      "found": _kind_label(kind), "kind": _kind_label(usual)}
            if order.index(kind) < order.index(usual):
                problems.append(_("%(label)s: dit is een %(found)s; de meeste features zijn een %(kind)s.") % values)
            else:
                problems.append(_("%(label)s: %(field)s ontbreekt; dit is een %(found)s, de meeste features zijn "
                                  "een %(kind)s.") % values)
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


def figures_from(row: dict[str, Any]) -> tuple[dict[str, float | None], list[str]]:
    figures: dict[str, float | None] = {}
    problems: list[str] = []
    for column, raw in row.items():
        key = keyfigures.key_for_column(column)
        if key is None:
            continue
        try:
            value = keyfigures.parse_value(raw)
        except ValueError:
            problems.append(_("kolom %(column)s: %(value)s is geen getal.")
                            % {"column": column, "value": importchecks.shown(raw)})
            continue
        low, high = keyfigures.allowed_range(key)
        if value is not None and not low <= value <= high:
            problems.append(_("kolom %(column)s: %(value)s ligt niet tussen %(low)g en %(high)g.")
                            % {"column": column, "value": importchecks.shown(raw), "low": low, "high": high})
            continue
        figures[key] = value
    return figures, problems
