"""GeoReport v2 bodies from plain Python values, as JSON or XML. No Django models here: the views hand in lists of
dicts whose keys are the spec's field names, in the spec's order.

XML follows the spec's shape: a root element, one child element per row, one element per field; lists inside a row
become a wrapper element with singular children (`attributes/attribute`). JSON is the same data as a list of objects
(the spec's "Spark convention"). None is `null` in JSON and an empty element in XML; booleans are `true`/`false`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
XML_CONTENT_TYPE = "text/xml; charset=utf-8"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# Plural wrapper → singular child, for lists nested in a row.
CHILD_TAGS = {"attributes": "attribute", "values": "value", "services": "service", "service_requests": "request",
              "errors": "error", "endpoints": "endpoint", "formats": "format"}

# Characters XML 1.0 cannot carry at all, not even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _XML_INVALID.sub("", str(value))


def _append(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _append(element, key, inner)
    elif isinstance(value, list | tuple):
        child = CHILD_TAGS.get(tag, "item")
        for inner in value:
            _append(element, child, inner)
    else:
        element.text = _text(value)


def to_xml(root: str, rows: Iterable[Mapping[str, Any]] | Mapping[str, Any]) -> bytes:
    """`rows` as `<root><child>…</child>…</root>`; a single mapping is the root's own fields (service_definition)."""
    element = ET.Element(root)
    if isinstance(rows, Mapping):
        for key, value in rows.items():
            _append(element, key, value)
    else:
        child = CHILD_TAGS[root]
        for row in rows:
            _append(element, child, row)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode").encode("utf-8")


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def render(fmt: str, root: str, data: list[Mapping[str, Any]] | Mapping[str, Any]) -> tuple[bytes, str]:
    """The body and content type for `fmt` ("json" or "xml")."""
    if fmt == "json":
        return to_json(data), JSON_CONTENT_TYPE
    return to_xml(root, data), XML_CONTENT_TYPE


def errors(items: Iterable[tuple[int, str]]) -> list[dict[str, Any]]:
    """The spec's error list: each error a code and a description meant for the user."""
    return [{"code": code, "description": description} for code, description in items]
