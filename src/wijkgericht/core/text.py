"""Text as people typed it, made fit to store and show: one definition of the characters nobody can see.

Removed everywhere: control and format characters (Unicode categories Cc and Cf: NUL and the other C0/C1 controls,
soft hyphen, zero-width spaces and joiners, bidirectional embeddings, overrides and isolates, the byte-order mark,
tags), lone surrogates (Cs: they cannot be stored as UTF-8), and the characters that are not classed so but show
as nothing: Hangul fillers, Khmer inherent vowels, the combining grapheme joiner, variation selectors and the line
and paragraph separators. They let a name pass for another (a zero-width space inside "Wethouder"), make a text read differently from
what it holds (a right-to-left override), or hide words from a search. Multi-line text keeps its line breaks and
tabs (`MULTILINE`); a one-line value such as a pseudonym keeps none.

The cost: an emoji built with a zero-width joiner or a variation selector (a family, a rainbow flag) falls apart
into the emoji it is made of.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: What multi-line text (a description, a comment) keeps of the control characters: line breaks (LF, and the CR of
#: the CR LF a browser sends from a text area) and tabs.
MULTILINE = "\n\r\t"

_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Invisible, yet classed as letters (Lo), marks (Mn) or separators (Zl, Zp); U+2065 is unassigned in the block of
# invisible operators (U+2060–U+206F) and goes with its neighbours.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2028\u2029\u2065\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)


@lru_cache(maxsize=8192)
def is_invisible(char: str) -> bool:
    """Whether `char` (one character) is one of those removed: a control, format or invisible character."""
    return char in _INVISIBLE or unicodedata.category(char) in _REMOVED_CATEGORIES


def strip_invisible(value: str, *, keep: str = "") -> str:
    """`value` without control, format and invisible characters, except those in `keep` (e.g. MULTILINE)."""
    if value.isprintable() and not _INVISIBLE.intersection(value):  # the common case: nothing to remove
        return value
    return "".join(char for char in value if char in keep or not is_invisible(char))


def clean_text(value: str, *, max_length: int, field: str, required: bool = True) -> str:
    """Text as a person typed it, without invisible characters (line breaks and tabs stay) and outer white space;
    pages escape it on output (never marked safe). ValidationError, keyed on `field`, when it is empty but
    `required`, or longer than `max_length`."""
    text = strip_invisible(value or "", keep=MULTILINE).strip()
    if not text and required:
        raise ValidationError({field: _("Dit veld is verplicht.")})
    if len(text) > max_length:
        raise ValidationError({field: _("Maximaal %d tekens.") % max_length})
    return text
