"""/api/v1/ endpoints of the districts domain: districts, their boundaries, and point/address lookup.

Every district in an answer names its district alderman. Who that is, is governance's to say, and governance
builds on districts (not the other way round): governance's API plugs its answer in with `district_aldermen_from`
(api/v1.py does so where the routers are mounted), and these endpoints ask it through `DistrictAldermen`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from wijkgericht.districts import lookup, selectors
from wijkgericht.districts.lookup import Place
from wijkgericht.districts.models import District, Municipality
from wijkgericht.districts.paths import district_path
from wijkgericht.districts.postcodes import POSTCODE_PARAMETER, parse_house_number, parse_postcode

router = Router(tags=["wijken"])


class Error(Schema):
    detail: str


# Text parameters: anything but a NUL byte, which the site refuses with 400 before any view (frame/badinput.py).
NO_NUL = r"^[^\x00]*$"
MunicipalityParam = Annotated[str | None, Query(pattern=NO_NUL, examples=["GM0489"], description=(
    "CBS-code van de gemeente (GM0489) of haar naam in het adres; leeg: de gemeente van deze site"))]
CodeParam = Annotated[str, Path(pattern=NO_NUL, examples=["WK048909"],
                                description="CBS-code van de wijk, bijvoorbeeld WK048909")]

# Every endpoint can answer these: 400 for a parameter that is not what the document says (or holds a NUL byte),
# 404 for an unknown municipality or object.
ERRORS: dict[int, Any] = {400: Error, 404: Error}


class AldermanRef(Schema):
    id: int
    name: str
    slug: str
    party: str
    role: str


class MunicipalityRef(Schema):
    code: str
    name: str


class NeighbourhoodOut(Schema):
    code: str
    name: str
    year: int


class DistrictOut(Schema):
    code: str
    name: str
    slug: str
    url: str
    alderman: AldermanRef | None


class DistrictDetailOut(DistrictOut):
    municipality: MunicipalityRef
    character: str
    needs: list[str]
    face_is_example: bool
    division_year: int | None
    key_figures: dict[str, float | None]
    neighbourhoods: list[NeighbourhoodOut]
    alderman_on: str


class LookupOut(Schema):
    municipality: MunicipalityRef
    district: DistrictOut | None
    neighbourhood: NeighbourhoodOut
    matched_by: Literal["point", "address"]


def municipality_or_404(code: str | None) -> Municipality:
    """The API's municipality parameter: the municipality with this code, or the default one; 404 when it is not
    set up. Public: every router that takes `municipality` answers with this same message."""
    municipality = selectors.municipality_for(code)
    if municipality is None:
        raise HttpError(404, _("Gemeente %s is niet bekend.") % (code or _("(standaard)")))
    return municipality


class DistrictAldermen(Protocol):
    """Who is each district's alderman on one day: `day` (the board's reference date) and, per district, an
    AldermanRef as a dict, or None when the district has none that day."""

    day: dt.date

    def alderman_of(self, district_id: int) -> dict[str, Any] | None: ...


_aldermen_source: Callable[[Municipality], DistrictAldermen] | None = None


def district_aldermen_from(source: Callable[[Municipality], DistrictAldermen]) -> None:
    """Plug in who the district aldermen of a municipality are (governance's API does, see api/v1.py)."""
    global _aldermen_source
    _aldermen_source = source


def _aldermen(municipality: Municipality) -> DistrictAldermen:
    if _aldermen_source is None:
        raise ImproperlyConfigured("No source of district aldermen: mount the API through wijkgericht.api.v1, "
                                   "which plugs in governance's (district_aldermen_from).")
    return _aldermen_source(municipality)


def _district(district: District, municipality: Municipality, alderman: dict[str, Any] | None) -> dict[str, Any]:
    return {"code": district.code, "name": district.name, "slug": district.slug,
            "url": district_path(district, municipality), "alderman": alderman}


@router.get("/districts", response={200: list[DistrictOut], **ERRORS}, summary="De wijken van een gemeente")
def district_list(request: HttpRequest, municipality: MunicipalityParam = None) -> list[dict[str, Any]]:
    """All districts of the municipality (default: the configured one) with their district alderman."""
    place = municipality_or_404(municipality)
    aldermen = _aldermen(place)
    return [_district(d, place, aldermen.alderman_of(d.pk)) for d in selectors.district_list(municipality=place)]


def _feature(district: District, municipality: Municipality, alderman: dict[str, Any] | None) -> dict[str, Any]:
    properties = _district(district, municipality, alderman)
    properties["alderman"] = alderman["name"] if alderman else None
    return {"type": "Feature", "id": district.code, "properties": properties, "geometry": district.geometry}


GEOJSON_FEATURE = {"type": "object", "required": ["type", "id", "properties", "geometry"], "properties": {
    "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": "string"}, "properties": {"type": "object"},
    "geometry": {"type": ["object", "null"]}}}
GEOJSON_DOC = {200: {"description": "GeoJSON (RFC 7946), WGS84", "content": {"application/geo+json": {"schema": {
    "type": "object", "required": ["type", "features"], "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": GEOJSON_FEATURE}}}}}}}


@router.get("/districts.geojson", response=ERRORS, summary="Grenzen van alle wijken (GeoJSON)",
            openapi_extra={"responses": GEOJSON_DOC})
