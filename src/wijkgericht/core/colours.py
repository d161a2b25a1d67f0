"""Colours a municipality sets for its own identity (docs: the back office's "Huisstijl"): parse `#rrggbb`, the WCAG
2.1 contrast ratio, and a darker shade for hover states. The identity's colours carry white text (buttons, badges)
and sit as text on white (links, secondary buttons), so each must reach 4.5:1 against white (WCAG 1.4.3)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
#: WCAG 2.1 AA for normal text.
MIN_CONTRAST = 4.5


def rgb(value: str) -> tuple[int, int, int]:
    """`#rrggbb` as three 0–255 numbers; ValueError for anything else."""
    if not HEX.match(value or ""):
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _luminance(value: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darker(value: str, amount: float = 0.2) -> str:
    """The colour mixed with `amount` black: a hover or pressed shade with at least the colour's contrast on white."""
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in rgb(value))


def validate_colour_on_white(value: str) -> None:
    """A model field's validator: `#rrggbb` with at least 4.5:1 contrast against white."""
    if not HEX.match(value or ""):
        raise ValidationError(_("Schrijf een kleur als # en zes tekens 0–9 of a–f, bijvoorbeeld #00689e."),
                              code="colour_format")
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _("Deze kleur is te licht: het contrast met wit is %(ratio)s op 1, en moet minstens 4,5 op 1 zijn. "
              "Kies een donkerder kleur, anders is tekst in of op deze kleur slecht te lezen."),
            code="colour_contrast", params={"ratio": f"{ratio:.1f}".replace(".", ",")})
