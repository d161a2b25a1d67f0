"""The back office a municipality sets up with: themes, the alderman's account, staff roles (rules as form errors),
and the set-up page, as a superuser who passed the second factor."""

from __future__ import annotations

import pytest
from django.test import override_settings

from wijkgericht.accounts.models import StaffRole, User
from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman, Portfolio
from wijkgericht.participation.models import Theme

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def admin_client(client, barendrecht):
    sign_in_verified(client, User.objects.create_superuser("root@example.nl", PASSWORD))
    return client


def _theme_form(barendrecht, **fields) -> dict:
    sport = Portfolio.objects.get(municipality=barendrecht, name="Sport")
    return {"municipality": barendrecht.pk, "name_nl": "Speelplekken", "name_en": "", "slug": "speelplekken",
            "portfolio": sport.pk, "icon": "🛝", "order": "3", **fields}


def test_a_theme_is_made_in_the_back_office(admin_client, barendrecht):
    assert admin_client.get("/admin/participation/theme/add/").status_code == 200
    response = admin_client.post("/admin/participation/theme/add/", _theme_form(barendrecht))
    assert response.status_code == 302, response.content.decode()
    theme = Theme.objects.get(municipality=barendrecht, slug="speelplekken")
    assert (theme.portfolio.name, theme.icon, theme.order, theme.label) == ("Sport", "🛝", 3, "🛝 Speelplekken")
    listing = admin_client.get("/admin/participation/theme/").content.decode()
    assert "Speelplekken" in listing


