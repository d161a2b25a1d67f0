"""Small CBS-like files for import tests, built from the packaged Barendrecht data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "demo" / "data" / "barendrecht"


def collection(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text())


def wijken() -> dict[str, Any]:
    return collection("barendrecht_wijken_2024.geojson")


def buurten() -> dict[str, Any]:
    return collection("barendrecht_buurten_2024.geojson")


def cbs_style(document: dict[str, Any]) -> dict[str, Any]:
    """The same features with the property names of CBS's own releases (WK_CODE, BU_NAAM, GM_CODE, JAAR)."""
    renamed = copy.deepcopy(document)
    mapping = {"wijkcode": "WK_CODE", "wijknaam": "WK_NAAM", "buurtcode": "BU_CODE", "buurtnaam": "BU_NAAM",
               "gemeentecode": "GM_CODE", "gemeentenaam": "GM_NAAM", "jaar": "JAAR"}
    for feature in renamed["features"]:
        feature["properties"] = {mapping.get(k, k): v for k, v in feature["properties"].items()}
    return renamed


def dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()
