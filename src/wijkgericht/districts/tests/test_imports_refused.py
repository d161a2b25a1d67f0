"""Imports never reinterpret what they read (issue #10, point 3).

Every case runs the management command as an IT team does (`wijkgericht import_… file`), and checks the exit status,
that stderr names the feature or line, and that the database is exactly as it was. `transaction=True`: the command
line closes the database connections when it is done, as it does in production.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from django.core.management import ManagementUtility

from wijkgericht.districts.models import Address, CbsDistrict, District, Municipality, Neighbourhood
from wijkgericht.districts.services import boundaries_import
from wijkgericht.districts.tests import factories
from wijkgericht.districts.tests.test_imports import load_barendrecht, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def run(*argv: str) -> tuple[int, str, str]:
    """`wijkgericht <argv>`: exit status, stdout, stderr. A traceback is not caught: it fails the test."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            ManagementUtility(["wijkgericht", *argv]).execute()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
    return status, out.getvalue(), err.getvalue()


def one_feature_per_line(document: dict) -> str:
    """GeoJSON as many tools write it: feature n on line n + 1."""
    head = json.dumps({k: v for k, v in document.items() if k != "features"})
    features = ",\n".join(json.dumps(feature) for feature in document["features"])
    return head[:-1] + ', "features": [\n' + features + "\n]}\n"


def write(tmp_path: Path, content: str | bytes, name: str = "input") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def refused(argv: list[str], *expected: str) -> str:
    before = snapshot()
    status, out, err = run(*argv)
    assert status == 1, (status, out, err)
    for text in expected:
        assert text in err, err
    assert snapshot() == before
    return err


# --- the kind of area is decided once per file -----------------------------------------------------------------

def _buurten_with_one_lacking_its_code(number: int = 5) -> dict:
    """The issue's file: buurten, of which feature `number` lost its buurtcode but kept its wijkcode."""
    document = factories.buurten()
    props = document["features"][number - 1]["properties"]
    del props["buurtcode"]
    return document


def test_a_buurt_without_its_code_is_not_read_as_its_wijk(tmp_path):
    load_barendrecht()
    document = _buurten_with_one_lacking_its_code(5)
    code = document["features"][4]["properties"]["wijkcode"]
    wijk = CbsDistrict.objects.get(code=code)
    path = write(tmp_path, one_feature_per_line(document))
    err = refused(["import_boundaries", path, "--municipality", "GM0489"],
                  f"feature 5 ({code}, regel 6): buurtcode", "--kind")
    assert "feature 4 " not in err
    assert CbsDistrict.objects.get(code=code).name == wijk.name


def test_with_kind_buurt_a_feature_without_buurtcode_is_refused(tmp_path):
    load_barendrecht()
    path = write(tmp_path, one_feature_per_line(_buurten_with_one_lacking_its_code(62)))
    refused(["import_boundaries", path, "--municipality", "GM0489", "--kind", "buurt"],
            "feature 62 (WK0489", "regel 63): buurtcode")


def test_a_buurten_file_imported_as_wijken_changes_no_wijk(tmp_path):
    load_barendrecht()
    path = write(tmp_path, factories.dumps(factories.buurten()))
    refused(["import_boundaries", path, "--municipality", "GM0489", "--kind", "wijk"],
            "feature 1 (BU04890101)", "dit is een buurt")


def test_a_wijken_file_imported_as_buurten_is_refused(tmp_path):
    load_barendrecht()
    path = write(tmp_path, factories.dumps(factories.wijken()))
    refused(["import_boundaries", path, "--municipality", "GM0489", "--kind", "buurt"],
            "feature 1 (WK048901): buurtcode")


def test_a_wijk_takes_its_name_from_the_wijk_name_not_a_buurt_name(tmp_path):
    """A wijk feature that also carries a buurtnaam (a join gone wrong) keeps its own wijknaam."""
    document = factories.wijken()
    for feature in document["features"]:
        feature["properties"]["buurtnaam"] = "Een buurt"
    path = write(tmp_path, factories.dumps(document))
    status, _out, err = run("import_boundaries", path, "--municipality", "GM0489")
    assert status == 0, err
    assert not CbsDistrict.objects.filter(name="Een buurt").exists()


