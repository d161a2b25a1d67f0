"""Reads of the districts domain."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, QuerySet

from wijkgericht.districts.models import Address, District, Municipality, Neighbourhood


def municipality_default() -> Municipality | None:
    return Municipality.objects.filter(code=settings.WIJKGERICHT_DEFAULT_MUNICIPALITY).first()


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code.upper()).first()


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
    return district.neighbourhoods.order_by("name")


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
