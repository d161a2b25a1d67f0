"""Issue #16, part 2: the public pages that show a signed-in visitor nothing of their own outside the frame's slots
(`cached_page(personal_slots=True)`) serve them the page kept for everyone with their own account links and messages
filled in. For each such page: the visitor sees their own name and a working sign-out form, the kept page holds
nothing of them, another visitor does not see them, and the page is still never stored by a browser or proxy."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db


def _addresses(roles) -> list[str]:
    district = District.objects.filter(municipality=roles.municipality).order_by("pk").first()
    alderman = Alderman.objects.filter(municipality=roles.municipality).order_by("pk").first()
    return ["/", "/wijken/", f"/wijken/{district.slug}/", f"/wijken/{district.slug}/inbreng/", "/inbreng/",
            "/inbreng/?q=bank", "/wethouders/", f"/wethouders/{alderman.slug}/", "/activiteiten/", "/wijkbudget/",
            "/evaluatie/", "/privacy/", "/toegankelijkheid/", "/contact/", "/over/", "/data/", "/en/",
            "/en/inbreng/", f"/gemeenten/{roles.municipality.code}/inbreng/"]


def _kept() -> list[str]:
    keys = [key.split(":", 2)[2] for key in cache._cache if key.split(":", 2)[2].startswith("page:")]
    return [cache.get(key).content.decode() for key in keys]


def test_every_page_with_slots_is_the_visitors_own_and_keeps_nothing_of_them(roles):
    first, second = Client(), Client()
    first.force_login(roles.resident)
    second.force_login(roles.other_resident)
    addresses = _addresses(roles)
    for address in addresses:
        mine = first.get(address)
        assert mine.status_code == 200, address
        html = mine.content.decode()
        assert roles.resident.pseudonym in html and "csrfmiddlewaretoken" in html, address
        assert {"no-store", "private"} <= {d.strip() for d in mine["Cache-Control"].split(",")}, address
    kept = _kept()
    assert len(kept) == len(addresses)  # a signed-in visit keeps each page, rendered for no one in particular
    for page in kept:
        assert roles.resident.pseudonym not in page and "csrfmiddlewaretoken" not in page
    for address in addresses:
        theirs = second.get(address).content.decode()
        assert roles.other_resident.pseudonym in theirs and roles.resident.pseudonym not in theirs, address
        anonymous = Client().get(address).content.decode()
        assert roles.resident.pseudonym not in anonymous and "csrfmiddlewaretoken" not in anonymous, address
    assert len(_kept()) == len(addresses)  # and every later visitor was served those


def test_staff_see_their_workspace_link_on_a_kept_page(roles):
    from wijkgericht.accounts.testing import sign_in_verified

    Client().get("/inbreng/")
    staff = Client()
    sign_in_verified(staff, roles.moderator)
    html = staff.get("/inbreng/").content.decode()
    assert "/werkplek/" in html and roles.moderator.pseudonym in html
    assert "/werkplek/" not in Client().get("/inbreng/").content.decode()