def test_kind_wijk_imports_a_wijken_file(tmp_path):
    path = write(tmp_path, factories.dumps(factories.wijken()))
    status, out, err = run("import_boundaries", path, "--municipality", "GM0489", "--kind", "wijk")
    assert status == 0, err
    assert CbsDistrict.objects.count() == 23 and "23 CBS-wijken" in out


# --- values that do not fit, in the boundary file -------------------------------------------------------------

def _with_first(change) -> str:  # type: ignore[no-untyped-def]
    document = factories.buurten()
    change(document["features"][0])
    return one_feature_per_line(document)


def _set(key, value):  # type: ignore[no-untyped-def]
    return lambda feature: feature["properties"].__setitem__(key, value)


def _deeply_nested() -> str:
    text = one_feature_per_line(factories.buurten())
    return text.replace('"jaar": 2024', '"jaar": 2024, "x": ' + "[" * 100_000 + "]" * 100_000, 1)


BAD_FEATURES = {
    "feature is not an object": (lambda: one_feature_per_line(factories.buurten()).replace(
        '{"type": "Feature"', '"Feature", {"type": "Feature"', 1), "feature 1 (zonder code, regel 2)"),
    "properties is a list": (lambda: _with_first(lambda f: f.__setitem__("properties", [1, 2])),
                             "feature 1 (zonder code, regel 2): properties"),
    "properties is text": (lambda: _with_first(lambda f: f.__setitem__("properties", "BU04890101")),
                           "feature 1 (zonder code, regel 2): properties"),
    "deeply nested": (_deeply_nested, "te diep genest"),
    "NaN key figure": (lambda: _with_first(_set("aantal_inwoners", float("nan"))),
                       "feature 1 (BU04890101, regel 2): kolom aantal_inwoners"),
    "Infinity key figure": (lambda: _with_first(_set("aantal_inwoners", float("inf"))),
                            "feature 1 (BU04890101, regel 2): kolom aantal_inwoners"),
    "1e400 key figure": (lambda: _with_first(_set("aantal_inwoners", 1)).replace(
        '"aantal_inwoners": 1,', '"aantal_inwoners": 1e400,', 1), "kolom aantal_inwoners"),
    "huge integer key figure": (lambda: _with_first(_set("aantal_inwoners", 10 ** 400)),
                                "feature 1 (BU04890101, regel 2): kolom aantal_inwoners"),
    "integer of 5000 digits": (lambda: _with_first(_set("woningvoorraad", 1)).replace(
        '"woningvoorraad": 1,', '"woningvoorraad": ' + "9" * 5000 + ",", 1), "geen bruikbare JSON"),
    "key figure beyond any area": (lambda: _with_first(_set("aantal_inwoners", 10 ** 15)),
                                   "feature 1 (BU04890101, regel 2): kolom aantal_inwoners"),
    "percentage above 100": (lambda: _with_first(_set("percentage_koopwoningen", 250)),
                             "kolom percentage_koopwoningen"),
    "negative count": (lambda: _with_first(_set("woningvoorraad", -5)), "kolom woningvoorraad"),
    "year 0": (lambda: _with_first(_set("jaar", 0)), "feature 1 (BU04890101, regel 2): jaar 0"),
    "year 99999": (lambda: _with_first(_set("jaar", 99999)), "feature 1 (BU04890101, regel 2): jaar 99999"),
    "year 2024.5": (lambda: _with_first(_set("jaar", 2024.5)), "jaar 2024.5"),
    "NUL in a name": (lambda: _with_first(_set("buurtnaam", "Cen\x00trum")), "feature 1 (BU04890101, regel 2)"),
    "lone surrogate in a name": (lambda: _with_first(_set("buurtnaam", "x")).replace(
        '"buurtnaam": "x"', '"buurtnaam": "\\ud800"', 1), "feature 1 (BU04890101, regel 2)"),
    "name longer than its column": (lambda: _with_first(_set("buurtnaam", "Centrum" * 30)),
                                    "langer dan 150 tekens"),
    "name is a number": (lambda: _with_first(_set("buurtnaam", 12)), "naam 12 is geen tekst"),
    "coordinate beyond float": (lambda: _with_first(lambda f: f.__setitem__("geometry", {
        "type": "Polygon", "coordinates": [[[10 ** 400, 51.85], [4.52, 51.86], [4.52, 51.85], [10 ** 400, 51.85]]]})),
        "feature 1 (BU04890101, regel 2)"),
    "NaN coordinate": (lambda: _with_first(lambda f: f.__setitem__("geometry", {
        "type": "Polygon", "coordinates": [[[float("nan"), 51.85], [4.52, 51.86], [4.52, 51.85],
                                            [float("nan"), 51.85]]]})),
        "feature 1 (BU04890101, regel 2)"),
}


