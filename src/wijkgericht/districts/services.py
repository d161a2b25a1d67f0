"""Writes of the districts domain: imports of CBS open data, the default grouping, and regrouping districts.

Every service runs in one transaction: an import that fails part-way leaves the database exactly as it was. What
changes the point lookup's answers (boundaries, membership) raises the geo version too, once, after commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import shape

from wijkgericht.districts import keyfigures
from wijkgericht.districts.importchecks import ValueRefused, check_text, check_year
from wijkgericht.districts.importers import ImportFailed, parse_boundaries
from wijkgericht.districts.importers_csv import chunked, iter_postcodes, parse_key_figures
from wijkgericht.districts.models import Address, CbsDistrict, District, Municipality, Neighbourhood
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.geo import to_geojson_geometry, union_geometry


class DryRun(Exception):
    """Raised inside a transaction to roll back a dry run after it has computed its summary."""


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, bucket: str, kind: str) -> None:
        target = getattr(self, bucket)
        target[kind] = target.get(kind, 0) + 1

    def lines(self) -> list[str]:
        out = []
        for label, bucket in ((_("nieuw"), self.created), (_("gewijzigd"), self.updated),
                              (_("ongewijzigd"), self.unchanged)):
            if bucket:
                out.append(f"{label}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(bucket.items())))
        return out + self.notes


def _run(fn, dry_run: bool) -> ImportSummary:  # type: ignore[no-untyped-def]
    summary = ImportSummary()
    try:
        with transaction.atomic():
            fn(summary)
            if dry_run:
                raise DryRun
    except DryRun:
        summary.notes.append(_("Proefrun: er is niets opgeslagen."))
    return summary


def _differs(obj, name: str, value: object) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(value, Model):
        return getattr(obj, f"{name}_id") != value.pk
    return getattr(obj, name) != value


def _upsert(model, existing: dict, lookup: dict, values: dict, summary: ImportSummary,  # type: ignore[no-untyped-def]
            kind: str):
    """Create or update one row, given the rows of this import already fetched in `existing` (by code)."""
    obj = existing.get(lookup["code"])
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        existing[obj.code] = obj
        summary.count("created", kind)
        return obj
    changed = [name for name, value in values.items() if _differs(obj, name, value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        summary.count("updated", kind)
    else:
        summary.count("unchanged", kind)
    return obj


def boundaries_import(
    *,
    raw: bytes | str,
    municipality_code: str,
    municipality_name: str | None = None,
    year: int | None = None,
    skip_other_municipalities: bool = False,
    activate: bool | None = None,
    repair: bool = False,
    kind: str | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Import CBS wijk/buurt boundaries (and any key figures they carry) of one municipality for one year.

    One file holds one kind of area (`kind`: "gemeente", "wijk" or "buurt", else read from the features' codes)
    and changes only rows of that kind. Idempotent by (year, code). When the municipality has no active division
    yet (or `activate` is true), this year's neighbourhoods become the basis of its districts and each CBS wijk
    gets a default district.
    """
    parsed = parse_boundaries(raw, municipality_code=municipality_code, year=year, kind=kind,
                              skip_other_municipalities=skip_other_municipalities, repair=repair)
    if municipality_name is not None:
        try:
            municipality_name = check_text(municipality_name, max_length=100, what=_("--municipality-name"))
        except ValueRefused as exc:
            raise ImportFailed([f"{exc}."]) from exc

    def apply(summary: ImportSummary) -> None:
        records = parsed.records
        name = municipality_name or next((r.municipality_name for r in records if r.municipality_name), None)
        municipality = Municipality.objects.select_for_update().filter(code=municipality_code).first()
        if municipality is None:
            if not name:
                raise ImportFailed([_("Gemeente %s is nog onbekend en het bestand noemt haar naam niet; "
                                      "geef die op met --municipality-name.") % municipality_code])
            municipality = Municipality.objects.create(code=municipality_code, name=name,
                                                       slug=_municipality_slug(name, municipality_code))
            summary.count("created", _("gemeente"))
        outline = next((r for r in records if r.kind == "municipality"), None)
        if outline is not None:
            boundary = to_geojson_geometry(outline.geometry)
            if boundary == municipality.boundary:
                outline = None  # unchanged
            municipality.boundary = boundary
        codes = [r.code for r in records]
        cbs_districts = {
            d.code: d for d in CbsDistrict.objects.filter(year=parsed.year, municipality=municipality)
        }
        cbs_districts.update({d.code: d for d in CbsDistrict.objects.filter(year=parsed.year, code__in=codes)})
        neighbourhoods = {n.code: n for n in Neighbourhood.objects.filter(year=parsed.year, code__in=codes)}
        for record in (r for r in records if r.kind == "cbs_district"):
            _upsert(
                CbsDistrict, cbs_districts, {"year": parsed.year, "code": record.code},
                {"municipality": municipality, "name": record.name,
                 "geometry": to_geojson_geometry(record.geometry), "key_figures": record.key_figures},
                summary, _("CBS-wijken"),
            )
        problems = []
        for record in (r for r in records if r.kind == "neighbourhood"):
            parent = cbs_districts.get(record.cbs_district_code)
            if parent is None:
                problems.append(_("%(code)s: CBS-wijk %(wk)s van %(year)d is onbekend; importeer eerst de wijken.")
                                % {"code": record.code, "wk": record.cbs_district_code, "year": parsed.year})
                continue
            _upsert(
                Neighbourhood, neighbourhoods, {"year": parsed.year, "code": record.code},
                {"municipality": municipality, "name": record.name, "cbs_district": parent,
                 "geometry": to_geojson_geometry(record.geometry), "key_figures": record.key_figures},
                summary, _("buurten"),
            )
        if problems:
            raise ImportFailed(problems)
        if parsed.repaired:
            summary.notes.append(_("Ongeldige grenzen hersteld (make_valid): %s") % ", ".join(parsed.repaired))
        if parsed.skipped_other_municipalities:
            summary.notes.append(_("%d features van andere gemeenten overgeslagen.")
                                 % parsed.skipped_other_municipalities)
        activating = bool(activate or (activate is None and municipality.division_year is None))
        if activating:
            municipality.division_year = parsed.year
        changed = activating or bool(summary.created or summary.updated) or outline is not None
        if not changed:
            return  # nothing moved: no new index, no recomputation
        municipality.save()
        public_pages_changed(municipality.pk, geo=True)
        if municipality.division_year == parsed.year:
            districts_default_grouping(municipality=municipality, summary=summary)
            for district in municipality.districts.all():
                district_recompute(district=district)

    return _run(apply, dry_run)


