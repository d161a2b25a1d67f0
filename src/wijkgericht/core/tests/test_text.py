"""core.text: one definition of the characters nobody can see, for pseudonyms and for what residents write."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from wijkgericht.core.text import MULTILINE, clean_text, is_invisible, strip_invisible

# One of each kind: C0 and C1 controls, DEL, soft hyphen, zero-width space/joiners, left-to-right mark, a bidi
# override and isolate, word joiner, byte-order mark, a tag, Hangul fillers, Khmer inherent vowel, combining
# grapheme joiner, variation selectors, line and paragraph separators, a lone surrogate.
INVISIBLE = ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u00ad", "\u061c", "\u200b", "\u200c", "\u200d", "\u200e",
             "\u202e", "\u2066", "\u2060", "\ufeff", "\U000e0041", "\u115f", "\u1160", "\u3164", "\uffa0",
             "\u17b4", "\u034f", "\u180b", "\ufe0f", "\u2028", "\u2029", "\ud800"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_every_kind_of_invisible_character_goes(char):
    assert is_invisible(char)
    assert strip_invisible(f"Wet{char}houder") == "Wethouder"
    assert clean_text(f"Wet{char}houder", max_length=20, field="title") == "Wethouder"


@pytest.mark.parametrize("text", ["Jan de Vries", "Ça va? Één straat, één plein.", "Δήμος", "Гемеente", "市政",
                                  "\u00a0non-breaking\u2009thin", "😀", "e\u0301"])
def test_visible_text_stays_as_it_is(text):
    assert strip_invisible(text) == text
    assert clean_text(text, max_length=100, field="title") == text.strip()


def test_multiline_text_keeps_its_line_breaks_and_tabs_a_one_line_value_does_not():
    text = "Eerste regel\r\nTweede\tregel\nDerde\u2028regel"
    assert clean_text(text, max_length=100, field="description") == "Eerste regel\r\nTweede\tregel\nDerderegel"
    assert strip_invisible(text) == "Eerste regelTweederegelDerderegel"
    assert strip_invisible(text, keep=MULTILINE) == "Eerste regel\r\nTweede\tregel\nDerderegel"


def test_clean_text_checks_presence_and_length_after_cleaning():
    with pytest.raises(ValidationError) as empty:
        clean_text(" \u200b\x00 \n", max_length=10, field="title")
    assert empty.value.message_dict == {"title": ["Dit veld is verplicht."]}
    assert clean_text(" \u200b ", max_length=10, field="note", required=False) == ""
    assert clean_text("a\u200b" * 10, max_length=10, field="title") == "a" * 10
    with pytest.raises(ValidationError) as long:
        clean_text("a" * 11, max_length=10, field="title")
    assert long.value.message_dict == {"title": ["Maximaal 10 tekens."]}


@given(st.text())
def test_nothing_invisible_is_left_and_nothing_visible_is_lost(text):
    cleaned = strip_invisible(text)
    assert not any(is_invisible(char) for char in cleaned)
    assert cleaned == "".join(char for char in text if not is_invisible(char))
    assert all(unicodedata.category(char) not in ("Cc", "Cf", "Cs") for char in cleaned)