@pytest.mark.parametrize("case", sorted(BAD_FEATURES))
def test_a_value_that_does_not_fit_is_refused_naming_the_feature(case, tmp_path):
    load_barendrecht()
    make, expected = BAD_FEATURES[case]
    path = write(tmp_path, make(), "buurten.geojson")
    refused(["import_boundaries", path, "--municipality", "GM0489"], expected)


@pytest.mark.parametrize("argv, expected", [
    (["--year", "99999"], "--year: jaar 99999 ligt niet tussen"),
    (["--year", "0"], "--year: jaar 0 ligt niet tussen"),
    (["--year", "2023"], "jaar 2024 in het bestand, maar --year 2023"),
    (["--municipality", "GM48"], "GM48"),
    (["--municipality", "GM٠٤٨٩"], "GM٠٤٨٩"),
])
def test_options_out_of_range_are_refused(argv, expected, tmp_path):
    load_barendrecht()
    path = write(tmp_path, factories.dumps(factories.buurten()))
    options = ["--municipality", "GM0489"] if "--municipality" not in argv else []
    refused(["import_boundaries", path, *options, *argv], expected)


def test_a_long_municipality_name_gets_a_slug_that_fits_its_column(tmp_path):
    name = "Gemeente met een naam die langer is dan vijftig tekens en dan nog wat"
    path = write(tmp_path, factories.dumps(factories.wijken()))
    status, _out, err = run("import_boundaries", path, "--municipality", "GM0489", "--municipality-name", name)
    assert status == 0, err
    municipality = Municipality.objects.get(code="GM0489")
    assert municipality.name == name
    assert len(municipality.slug) <= Municipality._meta.get_field("slug").max_length


def test_a_municipality_name_with_a_control_character_is_refused(tmp_path):
    document = factories.wijken()
    for feature in document["features"]:
        feature["properties"]["gemeentenaam"] = "Barend\x00recht"
    path = write(tmp_path, one_feature_per_line(document))
    refused(["import_boundaries", path, "--municipality", "GM0489"], "feature 1 (WK048901, regel 2): gemeentenaam")
    assert not Municipality.objects.exists()


def test_district_slugs_fit_their_column_when_long_names_clash(tmp_path):
    document = factories.wijken()
    for feature in document["features"][:2]:
        feature["properties"]["wijknaam"] = "Wijk " + "lang " * 29
    write(tmp_path, factories.dumps(document), "wijken.geojson")
    write(tmp_path, factories.dumps(factories.buurten()), "buurten.geojson")
    for name in ("wijken.geojson", "buurten.geojson"):
        status, _out, err = run("import_boundaries", str(tmp_path / name), "--municipality", "GM0489")
        assert status == 0, err
    limit = District._meta.get_field("slug").max_length
    assert all(len(slug) <= limit for slug in District.objects.values_list("slug", flat=True))
    assert District.objects.filter(code__in=["WK048901", "WK048902"]).count() == 2