def _district_name(cbs_name: str) -> str:
    """'Wijk 01 Centrum' → 'Centrum': CBS prefixes numbers that residents do not use."""
    return re.sub(r"^Wijk\s+\d+\s+", "", cbs_name).strip() or cbs_name


def districts_default_grouping(*, municipality: Municipality, summary: ImportSummary | None = None) -> None:
    """Give every neighbourhood of the active division that has no district one: its CBS wijk's district."""
    loose = Neighbourhood.objects.filter(
        municipality=municipality, year=municipality.division_year, district__isnull=True
    ).select_related("cbs_district")
    districts = {d.code: d for d in District.objects.filter(municipality=municipality)}
    for neighbourhood in loose:
        cbs = neighbourhood.cbs_district
        district = districts.get(cbs.code)
        if district is None:
            name = _district_name(cbs.name)
            district = District.objects.create(
                municipality=municipality, code=cbs.code, name=name, slug=_free_slug(municipality, name, cbs.code)
            )
            districts[district.code] = district
            if summary is not None:
                summary.count("created", _("wijken"))
        neighbourhood.district = district
        neighbourhood.save(update_fields=["district"])
    public_pages_changed(municipality.pk, geo=True)


def _free_slug(municipality: Municipality, name: str, code: str) -> str:
    limit = District._meta.get_field("slug").max_length
    slug = slugify(name)[:limit] or code.lower()
    if District.objects.filter(municipality=municipality, slug=slug).exists():
        slug = f"{slug[:limit - len(code) - 1]}-{code.lower()}"
    return slug


def _municipality_slug(name: str, code: str) -> str:
    """A free slug within the column's 50 characters: two municipalities may share a name (Bergen NH and L)."""
    limit = Municipality._meta.get_field("slug").max_length
    slug = slugify(name)[:limit] or code.lower()
    if Municipality.objects.filter(slug=slug).exists():
        slug = f"{slug[:limit - len(code) - 1]}-{code.lower()}"
    return slug


