"""The yearly CBS refresh as docs/operations.md describes it: next year's boundaries and key figures are loaded
beside this year's without changing the site, and `--activate` moves the districts onto them; a district's figures
and outline then come from the new year only. Here, not in districts/tests: it reads the demo's packaged CBS files."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wijkgericht.demo.services import DATA
from wijkgericht.districts.models import District, Municipality, Neighbourhood

pytestmark = pytest.mark.django_db

KINDS = ("gemeente", "wijken", "buurten")


def _next_year(tmp_path):
    """The packaged 2024 files as if CBS published them for 2025 (same codes, 10 more residents per buurt)."""
    files = {}
    for kind in KINDS:
        text = (DATA / f"barendrecht_{kind}_2024.geojson").read_text(encoding="utf-8")
        files[kind] = tmp_path / f"{kind}_2025.geojson"
        files[kind].write_text(text.replace('"jaar": 2024', '"jaar": 2025'), encoding="utf-8")
    codes = Neighbourhood.objects.filter(year=2024).values_list("code", flat=True)
    files["kerncijfers"] = tmp_path / "kerncijfers_2025.csv"
    files["kerncijfers"].write_text("buurtcode,jaar,aantal_inwoners\n" + "".join(
        f"{code},2025,{Neighbourhood.objects.get(code=code, year=2024).key_figures['aantal_inwoners'] + 10}\n"
        for code in codes), encoding="utf-8")
    return files


def test_next_years_division_is_loaded_beside_and_then_activated(tmp_path):
    for kind in KINDS:
        call_command("import_boundaries", DATA / f"barendrecht_{kind}_2024.geojson", "--municipality", "GM0489")
    call_command("import_key_figures", DATA / "kerncijfers_2024_buurten_barendrecht.csv")
    centrum = District.objects.get(code="WK048901")
    before = dict(centrum.key_figures), centrum.geometry
    files = _next_year(tmp_path)

    for kind in KINDS:
        call_command("import_boundaries", files[kind], "--municipality", "GM0489")
    centrum.refresh_from_db()
    assert Municipality.objects.get(code="GM0489").division_year == 2024  # loaded, not active: the site is as it was
    assert (centrum.key_figures, centrum.geometry) == before

    call_command("import_boundaries", files["buurten"], "--municipality", "GM0489", "--activate")
    assert Municipality.objects.get(code="GM0489").division_year == 2025
    # Key figures after activating: the activating import writes the buurten file's own figures again.
    call_command("import_key_figures", files["kerncijfers"])
    centrum.refresh_from_db()
    neighbourhoods = 2 * Neighbourhood.objects.filter(district=centrum, year=2025).count()
    assert Neighbourhood.objects.filter(district=centrum).count() == neighbourhoods  # last year's stay, as history
    assert centrum.key_figures["aantal_inwoners"] == before[0]["aantal_inwoners"] + 10 * neighbourhoods // 2
    assert centrum.geometry == before[1]  # the same outline, not last year's and this year's together


def test_key_figures_without_a_year_are_refused_once_two_years_are_loaded(tmp_path):
    for kind in KINDS:
        call_command("import_boundaries", DATA / f"barendrecht_{kind}_2024.geojson", "--municipality", "GM0489")
    for kind, path in _next_year(tmp_path).items():
        if kind in KINDS:
            call_command("import_boundaries", path, "--municipality", "GM0489")
    undated = tmp_path / "kerncijfers.csv"
    undated.write_text("buurtcode,aantal_inwoners\nBU04890101,600\n", encoding="utf-8")
    with pytest.raises(CommandError, match="noemt geen jaar"):
        call_command("import_key_figures", undated)