# --- key figures CSV -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("csv, expected", [
    # A row that lost its buurtcode is not a row of its wijk.
    ("buurtcode,wijkcode,aantal_inwoners\nBU04890101,WK048901,5\n,WK048901,7\n", "Regel 3: kolom buurtcode"),
    ("buurtcode,aantal_inwoners\nWK048901,7\n", "Regel 2: kolom buurtcode bevat WK048901"),
    ("buurtcode,aantal_inwoners\nBU04890101,nan\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,inf\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,-Infinity\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,1e400\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,1_000\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,١٢\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,aantal_inwoners\nBU04890101,1e300\n", "Regel 2, kolom aantal_inwoners"),
    ("buurtcode,percentage_koopwoningen\nBU04890101,101\n", "Regel 2, kolom percentage_koopwoningen"),
    ("buurtcode,jaar,aantal_inwoners\nBU04890101,0,5\n", "Regel 2: jaar 0"),
    ("buurtcode,jaar,aantal_inwoners\nBU04890101,99999,5\n", "Regel 2: jaar 99999"),
    ("gwb_code,jaar,aantal_inwoners\n2023BU04890101,2024,5\n", "Regel 2: jaar 2024, maar de code noemt 2023"),
    ("buurtcode,aantal_inwoners\n" + "x" * 200_000 + ",5\n", "geen leesbare CSV"),
    ("buurtcode" + "x" * 200_000 + ",aantal_inwoners\nBU04890101,5\n", "Regel 1"),
])
def test_bad_key_figures_are_refused_naming_the_line(csv, expected, tmp_path):
    load_barendrecht()
    path = write(tmp_path, csv, "kerncijfers.csv")
    refused(["import_key_figures", path], expected)


def _load_two_years() -> None:
    load_barendrecht()
    for maker in (factories.wijken, factories.buurten):
        document = maker()
        for feature in document["features"]:
            feature["properties"]["jaar"] = 2023
        boundaries_import(raw=factories.dumps(document), municipality_code="GM0489")


def test_a_key_figure_row_without_year_is_refused_when_two_years_are_loaded(tmp_path):
    _load_two_years()
    path = write(tmp_path, "buurtcode,aantal_inwoners\nBU04890101,5\n", "kerncijfers.csv")
    refused(["import_key_figures", path], "Regel 2: BU04890101 is geladen voor 2023, 2024")


def test_a_jrstatcode_year_chooses_the_division(tmp_path):
    _load_two_years()
    path = write(tmp_path, "gwb_code,aantal_inwoners\n2023BU04890101,4321\n", "kerncijfers.csv")
    status, _out, err = run("import_key_figures", path)
    assert status == 0, err
    assert Neighbourhood.objects.get(code="BU04890101", year=2023).key_figures["aantal_inwoners"] == 4321
    assert Neighbourhood.objects.get(code="BU04890101", year=2024).key_figures["aantal_inwoners"] != 4321


# --- postcode table ------------------------------------------------------------------------------------------------

HEADER = "PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n"


@pytest.mark.parametrize("body, expected", [
    ("2991AB;1;4890101;48901;489\n2991AB;1;4890102;48901;489\n",
     "Regel 3: 2991AB 1 ligt volgens regel 2 in BU04890101, niet in BU04890102"),
    ("2991AB;99999999999;4890101;48901;489\n", "Regel 2: '99999999999' is geen huisnummer"),
    ("2991AB;100000;4890101;48901;489\n", "Regel 2: '100000' is geen huisnummer"),
    ("2991AB;٣;4890101;48901;489\n", "Regel 2"),
    ("2991AB;1_0;4890101;48901;489\n", "Regel 2"),
    ("2991AB;1;٤٨٩٠١٠١;48901;489\n", "Regel 2"),
    ("2991AB;1;4890101;48901;489\n2991AB;3;4890101;48901;489\n2991AB;5;4890101;48901;489\n"
     "2991AB;7;4890101;48901;489;extra\n", "Regel 5: meer velden"),
])
def test_bad_postcode_lines_are_refused_naming_the_line(body, expected, tmp_path):
    load_barendrecht()
    path = write(tmp_path, HEADER + body, "pc6hnr.csv")
    refused(["import_postcodes", path], expected)