def district_recompute(*, district: District) -> District:
    """Refresh a district's derived boundary (union of its neighbourhoods) and aggregated key figures.

    Only the neighbourhoods of the active division count: after a new CBS year is activated a district still holds
    last year's neighbourhoods (history), which must not be added to this year's figures and outline."""
    year = Municipality.objects.values_list("division_year", flat=True).get(pk=district.municipality_id)
    neighbourhoods = list(district.neighbourhoods.filter(year=year))
    geometries = [shape(n.geometry) for n in neighbourhoods if n.geometry]
    district.geometry = to_geojson_geometry(union_geometry(geometries)) if geometries else None
    district.key_figures = keyfigures.aggregate(n.key_figures for n in neighbourhoods)
    district.save(update_fields=["geometry", "key_figures"])
    public_pages_changed(district.municipality_id)
    return district


@transaction.atomic
def neighbourhoods_regroup(*, district: District, neighbourhoods: list[Neighbourhood]) -> District:
    """Make `neighbourhoods` (of the active division) belong to `district`, taking them from their old districts.

    A district left without neighbourhoods keeps its face and history but no longer shows on the map.
    """
    municipality = Municipality.objects.select_for_update().get(pk=district.municipality_id)
    wrong = [n for n in neighbourhoods if n.municipality_id != municipality.pk or n.year != municipality.division_year]
    if wrong:
        raise ImportFailed([_("%s hoort niet bij de actieve indeling van deze gemeente.") % n for n in wrong])
    previous = {n.district_id for n in neighbourhoods if n.district_id and n.district_id != district.pk}
    Neighbourhood.objects.filter(pk__in=[n.pk for n in neighbourhoods]).update(district=district)
    for other in District.objects.filter(pk__in=previous | {district.pk}):
        district_recompute(district=other)
    public_pages_changed(municipality.pk, geo=True)
    district.refresh_from_db()
    return district


def key_figures_import(*, raw: bytes | str | TextIO, skip_unknown: bool = False,
                       dry_run: bool = False) -> ImportSummary:
    """Import CBS key figures for wijken and buurten already loaded; districts are re-aggregated afterwards."""
    parsed = parse_key_figures(raw)

    def apply(summary: ImportSummary) -> None:
        problems = []
        touched: set[int] = set()
        areas = _areas_by_code_and_year([row.code for row in parsed.rows])
        for row in parsed.rows:
            versions = areas.get(row.code, {})
            if row.year is None and len(versions) > 1:
                problems.append(_("Regel %(line)d: %(code)s is geladen voor %(years)s en de regel noemt geen jaar "
                                  "(kolom jaar).") % {"line": row.line, "code": row.code,
                                                      "years": ", ".join(map(str, sorted(versions)))})
                continue
            area = versions.get(row.year) if row.year is not None else next(iter(versions.values()), None)
            if area is None:
                if skip_unknown:
                    continue
                problems.append(_("Regel %(line)d: %(code)s is onbekend; importeer eerst de grenzen.")
                                % {"line": row.line, "code": row.code})
                continue
            merged = {**area.key_figures, **row.figures}
            if merged != area.key_figures:
                area.key_figures = merged
                area.save(update_fields=["key_figures"])
                public_pages_changed(area.municipality_id)  # figures only: the point lookup answers the same
                summary.count("updated", str(area._meta.verbose_name_plural))
            else:
                summary.count("unchanged", str(area._meta.verbose_name_plural))
            if isinstance(area, Neighbourhood) and area.district_id:
                touched.add(area.district_id)
        if problems:
            raise ImportFailed(problems)
        for district in District.objects.filter(pk__in=touched):
            district_recompute(district=district)
        summary.notes.append(_("Gebruikte kolommen: %s") % ", ".join(parsed.used_columns))
        if parsed.unknown_columns:
            summary.notes.append(_("%(n)d onbekende kolommen niet gebruikt: %(cols)s")
                                 % {"n": len(parsed.unknown_columns), "cols": ", ".join(parsed.unknown_columns)})

    return _run(apply, dry_run)


def _areas_by_code_and_year(codes: list[str]) -> dict[str, dict[int, CbsDistrict | Neighbourhood]]:
    found: dict[str, dict[int, CbsDistrict | Neighbourhood]] = {}
    for model in (CbsDistrict, Neighbourhood):
        for area in model.objects.filter(code__in=codes):
            found.setdefault(area.code, {})[area.year] = area
    return found


