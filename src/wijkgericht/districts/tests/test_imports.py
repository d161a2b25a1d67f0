"""The CBS imports: happy paths, idempotency, and every kind of bad input leaving the database untouched."""

from __future__ import annotations

import copy
import io
import json

import pytest
from conftest import shared_file
from django.core.management import call_command
from django.core.management.base import CommandError
from pyproj import Transformer

from wijkgericht.districts.importers import ImportFailed
from wijkgericht.districts.models import Address, CbsDistrict, District, Municipality, Neighbourhood
from wijkgericht.districts.services import boundaries_import, key_figures_import, postcodes_import
from wijkgericht.districts.tests import factories

pytestmark = pytest.mark.django_db


def load_barendrecht() -> Municipality:
    boundaries_import(raw=factories.dumps(factories.wijken()), municipality_code="GM0489")
    boundaries_import(raw=factories.dumps(factories.buurten()), municipality_code="GM0489")
    return Municipality.objects.get(code="GM0489")


def snapshot() -> dict[str, list]:
    """Everything the imports may write, to compare before and after a failed import."""
    return {
        "municipalities": list(Municipality.objects.order_by("pk").values()),
        "cbs": list(CbsDistrict.objects.order_by("pk").values()),
        "neighbourhoods": list(Neighbourhood.objects.order_by("pk").values()),
        "districts": list(District.objects.order_by("pk").values()),
        "addresses": list(Address.objects.order_by("pk").values()),
    }


def test_barendrecht_import_creates_areas_and_default_districts():
    municipality = load_barendrecht()
    assert municipality.name == "Barendrecht"
    assert municipality.division_year == 2024
    assert CbsDistrict.objects.filter(municipality=municipality).count() == 23
    assert Neighbourhood.objects.filter(municipality=municipality).count() == 62
    assert District.objects.filter(municipality=municipality).count() == 23
    assert not Neighbourhood.objects.filter(district__isnull=True).exists()
    centrum = District.objects.get(code="WK048901")
    assert centrum.name == "Centrum" and centrum.slug == "centrum"
    # Key figures of the district are aggregated from its neighbourhoods: 570 + 505 + 540 (CBS rounding).
    parts = Neighbourhood.objects.filter(district=centrum)
    assert centrum.key_figures["aantal_inwoners"] == sum(n.key_figures["aantal_inwoners"] for n in parts)
    assert centrum.geometry["type"] in {"Polygon", "MultiPolygon"}


def test_import_is_idempotent_by_code():
    load_barendrecht()
    before = snapshot()
    summary = boundaries_import(raw=factories.dumps(factories.buurten()), municipality_code="GM0489")
    assert summary.unchanged == {"buurten": 62}
    assert snapshot() == before


def test_cbs_property_names_are_accepted():
    boundaries_import(raw=factories.dumps(factories.cbs_style(factories.wijken())), municipality_code="GM0489")
    boundaries_import(raw=factories.dumps(factories.cbs_style(factories.buurten())), municipality_code="GM0489")
    assert Neighbourhood.objects.count() == 62


