"""The back office: every evaluation page opens; the moderation queue approves an open answer only in its
anonymised form; a decision saved there carries out its new district alderman through governance; the anonymous
answers have no page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.evaluation.models import Answer, Decision, OpenAnswer, Respondent, Response
from wijkgericht.evaluation.tests.dataset import build
from wijkgericht.governance.models import Alderman, DistrictAssignment
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_user("beheerder@example.nl")
    user.is_staff = user.is_superuser = True
    user.save()
    sign_in_verified(client, user)
    return client


def test_answers_have_no_admin_page():
    for model in (Respondent, Response, Answer):
        assert not admin.site.is_registered(model)


def test_pages_open(staff):
    data = build()
    for path in ("/admin/evaluation/survey/", f"/admin/evaluation/survey/{data.survey.pk}/change/",
                 "/admin/evaluation/openanswer/", "/admin/evaluation/profile/add/", "/admin/evaluation/decision/",
                 "/admin/evaluation/decision/add/"):
        assert staff.get(path).status_code == 200, path


def test_moderation_in_the_admin(staff):
    data = build()
    answer = OpenAnswer.objects.create(question=data.q_open, wave=data.wave, district=data.a,
                                       text="Mevrouw Jansen van nummer 3 veegt altijd de stoep")
    page = staff.get(f"/admin/evaluation/openanswer/{answer.pk}/change/").content.decode()
    assert "Mevrouw Jansen" in page
    staff.post(f"/admin/evaluation/openanswer/{answer.pk}/change/",
               {"public_text": "Een buurvrouw veegt altijd de stoep", "status": "approved"})
    answer.refresh_from_db()
    assert (answer.status, answer.public_text) == ("approved", "Een buurvrouw veegt altijd de stoep")
    assert answer.moderated_at is not None


def test_decision_with_a_new_district_alderman(staff):
    data = build()
    first = Alderman.objects.create(municipality=data.municipality, name="Eerste", slug="eerste")
    second = Alderman.objects.create(municipality=data.municipality, name="Tweede", slug="tweede")
    DistrictAssignment.objects.create(district=data.a, alderman=first, valid_from=dt.date(2024, 1, 1))
    response = staff.post("/admin/evaluation/decision/add/", {
        "municipality": data.municipality.pk, "title": "Aawijk krijgt een andere wijkwethouder",
        "decided_on": "2025-03-20", "districts": [data.a.pk], "measures": ["acquaintance.not_visited"],
        "owner": second.pk, "status": "open", "is_public": "on", "new_alderman": second.pk,
        "reassigned_district": data.a.pk, "reassign_from": "2025-04-01"})
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.measures == ["acquaintance.not_visited"]
    assert decision.assignment.alderman == second
    assert DistrictAssignment.objects.get(alderman=first).valid_to == dt.date(2025, 3, 31)