def test_an_address_already_in_another_neighbourhood_is_refused(tmp_path):
    load_barendrecht()
    first = write(tmp_path, HEADER + "2991AB;1;4890101;48901;489\n", "a.csv")
    assert run("import_postcodes", first)[0] == 0
    second = write(tmp_path, HEADER + "2991AB;3;4890102;48901;489\n2991AB;1;4890102;48901;489\n", "b.csv")
    refused(["import_postcodes", second], "Regel 3: 2991AB 1 staat al in buurt BU04890101")
    assert Address.objects.count() == 1


@pytest.mark.parametrize("header, argv, expected", [
    ("PC6;Huisnummer;Buurt0000\n", [], "Regel 1, kolom Buurt0000: jaar 0"),
    ("PC6;Huisnummer;Buurt2024\n", ["--year", "99999"], "--year: jaar 99999"),
    ("PC6;Huisnummer;Buurt2024\n", ["--year", "2023"], "noemt 2024, maar --year 2023"),
])
def test_postcode_years_out_of_range_are_refused(header, argv, expected, tmp_path):
    load_barendrecht()
    path = write(tmp_path, header + "2991AB;1;4890101\n", "pc6hnr.csv")
    refused(["import_postcodes", path, *argv], expected)


def test_a_postcode_table_without_year_is_refused_when_two_years_are_loaded(tmp_path):
    _load_two_years()
    path = write(tmp_path, "PC6;Huisnummer;buurtcode\n2991AB;1;4890101\n", "pc6hnr.csv")
    refused(["import_postcodes", path], "geef het jaar op met --year")


def test_a_postcode_table_that_is_not_utf8_halfway_is_refused(tmp_path):
    load_barendrecht()
    body = (HEADER + "2991AB;1;4890101;48901;489\n" * 3000).encode() + b"2991AB;\xff;4890101;48901;489\n"
    path = write(tmp_path, body, "pc6hnr.csv")
    refused(["import_postcodes", path], "geen leesbare CSV")


def test_the_imports_still_load_the_packaged_barendrecht_files(tmp_path):
    """The happy path through the command line, so the checks above refuse only what they should."""
    data = factories.DATA
    for argv in (
        ["import_boundaries", str(data / "barendrecht_gemeente_2024.geojson"), "--municipality", "GM0489"],
        ["import_boundaries", str(data / "barendrecht_wijken_2024.geojson"), "--municipality", "GM0489"],
        ["import_boundaries", str(data / "barendrecht_buurten_2024.geojson"), "--municipality", "GM0489",
         "--kind", "buurt"],
        ["import_key_figures", str(data / "kerncijfers_2024_buurten_barendrecht.csv")],
    ):
        status, _out, err = run(*argv)
        assert status == 0, (argv, err)
    assert Neighbourhood.objects.count() == 62 and Municipality.objects.get().boundary is not None


def test_a_vanishing_land_area_leaves_the_district_density_unknown(tmp_path):
    """1e-300 ha is a number in range, but inhabitants per km² of it is not: unknown, not a traceback."""
    load_barendrecht()
    codes = Neighbourhood.objects.filter(district__code="WK048901").values_list("code", flat=True)
    rows = "".join(f"{code},600,1e-300\n" for code in codes)
    path = write(tmp_path, "buurtcode,aantal_inwoners,oppervlakte_land_in_ha\n" + rows, "kerncijfers.csv")
    status, _out, err = run("import_key_figures", path)
    assert status == 0, err
    assert District.objects.get(code="WK048901").key_figures["bevolkingsdichtheid_inwoners_per_km2"] is None
