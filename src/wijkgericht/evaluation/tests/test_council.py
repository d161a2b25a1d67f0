"""The council (issue #13: "the college van B&W, the council and residents see it"): a council member (StaffRole
"raadslid") reads the evaluation's staff dashboard with its internal measures and makes and downloads the report,
municipality-wide and read only; every other page of the workspace and the admin refuse them; no second factor."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from wijkgericht.accounts.models import StaffRole
from wijkgericht.accounts.roles import needs_second_factor, user_scope
from wijkgericht.evaluation import selectors
from wijkgericht.evaluation.models import Report
from wijkgericht.participation.testing import make_user

pytestmark = pytest.mark.django_db
STAFF = "/werkplek/evaluatie/"
# The council member's part of the workspace: the evaluation's staff dashboard and the report (names in urls.py).
COUNCIL_PAGES = {"staff_dashboard", "staff_dashboard_csv", "staff_reports", "staff_report", "staff_report_pdf",
                 "staff_report_xlsx", "staff_report_csv"}


@pytest.fixture
def council(roles):
    user = make_user("raadslid@example.nl")
    StaffRole.objects.create(user=user, role=StaffRole.Role.COUNCIL_MEMBER, municipality=roles.municipality)
    return user


def _routes(patterns=None, prefix: str = ""):
    """Every route the resolver knows as (path with sample values, namespace:name)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = ""
        elif isinstance(pattern, RoutePattern):
            part = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", str(pattern))
        else:
            text = str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if any(c in text for c in "()[]?*+\\"):
                continue
            part = text
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + part, entry.name


def test_a_council_member_is_no_staff_member_and_needs_no_second_factor(council, roles):
    scope = user_scope(council)
    assert scope.is_council_member and not scope.is_staff_member and not scope.has_role
    assert scope.reads_evaluation(roles.municipality.id)
    assert not scope.reads_evaluation(roles.municipality.id + 1000)  # only their own municipality
    assert needs_second_factor(council) is False


def test_the_council_member_reads_the_internal_measures_and_gets_the_report(client, council, roles,
                                                                             django_capture_on_commit_callbacks):
    client.force_login(council)  # a password is all: no second factor
    response = client.get(STAFF)
    assert response.status_code == 200
    html = response.content.decode()
    assert "U ziet ook de interne maatstaven" in html
    for fn in selectors.MEASURES:
        if not fn.public:
            assert str(fn.label) in html
    assert f'href="{STAFF}"' in html and "Evaluatie voor de raad" in html  # the header leads them here
    assert ">Werkplek<" not in html
    assert client.get(STAFF + "maatstaven.csv").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(STAFF + "rapport/", {"van": "2023-01-01", "tot": "2023-12-31"})
    report = Report.objects.get()
    assert made.status_code == 302 and report.status == Report.Status.DONE, report.error
    pdf = client.get(f"{STAFF}rapport/{report.pk}/rapport.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"{STAFF}rapport/{report.pk}/tabellen.xlsx").status_code == 200


def test_signing_in_leads_the_council_member_to_the_evaluation(client, council):
    response = client.post("/account/inloggen/", {"username": council.email, "password": "een-lang-wachtwoord"})
    assert response.status_code == 302 and response["Location"] == STAFF, response.get("Location")


def test_every_other_workspace_page_and_the_admin_refuse_a_council_member(client, council, roles):
    """Not a list by hand: every route under /werkplek/ and /admin/ the resolver knows, GET and POST."""
    client.force_login(council)
    sample_values = re.compile(r"/(1|x)(/|\.|$)")
    checked = []
    for path, name in _routes():
        if not path.startswith(("/werkplek/", "/admin/")) or name in COUNCIL_PAGES or name == "logout":
            continue
        for method in (client.get, client.post):
            response = method(path)
            if path.startswith("/admin/"):  # Django's admin: not staff, so its sign-in (or a 403/404 page)
                assert response.status_code in (302, 403, 404), (path, response.status_code)
                if response.status_code == 302:
                    assert "login" in response["Location"] or "inloggen" in response["Location"], path
            elif sample_values.search(path):  # an object that does not exist: refused (403) or not found
                assert response.status_code in (403, 404, 405), (method.__name__, path, response.status_code)
            else:
                assert response.status_code in (403, 405), (method.__name__, path, response.status_code)
            checked.append(path)
    workspace = {p for p in checked if p.startswith("/werkplek/")}
    assert len([p for p in workspace if not sample_values.search(p)]) > 5 and len(workspace) > 15, len(workspace)
    assert not any(p.startswith("/werkplek/evaluatie/") for p in checked)  # the council's own pages aside

