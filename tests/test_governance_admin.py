"""The back office shows the assignment rules as form errors and never rewrites history."""

from __future__ import annotations

import pytest

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman, DistrictAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("beheer@example.nl", "een-lang-wachtwoord")
    sign_in_verified(client, user)
    return client


def test_overlapping_assignment_is_a_form_error(staff, barendrecht):
    nieuweland = District.objects.get(code="WK048909")
    bults = Alderman.objects.get(slug="nico-bults")
    response = staff.post("/admin/governance/districtassignment/add/", {
        "district": nieuweland.pk, "alderman": bults.pk, "valid_from": "2020-01-01", "valid_to": "2020-06-30",
        "note": "",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "hooguit één wijkwethouder" in page and "errornote" in page
    assert DistrictAssignment.objects.filter(district=nieuweland).count() == 1


def test_new_assignment_after_the_last_one_is_added(staff, barendrecht):
    nieuweland = District.objects.get(code="WK048909")
    bults = Alderman.objects.get(slug="nico-bults")
    response = staff.post("/admin/governance/districtassignment/add/", {
        "district": nieuweland.pk, "alderman": bults.pk, "valid_from": "2022-06-01", "note": "nieuw college",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DistrictAssignment.objects.filter(district=nieuweland).count() == 2


def test_closed_assignments_are_read_only_and_cannot_be_deleted(staff, barendrecht):
    assignment = DistrictAssignment.objects.filter(valid_to__isnull=False).first()
    page = staff.get(f"/admin/governance/districtassignment/{assignment.pk}/change/").content.decode()
    assert 'name="valid_from"' not in page and 'name="valid_to"' not in page
    response = staff.post(f"/admin/governance/districtassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert DistrictAssignment.objects.filter(pk=assignment.pk).exists()


def test_district_face_is_edited_and_regrouping_moves_neighbourhoods(staff, barendrecht):
    centrum = District.objects.get(code="WK048901")
    noord = District.objects.get(code="WK048902")
    moved = noord.neighbourhoods.first()
    chosen = [n.pk for n in centrum.neighbourhoods.all()] + [moved.pk]
    response = staff.post(f"/admin/districts/district/{centrum.pk}/change/", {
        "municipality": centrum.municipality_id, "code": centrum.code, "name": "Centrum", "slug": "centrum",
        "character": "Het hart van het dorp.", "needs": "Bankjes\nSchaduw", "photo_alt": "",
        "neighbourhood_set": chosen,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    centrum.refresh_from_db()
    assert centrum.character == "Het hart van het dorp." and not centrum.face_is_example
    moved.refresh_from_db()
    assert moved.district_id == centrum.pk
    noord.refresh_from_db()
    assert centrum.key_figures["aantal_inwoners"] == sum(n.key_figures["aantal_inwoners"]
                                                         for n in centrum.neighbourhoods.all())
    assert noord.key_figures["aantal_inwoners"] == sum(n.key_figures["aantal_inwoners"]
                                                       for n in noord.neighbourhoods.all())


def test_removing_a_neighbourhood_without_a_new_home_is_refused(staff, barendrecht):
    centrum = District.objects.get(code="WK048901")
    keep = [n.pk for n in centrum.neighbourhoods.all()][1:]
    response = staff.post(f"/admin/districts/district/{centrum.pk}/change/", {
        "municipality": centrum.municipality_id, "code": centrum.code, "name": "Centrum", "slug": "centrum",
        "character": "", "needs": "", "photo_alt": "", "neighbourhood_set": keep,
    })
    assert response.status_code == 200
    assert "andere wijk" in response.content.decode()
    assert centrum.neighbourhoods.count() == len(keep) + 1