def test_the_residents_form_offers_themes_in_their_order_with_their_icon(admin_client, barendrecht):
    from wijkgericht.participation.forms import SubmissionForm

    admin_client.post("/admin/participation/theme/add/", _theme_form(barendrecht, order="0"))
    Theme.objects.filter(municipality=barendrecht).exclude(slug="speelplekken").update(order=5)
    choices = [label for _value, label in SubmissionForm(municipality=barendrecht).fields["theme"].choices]
    assert choices[1] == "🛝 Speelplekken"  # after the empty choice


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"portfolio": ""}, "portfolio", "Kies de portefeuille van dit thema"),
    ({"name_nl": "Sport en bewegen", "slug": "nieuw"}, None, "al een thema met deze naam"),
])
def test_a_bad_theme_is_a_form_error(admin_client, barendrecht, fields, field, message):
    Theme.objects.update_or_create(municipality=barendrecht, name="Sport en bewegen", defaults={
        "slug": "sport-en-bewegen", "portfolio": Portfolio.objects.get(municipality=barendrecht, name="Sport")})
    before = Theme.objects.count()
    response = admin_client.post("/admin/participation/theme/add/", _theme_form(barendrecht, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Theme.objects.count() == before


def test_an_alderman_is_linked_to_an_account(admin_client, barendrecht):
    alderman = Alderman.objects.get(municipality=barendrecht, slug="cees-schaap")
    page = admin_client.get(f"/admin/governance/alderman/{alderman.pk}/change/").content.decode()
    assert "hoort bij één wethouder" in page  # the help text says how the link works
    account = User.objects.create_user("c.schaap@example.nl", PASSWORD)
    response = admin_client.post(f"/admin/governance/alderman/{alderman.pk}/change/",
                                 _alderman_form(alderman, user=account.pk), follow=True)
    alderman.refresh_from_db()
    assert alderman.user == account
    assert "nog geen tweede factor" in response.content.decode()  # told what happens at the first sign-in


def test_an_account_already_linked_is_refused(admin_client, barendrecht):
    taken = User.objects.create_user("wethouder@example.nl", PASSWORD)
    Alderman.objects.filter(municipality=barendrecht, slug="arnoud-proos").update(user=taken)
    alderman = Alderman.objects.get(municipality=barendrecht, slug="cees-schaap")
    before = alderman.user_id
    response = admin_client.post(f"/admin/governance/alderman/{alderman.pk}/change/",
                                 _alderman_form(alderman, user=taken.pk))
    assert response.status_code == 200
    assert "al gekoppeld aan Arnoud Proos" in response.content.decode()
    alderman.refresh_from_db()
    assert alderman.user_id == before


@override_settings(WIJKGERICHT_OTP_DEMO_SKIP=True)
def test_an_account_that_skips_the_second_factor_is_refused(admin_client, barendrecht):
    demo = User.objects.create_user("iemand@demo.invalid", PASSWORD)
    alderman = Alderman.objects.get(municipality=barendrecht, slug="cees-schaap")
    response = admin_client.post(f"/admin/governance/alderman/{alderman.pk}/change/",
                                 _alderman_form(alderman, user=demo.pk))
    assert response.status_code == 200 and "tweede factor overslaat" in response.content.decode()


def _alderman_form(alderman: Alderman, **fields) -> dict:
    data = {"municipality": alderman.municipality_id, "name": alderman.name, "slug": alderman.slug,
            "role": alderman.role, "party": alderman.party, "email": alderman.email, "phone": alderman.phone,
            "terms": [t.pk for t in alderman.terms.all()], "user": alderman.user_id or "",
            "holdings-TOTAL_FORMS": "0", "holdings-INITIAL_FORMS": "0"}
    holdings = list(alderman.holdings.all())
    data["holdings-TOTAL_FORMS"] = data["holdings-INITIAL_FORMS"] = str(len(holdings))
    for n, holding in enumerate(holdings):
        data.update({f"holdings-{n}-id": holding.pk, f"holdings-{n}-alderman": alderman.pk,
                     f"holdings-{n}-portfolio": holding.portfolio_id, f"holdings-{n}-term": holding.term_id,
                     f"holdings-{n}-is_example": "on" if holding.is_example else ""})
    return {**data, **fields}


def test_a_civil_servant_role_needs_its_district(admin_client, barendrecht):
    user = User.objects.create_user("regie@example.nl", PASSWORD)
    form = {"user": user.pk, "role": StaffRole.Role.CIVIL_SERVANT, "municipality": barendrecht.pk, "district": ""}
    response = admin_client.post("/admin/accounts/staffrole/add/", form)
    assert response.status_code == 200 and "kies de wijk" in response.content.decode()
    district = District.objects.get(code="WK048901")
    response = admin_client.post("/admin/accounts/staffrole/add/", {**form, "district": district.pk})
    assert response.status_code == 302
    assert StaffRole.objects.filter(user=user, district=district).exists()


def test_the_set_up_page_shows_the_steps_and_links_them(admin_client, barendrecht):
    index = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/inrichting/"' in index
    page = admin_client.get("/admin/inrichting/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "11 van 11 klaar" in html
    for url in ("/admin/participation/theme/", "/admin/governance/alderman/", "/admin/accounts/staffrole/",
                "/admin/governance/districtassignment/", "/admin/districts/municipality/"):
        assert f'href="{url}"' in html
    # The superuser has no role of their own: their workspace stays empty, and the page says so with a way out.
    assert "U hebt zelf nog geen rol" in html and "/admin/accounts/staffrole/add/?user=" in html


def test_the_set_up_page_says_nothing_about_roles_to_someone_with_one(admin_client, barendrecht):
    root = User.objects.get(email="root@example.nl")
    StaffRole.objects.create(user=root, role=StaffRole.Role.ADMINISTRATOR, municipality=barendrecht)
    assert "U hebt zelf nog geen rol" not in admin_client.get("/admin/inrichting/").content.decode()


def test_the_set_up_page_is_for_the_admin_only(client, barendrecht):
    response = client.get("/admin/inrichting/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    resident = User.objects.create_user("bewoner@example.nl", PASSWORD)
    client.force_login(resident)
    assert client.get("/admin/inrichting/").status_code == 302


def test_the_workspace_tells_a_superuser_without_a_role_where_to_get_one(admin_client, barendrecht):
    html = admin_client.get("/werkplek/").content.decode()
    assert html.count("U hebt nog geen rol") == 1 and 'href="/admin/inrichting/"' in html
    root = User.objects.get(email="root@example.nl")
    StaffRole.objects.create(user=root, role=StaffRole.Role.MODERATOR, municipality=barendrecht)
    assert "U hebt nog geen rol" not in admin_client.get("/werkplek/").content.decode()