def test_rd_new_coordinates_are_converted_to_wgs84():
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    document = factories.wijken()
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    for feature in document["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                for position in ring:
                    position[0], position[1] = to_rd.transform(position[0], position[1])
    boundaries_import(raw=factories.dumps(document), municipality_code="GM0489")
    ring = CbsDistrict.objects.get(code="WK048901").geometry["coordinates"][0][0]
    lon, lat = ring[0] if isinstance(ring[0], list) else ring
    assert 4.5 < lon < 4.6 and 51.8 < lat < 51.9


def test_second_municipality_loads_beside_barendrecht():
    """Ridderkerk (GM0597) from the national files in ../shared/data/nl, next to Barendrecht."""
    load_barendrecht()
    call_command("import_boundaries", str(shared_file("nl/nl_wijken_2024.geojson")), municipality="GM0597",
                 skip_other_municipalities=True, stdout=io.StringIO())
    call_command("import_boundaries", str(shared_file("nl/rijnmond_buurten_2024.geojson")),
                 municipality="GM0597", skip_other_municipalities=True, stdout=io.StringIO())
    ridderkerk = Municipality.objects.get(code="GM0597")
    assert ridderkerk.name == "Ridderkerk"
    assert Neighbourhood.objects.filter(municipality=ridderkerk).count() > 5
    assert not Neighbourhood.objects.filter(municipality=ridderkerk, district__isnull=True).exists()
    assert District.objects.filter(municipality__code="GM0489").count() == 23


def _one_feature(document: dict, **changes) -> dict:
    document = copy.deepcopy(document)
    document["features"] = [document["features"][0]]
    for key, value in changes.items():
        document["features"][0][key] = value
    return document


def _self_intersecting() -> dict:
    return {"type": "Polygon", "coordinates": [[[4.50, 51.85], [4.52, 51.86], [4.52, 51.85], [4.50, 51.86],
                                                [4.50, 51.85]]]}


BAD_BOUNDARY_FILES = {
    "not json": (b"{this is not json", "geen geldige JSON"),
    "not a feature collection": (b'{"type": "Feature"}', "FeatureCollection"),
    "empty collection": (b'{"type": "FeatureCollection", "features": []}', "geen features"),
    "wrong geometry type": (
        lambda: _one_feature(factories.buurten(), geometry={"type": "Point", "coordinates": [4.5, 51.85]}),
        "BU04890101"),
    "self-intersecting polygon": (lambda: _one_feature(factories.buurten(), geometry=_self_intersecting()),
                                  "BU04890101"),
    "empty polygon": (lambda: _one_feature(factories.buurten(), geometry={"type": "Polygon", "coordinates": []}),
                      "BU04890101"),
    "missing geometry": (lambda: _one_feature(factories.buurten(), geometry=None), "BU04890101"),
    "unknown crs": (lambda: {**factories.wijken(), "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}},
                    "EPSG:3857"),
    "feature of another municipality": (
        lambda: _one_feature(factories.wijken(), properties={"wijkcode": "WK059701", "wijknaam": "Ridderkerk",
                                                             "gemeentecode": "GM0597", "jaar": 2024}),
        "GM0597"),
    "missing code": (lambda: _one_feature(factories.wijken(), properties={"wijknaam": "Zonder code", "jaar": 2024}),
                     "feature 1"),
    "malformed code": (lambda: _one_feature(factories.wijken(), properties={"wijkcode": "WK48901", "wijknaam": "X",
                                                                           "jaar": 2024}),
                       "WK48901"),
    "rd metres claimed as wgs84": (
        lambda: _one_feature(factories.wijken(), geometry={"type": "Polygon", "coordinates": [[
            [92000, 430000], [93000, 430000], [93000, 431000], [92000, 430000]]]}),
        "RD New"),
}


@pytest.mark.parametrize("case", sorted(BAD_BOUNDARY_FILES))
def test_bad_boundary_file_is_refused_and_changes_nothing(case, tmp_path):
    load_barendrecht()
    before = snapshot()
    content, expected = BAD_BOUNDARY_FILES[case]
    raw = content if isinstance(content, bytes) else factories.dumps(content())
    path = tmp_path / "bad.geojson"
    path.write_bytes(raw)
    with pytest.raises(CommandError) as failure:
        call_command("import_boundaries", str(path), municipality="GM0489", stdout=io.StringIO())
    assert expected in str(failure.value)
    assert snapshot() == before


def test_a_bad_feature_late_in_the_file_rolls_back_the_good_ones():
    document = factories.buurten()
    document["features"][-1]["geometry"] = _self_intersecting()
    boundaries_import(raw=factories.dumps(factories.wijken()), municipality_code="GM0489")
    before = snapshot()
    with pytest.raises(ImportFailed) as failure:
        boundaries_import(raw=factories.dumps(document), municipality_code="GM0489")
    assert "feature 62" in str(failure.value)
    assert snapshot() == before


def test_neighbourhoods_need_their_cbs_district():
    with pytest.raises(ImportFailed, match="importeer eerst de wijken"):
        boundaries_import(raw=factories.dumps(factories.buurten()), municipality_code="GM0489")
    assert not Municipality.objects.exists()


def test_import_command_exits_non_zero_with_the_reason(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text("[]")
    with pytest.raises(CommandError, match="FeatureCollection"):
        call_command("import_boundaries", str(path), municipality="GM0489")


def test_dry_run_writes_nothing():
    summary = boundaries_import(raw=factories.dumps(factories.wijken()), municipality_code="GM0489", dry_run=True)
    assert summary.created["CBS-wijken"] == 23
    assert not Municipality.objects.exists()


# --- key figures -------------------------------------------------------------------------------------------

def test_key_figures_csv_maps_known_columns_and_reports_unknown_ones():
    load_barendrecht()
    csv = ("buurtcode;AantalInwoners_5;Mysterie_99;percentage_personen_65_jaar_en_ouder\n"
           "BU04890101;600;1;20\nBU04890102;-99997;2;x\n").replace(";x", ";")
    summary = key_figures_import(raw=csv)
    assert Neighbourhood.objects.get(code="BU04890101").key_figures["aantal_inwoners"] == 600
    assert Neighbourhood.objects.get(code="BU04890102").key_figures["aantal_inwoners"] is None
    assert any("Mysterie_99" in note for note in summary.notes)
    centrum = District.objects.get(code="WK048901")
    assert centrum.key_figures["aantal_inwoners"] is None  # one neighbourhood suppressed: unknown, not a sum


@pytest.mark.parametrize("csv, expected", [
    ("buurtcode,aantal_inwoners\nBU04890101,veel\n", "Regel 2"),
    ("buurtcode,aantal_inwoners\nBU04890101,5\nBU0489,5\n", "Regel 3"),
    ("buurtcode,aantal_inwoners\nBU04890101,5\nBU04890101,6\n", "regel 2"),
    ("naam,aantal_inwoners\nCentrum,5\n", "Regel 1"),
    ("buurtcode,iets\nBU04890101,5\n", "Regel 1"),
    ("buurtcode,aantal_inwoners\nBU04899999,5\n", "Regel 2"),
])
def test_bad_key_figure_files_name_the_line_and_change_nothing(csv, expected):
    load_barendrecht()
    before = snapshot()
    with pytest.raises(ImportFailed) as failure:
        key_figures_import(raw=csv)
    assert expected in str(failure.value)
    assert snapshot() == before


def test_barendrecht_key_figure_file_imports():
    load_barendrecht()
    summary = key_figures_import(raw=(factories.DATA / "kerncijfers_2024_buurten_barendrecht.csv").read_bytes())
    assert sum(summary.updated.values()) + sum(summary.unchanged.values()) == 62


# --- postcodes ---------------------------------------------------------------------------------------------

POSTCODES = "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n2991AB;1;4890101;48901;489\n" \
            "2991AB;3;4890101;48901;489\n2992XY;10;4890918;48909;489\n1011AB;105;3630400;36304;363\n"


def test_postcode_table_imports_known_neighbourhoods_and_skips_others():
    load_barendrecht()
    summary = postcodes_import(raw=POSTCODES)
    assert Address.objects.count() == 3
    assert any("1 adressen" in note for note in summary.notes)
    postcodes_import(raw=POSTCODES)  # idempotent
    assert Address.objects.count() == 3
    assert Address.objects.get(postcode="2992XY", number=10).neighbourhood.code == "BU04890918"


@pytest.mark.parametrize("bad_line, expected", [
    ("29 1AB;1;4890101;48901;489", "Regel 3"),
    ("2991AB;nul;4890101;48901;489", "Regel 3"),
    ("2991AB;0;4890101;48901;489", "Regel 3"),
    ("2991AB;1;BUURT;48901;489", "Regel 3"),
])
def test_bad_postcode_lines_are_named_and_nothing_is_written(bad_line, expected):
    load_barendrecht()
    raw = "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n2991AB;1;4890101;48901;489\n" + bad_line + "\n"
    with pytest.raises(ImportFailed) as failure:
        postcodes_import(raw=raw)
    assert expected in str(failure.value)
    assert Address.objects.count() == 0


def test_postcode_command_reads_a_file(tmp_path):
    load_barendrecht()
    path = tmp_path / "pc6hnr.csv"
    path.write_text(POSTCODES)
    out = io.StringIO()
    call_command("import_postcodes", str(path), stdout=out)
    assert "3 adressen" in out.getvalue()


def test_geojson_written_back_is_valid_json():
    load_barendrecht()
    assert json.dumps(District.objects.first().geometry)


def test_repair_flag_mends_an_invalid_polygon_and_says_so():
    boundaries_import(raw=factories.dumps(factories.wijken()), municipality_code="GM0489")
    document = factories.buurten()
    bowtie = {"type": "Polygon", "coordinates": [[[4.536, 51.853], [4.540, 51.856], [4.540, 51.853],
                                                  [4.536, 51.856], [4.536, 51.853]]]}
    document["features"][0]["geometry"] = bowtie
    with pytest.raises(ImportFailed):
        boundaries_import(raw=factories.dumps(document), municipality_code="GM0489")
    summary = boundaries_import(raw=factories.dumps(document), municipality_code="GM0489", repair=True)
    assert any("BU04890101" in note for note in summary.notes)
    assert Neighbourhood.objects.count() == 62
