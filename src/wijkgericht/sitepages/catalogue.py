"""The open-data catalogue in DCAT-AP-NL (JSON-LD), for data.overheid.nl to harvest: one dcat:Catalog with the
municipality as publisher (its TOOI identifier), a dcat:Dataset per entry of opendata.datasets with its
distributions, and the API as a dcat:DataService. The @context is written out in full (no remote context), so a
harvester needs nothing but this document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wijkgericht.districts.models import Municipality
from wijkgericht.sitepages.models import SiteInfo
from wijkgericht.sitepages.opendata import LICENCES, Dataset

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:dateTime"},
}
LANGUAGE_NL = "http://id.loc.gov/vocabulary/iso639-1/nl"
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
AVAILABLE = "http://data.overheid.nl/status/beschikbaar"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


def tooi_uri(municipality: Municipality) -> str:
    """The municipality's identifier in TOOI (the government's list of organisations): gm + CBS number."""
    return f"https://identifier.overheid.nl/tooi/id/gemeente/{municipality.code.lower()}"


def _id(value: str) -> dict[str, str]:
    return {"@id": value}


def _nl(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "nl"}


def catalogue(municipality: Municipality, info: SiteInfo, datasets: list[Dataset], *, url: Callable[[str], str],
              catalogue_path: str, page_path: str, contact_path: str, api: dict[str, str], publisher: str,
              modified: str) -> dict[str, Any]:
    """The catalogue as a JSON-LD document. `url` makes a path absolute; `modified`: ISO date-time of the
    municipality's latest public change."""
    base = url(catalogue_path)
    publisher_node = {"@id": tooi_uri(municipality), "@type": "foaf:Organization", "foaf:name": _nl(publisher)}
    contact: dict[str, Any] = {"@type": "vcard:Organization", "vcard:fn": _nl(publisher),
                               "vcard:hasURL": _id(url(contact_path))}
    if info.contact_email:
        contact["vcard:hasEmail"] = _id(f"mailto:{info.contact_email}")
    if info.contact_phone:
        contact["vcard:hasTelephone"] = _id("tel:" + "".join(c for c in info.contact_phone if c.isdigit() or c == "+"))
    entries = []
    for dataset in datasets:
        if not dataset.distributions:
            continue  # nothing to download yet (no budget round has finished): not worth a harvester's listing
        licence = _id(LICENCES[dataset.licence])
        entry: dict[str, Any] = {
            "@id": f"{base}#{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{base}#{dataset.key}",
            "dct:title": _nl(dataset.title),
            "dct:description": _nl(dataset.description + (f" Bron: {dataset.attribution}." if dataset.attribution
                                                           else "")),
            "dct:publisher": publisher_node,
            "dcat:contactPoint": contact,
            "dct:language": _id(LANGUAGE_NL),
            "dct:license": licence,
            "dct:accessRights": _id(PUBLIC),
            "dct:spatial": _id(tooi_uri(municipality)),
            "dct:accrualPeriodicity": _id(dataset.frequency),
            "dct:modified": modified,
            "adms:status": _id(AVAILABLE),
            "dcat:theme": _id(dataset.theme),
            "dcat:keyword": [_nl(k) for k in dataset.keywords],
            "dcat:landingPage": _id(url(page_path) + f"#{dataset.key}"),
            "dcat:distribution": [],
        }
        for index, dist in enumerate((*dataset.distributions, *dataset.extra), start=1):
            node: dict[str, Any] = {
                "@id": f"{base}#{dataset.key}-{index}",
                "@type": "dcat:Distribution",
                "dct:title": _nl(dist.title),
                "dcat:accessURL": _id(url(dist.path)),
                "dct:format": _id(FILE_TYPE + dist.file_type),
                "dcat:mediaType": _id(MEDIA_TYPE + dist.media_type),
                "dct:license": licence,
            }
            if dist.download:
                node["dcat:downloadURL"] = _id(url(dist.path))
            entry["dcat:distribution"].append(node)
        entries.append(entry)
    service = {
        "@id": f"{base}#api",
        "@type": "dcat:DataService",
        "dct:title": _nl(f"API van Wijkgericht {municipality.name}"),
        "dcat:endpointURL": _id(url(api["base"])),
        "dcat:endpointDescription": _id(url(api["openapi"])),
        "dct:publisher": publisher_node,
        "dcat:contactPoint": contact,
        "dct:license": _id(LICENCES[info.data_licence]),
        "dcat:servesDataset": [_id(e["@id"]) for e in entries],
    }
    return {
        "@context": CONTEXT,
        "@id": base,
        "@type": "dcat:Catalog",
        "dct:title": _nl(f"Open data van Wijkgericht {municipality.name}"),
        "dct:description": _nl(f"De gegevens die gemeente {municipality.name} op haar site voor wijkgericht werken "
                               "openbaar maakt."),
        "dct:publisher": publisher_node,
        "dct:language": _id(LANGUAGE_NL),
        "dct:license": _id(LICENCES[info.data_licence]),
        "dct:modified": modified,
        "foaf:homepage": _id(url(page_path)),
        "dcat:dataset": entries,
        "dcat:service": [service],
    }