def postcodes_import(*, raw: bytes | str | TextIO, year: int | None = None, dry_run: bool = False) -> ImportSummary:
    """Load the CBS postcode–house-number–buurt table for the neighbourhoods we know; others are skipped.

    Idempotent: the addresses of each neighbourhood in the file are replaced by the file's.
    """
    if year is not None:
        try:
            year = check_year(year)
        except ValueRefused as exc:
            raise ImportFailed([_("--year: %s.") % exc]) from exc
    file_year, rows = iter_postcodes(raw)
    if year is not None and file_year is not None and year != file_year:
        raise ImportFailed([_("Regel 1: de buurtkolom noemt %(file)d, maar --year %(year)d.")
                            % {"file": file_year, "year": year}])
    division_year = year or file_year

    def apply(summary: ImportSummary) -> None:
        neighbourhoods = Neighbourhood.objects.all()
        if division_year is None:
            loaded_years = sorted(set(neighbourhoods.values_list("year", flat=True)))
            if len(loaded_years) > 1:
                raise ImportFailed([_("Regel 1: de buurtkolom noemt geen jaar en er zijn buurten van %s geladen; "
                                      "geef het jaar op met --year.") % ", ".join(map(str, loaded_years))])
        else:
            neighbourhoods = neighbourhoods.filter(year=division_year)
        known = dict(neighbourhoods.values_list("code", "pk"))
        codes = {pk: code for code, pk in known.items()}
        cleared: set[int] = set()
        # Where this file puts each address it loads: one address lies in one neighbourhood.
        placed: dict[tuple[str, int], tuple[int, int]] = {}
        problems: list[str] = []
        skipped = 0
        loaded = 0
        for batch in chunked(rows, 5000):
            objects = []
            for row in batch:
                pk = known.get(row.neighbourhood_code)
                if pk is None:
                    skipped += 1
                    continue
                first = placed.setdefault((row.postcode, row.number), (row.line, pk))
                if first[1] != pk:
                    problems.append(_("Regel %(line)d: %(pc)s %(nr)d ligt volgens regel %(first)d in %(other)s, "
                                      "niet in %(code)s.")
                                    % {"line": row.line, "pc": row.postcode, "nr": row.number, "first": first[0],
                                       "other": codes[first[1]], "code": row.neighbourhood_code})
                    continue
                if pk not in cleared:
                    Address.objects.filter(neighbourhood_id=pk).delete()
                    cleared.add(pk)
                objects.append(Address(postcode=row.postcode, number=row.number, neighbourhood_id=pk))
            Address.objects.bulk_create(objects, ignore_conflicts=True)
            loaded += len(objects)
        if problems:
            raise ImportFailed(problems)
        problems = _addresses_in_two_neighbourhoods(placed, codes, neighbourhoods)
        if problems:
            raise ImportFailed(problems)
        summary.created[_("adressen")] = loaded
        summary.notes.append(_("%d adressen in buurten die hier niet bekend zijn, overgeslagen.") % skipped)

    return _run(apply, dry_run)


def _addresses_in_two_neighbourhoods(placed: dict[tuple[str, int], tuple[int, int]], codes: dict[int, str],
                                     neighbourhoods: QuerySet[Neighbourhood]) -> list[str]:
    """Addresses of this file that an earlier import left in another neighbourhood of the same division."""
    doubled = (
        Address.objects.filter(neighbourhood__in=neighbourhoods)
        .values("postcode", "number").annotate(n=Count("neighbourhood_id", distinct=True)).filter(n__gt=1)
        .order_by("postcode", "number")
    )
    problems = []
    for entry in doubled.iterator():
        key = (entry["postcode"], entry["number"])
        if key not in placed:
            continue
        line, pk = placed[key]
        others = Address.objects.filter(postcode=key[0], number=key[1], neighbourhood__in=neighbourhoods)
        other = next(codes[o] for o in others.values_list("neighbourhood_id", flat=True) if o != pk)
        problems.append(_("Regel %(line)d: %(pc)s %(nr)d staat al in buurt %(other)s, die niet in dit bestand staat.")
                        % {"line": line, "pc": key[0], "nr": key[1], "other": other})
    return problems