def district_geojson(request: HttpRequest, municipality: MunicipalityParam = None) -> JsonResponse:
    place = municipality_or_404(municipality)
    aldermen = _aldermen(place)
    collection = {"type": "FeatureCollection",
                  "features": [_feature(d, place, aldermen.alderman_of(d.pk))
                               for d in selectors.district_list(municipality=place)]}
    return JsonResponse(collection, content_type="application/geo+json")


@router.get("/districts/{code}", response={200: DistrictDetailOut, **ERRORS}, summary="Eén wijk",
            openapi_extra={"responses": {200: {"content": {"application/geo+json": {"schema": GEOJSON_FEATURE}}}}})
def district_detail(request: HttpRequest, code: CodeParam, municipality: MunicipalityParam = None,
                    format: Literal["json", "geojson"] = "json") -> Any:
    """One district with its face, key figures and neighbourhoods; `?format=geojson` gives its boundary as a
    GeoJSON Feature (application/geo+json) instead."""
    place = municipality_or_404(municipality)
    district = selectors.district_by_code(municipality=place, code=code)
    if district is None:
        return Status(404, {"detail": _("Wijk %(code)s bestaat niet in %(municipality)s.")
                     % {"code": code, "municipality": place.name}})
    aldermen = _aldermen(place)
    alderman = aldermen.alderman_of(district.pk)
    if format == "geojson":
        return JsonResponse(_feature(district, place, alderman), content_type="application/geo+json")
    return {
        **_district(district, place, alderman),
        "municipality": {"code": place.code, "name": place.name},
        "character": district.character,
        "needs": district.needs_list,
        "face_is_example": district.face_is_example,
        "division_year": place.division_year,
        "key_figures": district.key_figures,
        "neighbourhoods": list(selectors.district_neighbourhoods(district=district).values("code", "name", "year")),
        "alderman_on": aldermen.day.isoformat(),
    }


@router.get("/lookup", response={200: LookupOut, **ERRORS}, summary="Wijk en buurt bij een punt of adres")
def lookup_point(request: HttpRequest, lat: Annotated[float | None, Query(ge=-90, le=90, examples=[51.8555])] = None,
                 lon: Annotated[float | None, Query(ge=-180, le=180, examples=[4.5395])] = None,
                 postcode: Annotated[str | None, Query(pattern=POSTCODE_PARAMETER,
                                                       examples=["2991AB"])] = None,
                 number: Annotated[str | None, Query(pattern=r"^[1-9][0-9]{0,4}$",  # int() would take '1_0'
                                                     examples=["1"])] = None,
                 municipality: MunicipalityParam = None) -> Any:
    """Give either `lat` and `lon` (WGS84) or `postcode` and `number` (needs the CBS postcode table); with
    neither pair complete the answer is 400."""
    place = municipality_or_404(municipality)
    if lat is not None or lon is not None:
        if lat is None or lon is None:
            return Status(400, {"detail": _("Geef zowel lat als lon op.")})
        try:
            lat_f, lon_f = lookup.parse_point(lat, lon)
        except lookup.InvalidPoint as exc:
            return Status(400, {"detail": str(exc)})
        found = lookup.place_at(municipality=place, lat=lat_f, lon=lon_f)
        if found is None:
            return Status(404, {"detail": _("Het punt (%(lat)s, %(lon)s) ligt niet in gemeente %(name)s.")
                         % {"lat": lat_f, "lon": lon_f, "name": place.name}})
        return _lookup_result(place, found, "point")
    if postcode is not None or number is not None:
        pc = parse_postcode(postcode)
        if pc is None:
            return Status(400, {"detail": _("Geef een postcode als 1234AB.")})
        house_number = parse_house_number(number)
        if house_number is None:
            return Status(400, {"detail": _("Geef een huisnummer (een geheel getal groter dan 0).")})
        neighbourhood = selectors.address_neighbourhood(municipality=place, postcode=pc, number=house_number)
        if neighbourhood is None:
            if not selectors.has_address_table(municipality=place):
                return Status(404, {"detail": _("Zoeken op adres kan nog niet: de postcodetabel van %s is niet geladen.")
                             % place.name})
            return Status(404, {"detail": _("Adres %(pc)s %(nr)d ligt niet in gemeente %(name)s.")
                         % {"pc": pc, "nr": house_number, "name": place.name}})
        found = lookup.place_of(municipality=place, neighbourhood_code=neighbourhood.code)
        if found is None:
            return Status(404, {"detail": _("Adres %(pc)s %(nr)d ligt niet in gemeente %(name)s.")
                                % {"pc": pc, "nr": house_number, "name": place.name}})
        return _lookup_result(place, found, "address")
    return Status(400, {"detail": _("Geef lat en lon, of postcode en number.")})


def _lookup_result(municipality: Municipality, found: Place, matched_by: str) -> JsonResponse:
    """Built here to the LookupOut schema (a test validates it) and sent as is: the hottest endpoint skips
    re-validating a dict it just made."""
    return JsonResponse(_lookup_body(municipality, found, matched_by))


def _lookup_body(municipality: Municipality, found: Place, matched_by: str) -> dict[str, Any]:
    district = None
    if found.district_id is not None:
        alderman = _aldermen(municipality).alderman_of(found.district_id)
        district = {"code": found.district_code, "name": found.district_name, "slug": found.district_slug,
                    "url": found.district_url, "alderman": alderman}
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "district": district,
        "neighbourhood": {"code": found.neighbourhood_code, "name": found.neighbourhood_name, "year": found.year},
        "matched_by": matched_by,
    }
