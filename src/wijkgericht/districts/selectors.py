"""Reads of the districts domain."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet

from wijkgericht.districts.models import Address, District, Municipality, Neighbourhood

_current: dict[str, Municipality] = {}


def municipality_by_code(code: str) -> Municipality | None:
    """The municipality, fresh as of this request.

    Every public request needs this row, because its version counters key all caches. The counters are read with
    one plain query; the full row (without its outline) is re-read only when they moved, since every edit of the
    municipality raises content_version. The object is shared within the process: treat it as read-only.
    """
    code = code.upper()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, geo_version, content_version FROM {Municipality._meta.db_table} WHERE code = %s", [code]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    cached = _current.get(code)
    if cached is None or (cached.pk, cached.geo_version, cached.content_version) != tuple(row):
        cached = Municipality.objects.defer("boundary").get(pk=row[0])
        _current[code] = cached
    return cached


def municipality_default() -> Municipality | None:
    return municipality_by_code(settings.WIJKGERICHT_DEFAULT_MUNICIPALITY)


def municipality_for(code: str | None) -> Municipality | None:
    """The municipality an address or request names by its code, or the default one when it names none; None when
    that municipality is not set up. The one lookup behind pages (frame.context.municipality_or_404), the API
    (districts.api.municipality_or_404) and Open311."""
    return municipality_by_code(code) if code else municipality_default()


def district_list(*, municipality: Municipality) -> QuerySet[District]:
    """Districts that have neighbourhoods in the active division (the ones on the map), by name."""
    return (
        District.objects.filter(municipality=municipality, neighbourhoods__year=municipality.division_year)
        .annotate(neighbourhood_count=Count("neighbourhoods"))
        .order_by("name")
    )


def district_by_code(*, municipality: Municipality, code: str) -> District | None:
    return District.objects.filter(municipality=municipality, code=code).first()


def district_neighbourhoods(*, district: District) -> QuerySet[Neighbourhood]:
    """Without geometry and key figures (large JSON); callers that need them ask for them."""
    return district.neighbourhoods.defer("geometry", "key_figures").order_by("name")


def address_neighbourhood(*, municipality: Municipality, postcode: str, number: int) -> Neighbourhood | None:
    address = (
        Address.objects.filter(
            postcode=postcode, number=number, neighbourhood__municipality=municipality,
            neighbourhood__year=municipality.division_year,
        )
        .select_related("neighbourhood__district")
        .first()
    )
    return address.neighbourhood if address else None


def has_address_table(*, municipality: Municipality) -> bool:
    return Address.objects.filter(neighbourhood__municipality=municipality,
                                  neighbourhood__year=municipality.division_year).exists()


def district_by_slug(*, municipality: Municipality, slug: str) -> District | None:
    return District.objects.filter(municipality=municipality, slug=slug).first()


def neighbourhood_names(*, municipality: Municipality) -> dict[int, list[str]]:
    """The names of each district's neighbourhoods in the active division, by name (the district index)."""
    names: dict[int, list[str]] = {}
    for district_id, name in (Neighbourhood.objects.filter(district__municipality=municipality,
                                                           year=municipality.division_year)
                              .order_by("name").values_list("district_id", "name")):
        names.setdefault(district_id, []).append(name)
    return names
