"""Measures of group acquaintance (see the package docstring for the interface)."""

from __future__ import annotations

MEASURES: tuple = ()
