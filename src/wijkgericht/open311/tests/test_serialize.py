"""The JSON/XML writer alone: plain dicts in, the spec's shapes out, everything escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from wijkgericht.open311 import serialize

NASTY = '<script>alert("x")</script> & </description><evil/> \'quotes\''


def test_xml_escapes_markup_and_round_trips_the_text():
    body = serialize.to_xml("service_requests", [{"service_request_id": "1", "description": NASTY}])
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<script>" not in body and b"<evil/>" not in body and b"&lt;script&gt;" in body
    root = ET.fromstring(body)
    assert root.tag == "service_requests"
    (request,) = root
    assert request.tag == "request" and request.findtext("description") == NASTY


def test_xml_values_none_booleans_floats_and_nested_lists():
    body = serialize.to_xml("services", [{"service_code": "sport", "metadata": False, "group": None}])
    service = ET.fromstring(body).find("service")
    assert service.findtext("metadata") == "false"
    assert service.find("group") is not None and service.findtext("group") == ""
    definition = ET.fromstring(serialize.to_xml("service_definition", {"service_code": "x", "attributes": []}))
    assert definition.findtext("service_code") == "x" and len(definition.find("attributes")) == 0
    point = ET.fromstring(serialize.to_xml("service_requests", [{"lat": 51.8512345, "long": 4.5}])).find("request")
    assert float(point.findtext("lat")) == 51.8512345


def test_xml_drops_characters_xml_cannot_carry():
    body = serialize.to_xml("errors", serialize.errors([(400, "a\x00b\x0bc")]))
    assert ET.fromstring(body).findtext("error/description") == "abc"


def test_element_order_follows_the_row():
    body = serialize.to_xml("service_requests", [{"b": 1, "a": 2, "c": 3}])
    assert [child.tag for child in ET.fromstring(body).find("request")] == ["b", "a", "c"]


def test_errors_in_json_are_a_list_of_code_and_description():
    body, content_type = serialize.render("json", "errors", serialize.errors([(403, "api_key ontbreekt")]))
    assert content_type == "application/json; charset=utf-8"
    assert json.loads(body) == [{"code": 403, "description": "api_key ontbreekt"}]
    body, content_type = serialize.render("xml", "errors", serialize.errors([(404, "weg"), (400, "fout")]))
    assert content_type == "text/xml; charset=utf-8"
    errors = ET.fromstring(body)
    assert [(e.findtext("code"), e.findtext("description")) for e in errors] == [("404", "weg"), ("400", "fout")]


def test_json_keeps_unicode_and_escapes_as_json():
    assert json.loads(serialize.to_json([{"d": NASTY + " € ë"}])) == [{"d": NASTY + " € ë"}]
