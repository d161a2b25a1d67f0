"""English for the names a municipality gives (issue #14): themes, activity kinds, portfolios and the coalition
agreement have a Dutch and an English column (django-modeltranslation), edited in the back office; the English
pages show the English name (without lang="nl"), or the Dutch one marked lang="nl" while no translation exists.
The map's credit line follows the page's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.agenda.models import Activity, ActivityKind
from wijkgericht.governance.models import Portfolio, Term
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import public_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("beheer@example.nl", "een-lang-wachtwoord")
    sign_in_verified(client, user)
    return client


def _public_item() -> Item:
    return (Item.objects.filter(status="published", merged_into__isnull=True)
            .select_related("theme", "district", "municipality").order_by("pk").first())


def test_the_demo_names_its_themes_portfolios_kinds_and_coalition_in_english(barendrecht):
    assert Theme.objects.get(municipality=barendrecht, slug="sport").name_en == "Sport and exercise"
    assert Portfolio.objects.get(municipality=barendrecht, name_nl="Verkeer en vervoer").name_en == "Traffic and transport"
    assert Term.objects.get(municipality=barendrecht).coalition_agreement_en.startswith("Unity in diversity")
    kind = ActivityKind.objects.get(municipality=barendrecht, slug="spreekuur")
    assert (kind.name_nl, kind.name_en) == ("Spreekuur", "Drop-in hour")
    with translation.override("en"):
        assert Theme.objects.get(municipality=barendrecht, slug="sport").name == "Sport and exercise"


def test_default_kinds_get_english_only_where_the_municipality_left_them_alone(barendrecht):
    from wijkgericht.agenda.services.kinds import kinds_english_defaults

    ActivityKind.objects.filter(municipality=barendrecht).update(name_en=None, description_en=None)
    ActivityKind.objects.filter(municipality=barendrecht, slug="evenement").update(name_nl="Buurtfeest")
    ActivityKind.objects.filter(municipality=barendrecht, slug="werkbezoek").update(name_en="Site visit")
    kinds_english_defaults(barendrecht)
    english = dict(ActivityKind.objects.filter(municipality=barendrecht).values_list("slug", "name_en"))
    assert english["spreekuur"] == "Drop-in hour"
    assert english["evenement"] is None  # renamed in Dutch: its own name, not ours
    assert english["werkbezoek"] == "Site visit"  # its own English stays


def test_a_name_without_english_falls_back_to_dutch(barendrecht):
    theme = Theme.objects.filter(municipality=barendrecht).first()
    Theme.objects.filter(pk=theme.pk).update(name_en=None)
    theme.refresh_from_db()
    assert theme.name_nl and theme.name_en is None
    with translation.override("en"):
        assert theme.name == theme.name_nl


def test_a_theme_named_in_english_in_the_back_office_shows_on_the_english_item_page(admin_client, barendrecht):
    item = _public_item()
    theme = item.theme
    form = admin_client.get(f"/admin/participation/theme/{theme.pk}/change/").content.decode()
    assert 'name="name_nl"' in form and 'name="name_en"' in form
    response = admin_client.post(f"/admin/participation/theme/{theme.pk}/change/", {
        "municipality": theme.municipality_id, "name_nl": theme.name_nl, "name_en": "Greenery and play",
        "slug": theme.slug, "portfolio": theme.portfolio_id, "icon": theme.icon, "order": theme.order,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    theme.refresh_from_db()
    assert theme.name_en == "Greenery and play" and theme.name_nl != "Greenery and play"

    dutch = Client().get(public_path(item)).content.decode()
    assert theme.name_nl in dutch and "Greenery and play" not in dutch
    english = Client().get(f"/en{public_path(item)}").content.decode()
    assert '<span>Greenery and play</span>' in english


def test_without_a_translation_the_english_page_marks_the_dutch_name(client, barendrecht):
    item = _public_item()
    Theme.objects.filter(pk=item.theme_id).update(name_en=None)
    english = client.get(f"/en{public_path(item)}").content.decode()
    assert f'<span lang="nl">{item.theme.name_nl}</span>' in english


def test_portfolio_and_coalition_agreement_in_english_on_the_board(client, barendrecht):
    term = Term.objects.filter(municipality=barendrecht).exclude(coalition_agreement="").first()
    if term is None:
        term = Term.objects.filter(municipality=barendrecht).first()
        Term.objects.filter(pk=term.pk).update(coalition_agreement_nl="Samen doen")
    Term.objects.filter(pk=term.pk).update(coalition_agreement_en="Doing it together")
    portfolio = Portfolio.objects.filter(municipality=barendrecht, name_nl="Sport").first() or \
        Portfolio.objects.filter(municipality=barendrecht).first()
    Portfolio.objects.filter(pk=portfolio.pk).update(name_en="Sports and exercise")
    barendrecht.content_version += 1  # as the back office does (PublicPagesAdmin): the cached pages move on
    barendrecht.save(update_fields=["content_version"])

    english = client.get("/en/wethouders/").content.decode()
    assert "Doing it together" in english and '<span lang="nl">Doing it together' not in english
    assert "<span>Sports and exercise</span>" in english
    dutch = client.get("/wethouders/").content.decode()
    assert "Doing it together" not in dutch and "Sports and exercise" not in dutch
    assert portfolio.name_nl in dutch


def test_activity_kind_in_english_on_the_agenda(client, barendrecht):
    activity = Activity.objects.filter(is_public=True).select_related("kind").order_by("starts_at").last()
    ActivityKind.objects.filter(pk=activity.kind_id).update(name_en="Neighbourhood walk")
    barendrecht.content_version += 1
    barendrecht.save(update_fields=["content_version"])
    english = client.get(f"/en/activiteiten/{activity.pk}/").content.decode()
    assert "Neighbourhood walk" in english
    assert "Neighbourhood walk" not in client.get(f"/activiteiten/{activity.pk}/").content.decode()


def test_a_row_made_while_english_is_active_still_has_its_dutch_name(barendrecht):
    portfolio = Portfolio.objects.filter(municipality=barendrecht).first()
    with translation.override("en"):
        theme = Theme.objects.create(municipality=barendrecht, name="Bruggen", slug="bruggen", portfolio=portfolio)
    theme.refresh_from_db()
    assert theme.name_nl == "Bruggen"
    with translation.override("nl"):
        assert Theme.objects.get(pk=theme.pk).name == "Bruggen"


def test_the_map_credit_follows_the_language(client, barendrecht):
    dutch = client.get("/vind-mijn-wijk/").content.decode()
    english = client.get("/en/vind-mijn-wijk/").content.decode()
    assert "Kaartgegevens &amp;copy; Kadaster" in dutch
    assert "Map data &amp;copy; Kadaster" in english and "Kaartgegevens" not in english


def test_the_back_office_offers_both_languages_for_every_translated_name(admin_client, barendrecht):
    portfolio = Portfolio.objects.filter(municipality=barendrecht).first()
    term = Term.objects.filter(municipality=barendrecht).first()
    kind = ActivityKind.objects.filter(municipality=barendrecht).first()
    for url, original, fields in (
            (f"/admin/governance/portfolio/{portfolio.pk}/change/", "name", ("name_nl", "name_en", "description_en")),
            (f"/admin/governance/term/{term.pk}/change/", "coalition_agreement",
             ("coalition_agreement_nl", "coalition_agreement_en")),
            (f"/admin/agenda/activitykind/{kind.pk}/change/", "name", ("name_nl", "name_en", "description_en"))):
        page = admin_client.get(url).content.decode()
        assert all(f'name="{field}"' in page for field in fields), url
        assert f'name="{original}"' not in page, url  # one field per language instead of the bare one
