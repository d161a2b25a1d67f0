import pytest

from wijkgericht.districts import keyfigures


def test_counts_are_summed_and_percentages_weighted_by_their_base():
    parts = [
        {"aantal_inwoners": 100.0, "percentage_personen_65_jaar_en_ouder": 10.0, "aantal_huishoudens": 50.0,
         "gemiddelde_huishoudsgrootte": 2.0},
        {"aantal_inwoners": 300.0, "percentage_personen_65_jaar_en_ouder": 30.0, "aantal_huishoudens": 150.0,
         "gemiddelde_huishoudsgrootte": 2.0},
    ]
    result = keyfigures.aggregate(parts)
    assert result["aantal_inwoners"] == 400
    assert result["aantal_huishoudens"] == 200
    assert result["percentage_personen_65_jaar_en_ouder"] == 25.0  # (100*10 + 300*30) / 400
    assert result["gemiddelde_huishoudsgrootte"] == 2.0


def test_suppressed_values_make_the_aggregate_unknown_not_zero():
    parts = [{"aantal_inwoners": 100.0, "woningvoorraad": None}, {"aantal_inwoners": 5.0, "woningvoorraad": 3.0}]
    result = keyfigures.aggregate(parts)
    assert result["woningvoorraad"] is None
    assert result["aantal_inwoners"] == 105


def test_a_percentage_over_an_unknown_base_is_unknown():
    parts = [{"aantal_inwoners": None, "percentage_personen_0_tot_15_jaar": 20.0},
             {"aantal_inwoners": 10.0, "percentage_personen_0_tot_15_jaar": 10.0}]
    assert keyfigures.aggregate(parts)["percentage_personen_0_tot_15_jaar"] is None


def test_an_empty_part_does_not_count_even_with_an_unknown_percentage():
    parts = [{"aantal_inwoners": 0.0, "percentage_personen_0_tot_15_jaar": None},
             {"aantal_inwoners": 10.0, "percentage_personen_0_tot_15_jaar": 10.0}]
    assert keyfigures.aggregate(parts)["percentage_personen_0_tot_15_jaar"] == 10.0


def test_density_is_recomputed_from_inhabitants_and_land_area():
    parts = [{"aantal_inwoners": 1000.0, "oppervlakte_land_in_ha": 50.0, "bevolkingsdichtheid_inwoners_per_km2": 1},
             {"aantal_inwoners": 1000.0, "oppervlakte_land_in_ha": 50.0, "bevolkingsdichtheid_inwoners_per_km2": 1}]
    assert keyfigures.aggregate(parts)["bevolkingsdichtheid_inwoners_per_km2"] == 2000


@pytest.mark.parametrize("raw, expected", [
    ("1610", 1610.0), ("2,1", 2.1), ("2.1", 2.1), ("", None), (".", None), ("-99997", None), (-99995, None),
    (None, None), (14, 14.0),
])
def test_parse_value(raw, expected):
    assert keyfigures.parse_value(raw) == expected


def test_parse_value_rejects_text():
    with pytest.raises(ValueError):
        keyfigures.parse_value("veel")


@pytest.mark.parametrize("column, key", [
    ("aantal_inwoners", "aantal_inwoners"), ("AantalInwoners_5", "aantal_inwoners"),
    ("HuishoudensTotaal_28", "aantal_huishoudens"), ("k_65JaarOfOuder_12", "percentage_personen_65_jaar_en_ouder"),
    ("A_INW", "aantal_inwoners"), ("mystery", None),
])
def test_columns_map_to_catalogue_keys(column, key):
    assert keyfigures.key_for_column(column) == key
