"""districts.postcodes: one reading of postcodes and house numbers for the address search and the CBS table."""

from __future__ import annotations

import re

import pytest

from wijkgericht.districts.postcodes import (
    MAX_HOUSE_NUMBER,
    POSTCODE_PARAMETER,
    normalise_postcode,
    parse_house_number,
    parse_postcode,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2991AB", "2991AB"), ("2991 ab", "2991AB"), (" 2991\tAb ", "2991AB"), ("2991\u00a0AB", "2991AB"),
    ("0991AB", None), ("2991A", None), ("2991ABC", None), ("29911AB", None), ("٢٩٩١AB", None), ("", None), (None, None),
])
def test_parse_postcode(raw, expected):
    assert parse_postcode(raw) == expected


def test_what_the_api_parameter_accepts_parses():
    for raw in ["2991AB", "2991 ab", "2991aB"]:
        assert re.match(POSTCODE_PARAMETER, raw) and parse_postcode(raw) == "2991AB"
    assert normalise_postcode("2991 ab") == "2991AB"


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", 12), (" 7 ", 7), ("007", 7), (str(MAX_HOUSE_NUMBER), MAX_HOUSE_NUMBER), (12, 12),
    (str(MAX_HOUSE_NUMBER + 1), None), ("0", None), ("-1", None), ("+1", None), ("1_0", None), ("²", None),
    ("٣", None), ("12a", None), ("1" * 5000, None), ("", None), (None, None),
])
def test_parse_house_number(raw, expected):
    assert parse_house_number(raw) == expected
