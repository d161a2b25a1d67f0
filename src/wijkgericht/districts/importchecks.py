"""Checks every import applies to what it reads before anything reaches a database column.

A value is refused, with a message the importer places after the feature or line it came from, rather than
reinterpreted: no year 0 or 99999 in a small-integer column, no text PostgreSQL refuses (NUL) or a page cannot show
(control characters, lone surrogates), no text longer than its column, and no JSON that Python reads but JSON does
not allow (NaN, Infinity) or that is nested too deeply to read at all.
"""

from __future__ import annotations

import json
import re
import reprlib
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

# CBS divisions exist from the 1990s; a year outside this range is a typo, not a division.
MIN_YEAR = 1900
MAX_YEAR = 2100


class ValueRefused(ValueError):
    """A value that does not fit; the message says why (in Dutch) without saying where."""


class NonFinite:
    """What JSON's non-standard `NaN`, `Infinity` and `-Infinity` are read as: not a number, so every check
    that wants a number or a text refuses it where it is used, naming the feature."""

    def __init__(self, token: str):
        self.token = token

    def __repr__(self) -> str:
        return self.token

    __str__ = __repr__


class JsonRefused(Exception):
    """The document cannot be read as JSON; the message says why."""


def load_json(raw: bytes | str) -> tuple[Any, str]:
    """The document and its text. Raises JsonRefused for bytes that are not UTF-8, for what is not JSON, and for
    nesting deeper than Python can follow (a RecursionError otherwise)."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonRefused(_("Het bestand is geen UTF-8-tekst: %s") % exc) from exc
    else:
        text = raw
    try:
        return json.loads(text, parse_constant=NonFinite), text
    except json.JSONDecodeError as exc:
        raise JsonRefused(_("Het bestand is geen geldige JSON: %s") % exc) from exc
    except RecursionError as exc:
        raise JsonRefused(_("Het bestand is geen bruikbare JSON: het is te diep genest.")) from exc
    except ValueError as exc:  # an integer of more than 4300 digits
        raise JsonRefused(_("Het bestand is geen bruikbare JSON: %s") % exc) from exc


_WS = re.compile(r"[ \t\n\r]*")


def feature_lines(text: str) -> list[int]:
    """The line on which each element of the top-level object's `features` array starts; [] when unknown.

    Only called when a message needs it, so a good file is read once.
    """
    decoder = json.JSONDecoder(parse_constant=NonFinite)
    try:
        pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
        if text.startswith("\ufeff", pos):
            pos += 1
        if text[pos] != "{":
            return []
        pos += 1
        starts: list[int] = []
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                break
            key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]  # past ':'
            if key == "features" and text[pos] == "[":
                starts, pos = [], pos + 1
                while True:
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == "]":
                        pos += 1
                        break
                    starts.append(pos)
                    _, pos = decoder.raw_decode(text, pos)
                    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                    if text[pos] == ",":
                        pos += 1
            else:
                _, pos = decoder.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == ",":
                pos += 1
    except (ValueError, IndexError, RecursionError):
        return []
    lines, line, previous = [], 1, 0
    for start in starts:
        line += text.count("\n", previous, start)
        lines.append(line)
        previous = start
    return lines


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlevel = 3


def shown(value: object) -> str:
    """A value as a message quotes it: short, and safe for a list nested 990 deep (plain repr would recurse)."""
    return _SHORT.repr(value)


def check_year(value: object) -> int:
    """A division year: a whole number (2024, "2024" or 2024.0) from MIN_YEAR to MAX_YEAR."""
    if isinstance(value, bool):
        raise ValueRefused(_("jaar %s is geen jaartal") % shown(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ValueRefused(_("jaar %s is geen jaartal") % shown(value))
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ValueRefused(_("jaar %(year)d ligt niet tussen %(min)d en %(max)d")
                           % {"year": value, "min": MIN_YEAR, "max": MAX_YEAR})
    return value


def check_text(value: object, *, max_length: int, what: str) -> str:
    """A name as stored: text, not empty, at most `max_length` characters, without control characters (NUL is
    refused by PostgreSQL; a tab or line break has no place in a name) and encodable as UTF-8."""
    if not isinstance(value, str):
        raise ValueRefused(_("%(what)s %(value)s is geen tekst") % {"what": what, "value": shown(value)})
    text = value.strip()
    if not text:
        raise ValueRefused(_("%s is leeg") % what)
    if len(text) > max_length:
        raise ValueRefused(_("%(what)s is langer dan %(max)d tekens") % {"what": what, "max": max_length})
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise ValueRefused(_("%(what)s %(value)s bevat een stuurteken") % {"what": what, "value": shown(text)})
    return text
