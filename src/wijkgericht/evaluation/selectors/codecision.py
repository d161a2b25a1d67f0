"""Measures of group codecision (see the package docstring for the interface)."""

from __future__ import annotations

MEASURES: tuple = ()
