"""request_scope: the user's role scope is computed once per request (the page and the header both ask), never
shared between requests, and computed afresh when the request's user changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wijkgericht.accounts import roles
from wijkgericht.accounts.models import StaffRole
from wijkgericht.accounts.roles import request_scope, user_scope
from wijkgericht.accounts.tests.conftest import make_user
from wijkgericht.districts.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    municipality = Municipality.objects.create(code="GM9999", name="Proefdorp", slug="proefdorp")
    user = make_user("moderator@example.nl")
    StaffRole.objects.create(user=user, role=StaffRole.Role.MODERATOR, municipality=municipality)
    return user


def request_for(user):
    request = RequestFactory().get("/werkplek/")
    request.user = user
    return request


def test_second_call_in_one_request_issues_no_queries(moderator, django_assert_num_queries):
    request = request_for(moderator)
    with CaptureQueriesContext(connection) as first:
        scope = request_scope(request)
    assert len(first) > 0
    assert scope == user_scope(moderator) and scope.is_staff_member
    with django_assert_num_queries(0):
        assert request_scope(request) is scope


def test_two_requests_do_not_share_the_scope(moderator):
    first = request_for(moderator)
    request_scope(first)
    StaffRole.objects.filter(user=moderator).delete()
    second = request_for(moderator)
    with CaptureQueriesContext(connection) as queries:
        scope = request_scope(second)
    assert len(queries) > 0
    assert not scope.is_staff_member
    assert request_scope(first).is_staff_member  # the first request keeps what it saw


def test_another_user_on_the_request_gets_a_fresh_scope(moderator):
    request = request_for(AnonymousUser())
    assert not request_scope(request).is_staff_member
    request.user = moderator  # signed in during the request
    assert request_scope(request).is_staff_member
    request.user = AnonymousUser()  # signed out
    assert request_scope(request) == roles.ANONYMOUS



def test_every_staff_role_comes_in_one_query(moderator, django_assert_num_queries):
    """roles._offices is written out in SQL: each kind of role lands in its own set, and an alderman row of someone
    else, or a role of someone else, is not read."""
    from wijkgericht.districts.models import District
    from wijkgericht.governance.models import Alderman

    municipality = Municipality.objects.get(code="GM9999")
    other = Municipality.objects.create(code="GM9998", name="Naastdorp", slug="naastdorp")
    district = District.objects.create(municipality=municipality, code="WK999901", name="Centrum", slug="centrum")
    for role, where, in_district in ((StaffRole.Role.CIVIL_SERVANT, municipality, district),
                                     (StaffRole.Role.ADMINISTRATOR, other, None),
                                     (StaffRole.Role.COUNCIL_MEMBER, municipality, None)):
        StaffRole.objects.create(user=moderator, role=role, municipality=where, district=in_district)
    someone = make_user("iemand@example.nl")
    StaffRole.objects.create(user=someone, role=StaffRole.Role.MODERATOR, municipality=other)
    Alderman.objects.create(municipality=other, name="Anna", slug="anna", user=someone)
    with django_assert_num_queries(1):
        scope = user_scope(moderator)
    assert scope.moderator_municipality_ids == {municipality.pk}
    assert scope.civil_servant_district_ids == {district.pk}
    assert scope.administrator_municipality_ids == {other.pk}
    assert scope.council_municipality_ids == {municipality.pk}
    assert not scope.alderman_district_ids and not scope.portfolio_ids
