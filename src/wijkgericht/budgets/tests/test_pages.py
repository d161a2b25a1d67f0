"""The round, proposal and review-desk pages through HTTP, in every role: what each may see and do, what is
refused, and odd input answered with a Dutch message."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from wijkgericht.accounts.testing import sign_in_verified
from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import Proposal, RealisationUpdate
from wijkgericht.budgets.services.proposals import proposal_count_outcome
from wijkgericht.budgets.tests.round_setup import make_round, proposal_in, share_of
from wijkgericht.participation import workflow as item_workflow
from wijkgericht.participation.models import Follow, Item, Support, Theme
from wijkgericht.participation.services import item_transition
from wijkgericht.participation.testing import submit

pytestmark = pytest.mark.django_db
ROLES = ("resident", "district_alderman", "portfolio_holder", "civil_servant", "moderator", "administrator")
TEAM = ("district_alderman", "civil_servant", "administrator")


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("phase", "says"), [
    (workflow.PROPOSALS, "U kunt zelf een voorstel indienen"),
    (workflow.REVIEW, "Het stemmen begint op"),
    (workflow.VOTING, "Stemmen kan tot en met"),
])
def test_each_phase_page_says_what_happens_what_you_can_do_and_until_when(client, roles, phase, says):
    round = make_round(roles, phase)
    page = text(client.get(f"/wijkbudget/{round.slug}/"))
    assert "Wat gebeurt er?" in page and "Wat kunt u doen?" in page and says in page
    assert "De regels" in page and "€ 50.000" in page
    assert round.title in text(client.get("/wijkbudget/"))


def test_the_submit_button_only_in_the_proposal_phase(client, roles):
    round = make_round(roles, workflow.PROPOSALS)
    assert "voorstel-indienen" in text(client.get(f"/wijkbudget/{round.slug}/"))
    review = make_round(roles, workflow.REVIEW, slug="beoordelen")
    assert "voorstel-indienen" not in text(client.get(f"/wijkbudget/{review.slug}/"))


def test_an_unpublished_round_or_unknown_one_is_not_found(client, roles):
    round = make_round(roles, published=False)
    assert client.get(f"/wijkbudget/{round.slug}/").status_code == 404
    assert client.get("/wijkbudget/bestaat-niet/").status_code == 404
    assert client.get(f"/gemeenten/GM9999/wijkbudget/{round.slug}/").status_code == 404


def test_the_round_page_moves_the_round_on_when_loaded(client, roles):
    from wijkgericht.budgets.models import Round
    from wijkgericht.budgets.tests.round_setup import dates

    round = make_round(roles, workflow.DRAFT)
    Round.objects.filter(pk=round.pk).update(**dates(workflow.PROPOSALS))
    assert "U kunt zelf een voorstel indienen" in text(client.get(f"/wijkbudget/{round.slug}/"))
    round.refresh_from_db()
    assert round.phase == workflow.PROPOSALS


def form_data(roles, round, **extra):
    share = share_of(round)
    theme = Theme.objects.get(municipality=roles.municipality, slug="sport")
    return {"share": share.pk, "title": "Bankjes bij de vijver", "description": "Meer plekken om te zitten.",
            "theme": theme.pk, "where": f"{share.pk}:BU04890918", "estimated_cost": "8000", **extra}


def test_a_resident_submits_a_proposal_through_the_form(client, roles):
    round = make_round(roles)
    url = f"/wijkbudget/{round.slug}/voorstel-indienen/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(roles.resident)
    assert "Voorstel indienen" in text(client.get(url))
    response = client.post(url, form_data(roles, round))
    assert response.status_code == 302 and "/mijn-inbreng/" in response["Location"]
    proposal = Proposal.objects.get(share__round=round)
    assert proposal.item.neighbourhood.code == "BU04890918" and proposal.item.author == roles.resident
    response = client.post(url, form_data(roles, round, where=f"{share_of(round).pk}:wijk", title="Hele wijk"))
    assert response.status_code == 302
    assert Proposal.objects.filter(share__round=round).count() == 2


@pytest.mark.parametrize(("extra", "message"), [
    ({"estimated_cost": "-5"}, "€ 1 of meer"),
    ({"estimated_cost": "12,50"}, "hele euro"),
    ({"estimated_cost": "9" * 30}, "te hoog"),
    ({"estimated_cost": "60000"}, "meer dan het hele budget"),
    ({"estimated_cost": "٣٠٠"}, ""),  # Arabic-Indic digits: Django reads them as 300; accepted or refused, never a 500
    ({"title": ""}, "Geef uw voorstel een titel"),
    ({"where": "1:BU00000000"}, "Kies een buurt uit de lijst"),
    ({"where": "BU04890918"}, "Kies een buurt uit de lijst"),
    ({"theme": "999999"}, "Kies een thema uit de lijst"),
    ({"title": "Ba\u200bnkje"}, ""),
])
def test_odd_input_gets_a_dutch_message(client, roles, extra, message):
    round = make_round(roles)
    client.force_login(roles.resident)
    response = client.post(f"/wijkbudget/{round.slug}/voorstel-indienen/", form_data(roles, round, **extra))
    assert response.status_code in (302, 400)
    if message:
        assert response.status_code == 400 and message in text(response)


def test_submitting_outside_the_phase_shows_why(client, roles):
    round = make_round(roles, workflow.REVIEW)
    client.force_login(roles.resident)
    page = client.get(f"/wijkbudget/{round.slug}/voorstel-indienen/")
    assert "Indienen kan nu niet" in text(page)
    client.post(f"/wijkbudget/{round.slug}/voorstel-indienen/", form_data(roles, round))
    assert not Proposal.objects.filter(share__round=round).exists()


def test_an_unconfirmed_account_is_told_to_confirm(client, roles):
    round = make_round(roles)
    roles.resident.email_verified_at = None
    roles.resident.save()
    client.force_login(roles.resident)
    response = client.post(f"/wijkbudget/{round.slug}/voorstel-indienen/", form_data(roles, round))
    assert response.status_code == 400 and "Bevestig eerst uw e-mailadres" in text(response)


def test_the_proposal_page_shows_review_advice_and_both_links(client, roles):
    round = make_round(roles, workflow.REVIEW)
    proposal = proposal_in(roles, share_of(round), workflow.ADMITTED, cost=12_000)
    page = text(client.get(f"/wijkbudget/{round.slug}/voorstellen/{proposal.pk}/"))
    assert "Volgens de gemeente: € 12.000" in page and "gaf advies" in page
    assert f"/wijken/nieuweland/inbreng/{proposal.item_id}/" in page  # the proposal links to its item
    item_page = text(client.get(f"/wijken/nieuweland/inbreng/{proposal.item_id}/"))
    assert f"/wijkbudget/{round.slug}/voorstellen/{proposal.pk}/" in item_page  # and the item to its proposal


def test_an_unmoderated_proposal_is_not_public(client, roles):
    round = make_round(roles)
    item = submit(roles)
    proposal = Proposal.objects.create(share=share_of(round), item=item)
    assert client.get(f"/wijkbudget/{round.slug}/voorstellen/{proposal.pk}/").status_code == 404
    assert item.title not in text(client.get(f"/wijkbudget/{round.slug}/"))


def test_residents_support_follow_and_withdraw_on_the_proposal_page(client, roles):
    round = make_round(roles, workflow.REVIEW)
    proposal = proposal_in(roles, share_of(round), workflow.FEASIBLE)
    url = f"/wijkbudget-voorstellen/{proposal.pk}/"
    assert client.post(url + "steun/").status_code == 302  # to sign-in
    assert not Support.objects.filter(item=proposal.item).exists()
    client.force_login(roles.other_resident)
    assert client.get(url + "steun/").status_code == 405
    client.post(url + "steun/")
    assert Support.objects.filter(item=proposal.item, user=roles.other_resident).exists()
    client.post(url + "ontvolg/")
    assert not Follow.objects.filter(item=proposal.item, user=roles.other_resident).exists()
    client.post(url + "intrekken/")  # not theirs
    proposal.refresh_from_db()
    assert proposal.status == workflow.FEASIBLE
    assert client.post(url + "onzin/").status_code == 404
    client.force_login(roles.resident)
    client.post(url + "intrekken/")
    proposal.refresh_from_db()
    assert proposal.status == workflow.WITHDRAWN


@pytest.mark.parametrize("who", ROLES)
def test_the_desk_in_every_role(client, roles, who):
    round = make_round(roles, workflow.REVIEW)
    proposal = proposal_in(roles, share_of(round))
    sign_in_verified(client, getattr(roles, who))
    desk = client.get("/werkplek/wijkbudget/")
    page = client.get(f"/werkplek/wijkbudget/voorstellen/{proposal.pk}/")
    if who == "resident":
        assert desk.status_code == 403 and page.status_code == 403
    elif who in TEAM:
        assert proposal.item.title in text(desk) and page.status_code == 200 and "Beoordelen" in text(page)
    else:
        assert proposal.item.title not in text(desk) and page.status_code == 404


def test_the_desk_reviews_and_refuses_with_reasons(client, roles):
    round = make_round(roles, workflow.REVIEW)
    proposal = proposal_in(roles, share_of(round))
    url = f"/werkplek/wijkbudget/voorstellen/{proposal.pk}/"
    sign_in_verified(client, roles.civil_servant)
    response = client.post(url, {"action": "review", "beoordeling-target": "not_feasible", "beoordeling-reason": ""})
    assert response.status_code == 400 and "Geef een reden" in text(response)
    response = client.post(url, {"action": "review", "beoordeling-target": "feasible", "beoordeling-cost": "-1"})
    assert response.status_code == 400 and "€ 1 of meer" in text(response)
    response = client.post(url, {"action": "review", "beoordeling-target": "feasible",
                                 "beoordeling-cost": "11000"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.cost) == (workflow.FEASIBLE, 11_000)
    response = client.post(url, {"action": "review", "beoordeling-target": "admitted"})
    assert response.status_code == 400 and "Eerst moet de portefeuillehouder" in text(response)
    assert client.post(url, {"action": "iets"}).status_code == 404


def test_the_desk_merges_into_a_similar_proposal(client, roles):
    round = make_round(roles, workflow.REVIEW)
    into = proposal_in(roles, share_of(round), title="Voetbalkooi")
    duplicate = proposal_in(roles, share_of(round), title="Pannakooi", author=roles.other_resident)
    sign_in_verified(client, roles.district_alderman)
    url = f"/werkplek/wijkbudget/voorstellen/{duplicate.pk}/"
    assert "Voetbalkooi" in text(client.get(url))
    response = client.post(url, {"action": "review", "beoordeling-target": "merged", "beoordeling-into": into.pk,
                                 "beoordeling-reason": "Hetzelfde plan."})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == into
    page = text(client.get(f"/wijkbudget/{round.slug}/voorstellen/{duplicate.pk}/"))
    assert "samengevoegd" in page and f"/voorstellen/{into.pk}/" in page


def test_realisation_update_with_a_photo_on_the_desk_and_the_pages(client, roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    round = make_round(roles, workflow.VOTING)
    proposal = proposal_count_outcome(proposal=proposal_in(roles, share_of(round), workflow.ADMITTED),
                                      selected=True, explanation="Gekozen.")
    sign_in_verified(client, roles.civil_servant)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "werk.jpg"
    url = f"/werkplek/wijkbudget/voorstellen/{proposal.pk}/"
    response = client.post(url, {"action": "realisation", "uitvoering-status": "in_progress",
                                 "uitvoering-text": "De schop gaat erin.", "uitvoering-photo": buffer,
                                 "uitvoering-alt_text": "Graafmachine"})
    assert response.status_code == 302, text(response)
    update = RealisationUpdate.objects.get(proposal=proposal)
    client.logout()
    page = text(client.get(f"/wijkbudget/{round.slug}/voorstellen/{proposal.pk}/"))
    assert "De schop gaat erin." in page and "Stand: in uitvoering" in page and 'alt="Graafmachine"' in page
    assert client.get(update.photo.url).status_code == 200  # served as a public photo
    district = text(client.get("/wijken/nieuweland/"))
    assert proposal.item.title in district and "in uitvoering" in district


@pytest.mark.parametrize("who", ROLES)
def test_promoting_an_item_in_every_role(client, roles, who):
    round = make_round(roles, workflow.REVIEW)
    item = item_transition(item=submit(roles, needs_decision=False), actor=None, target=item_workflow.PUBLISHED)
    sign_in_verified(client, getattr(roles, who))
    url = f"/werkplek/wijkbudget/inbreng/{item.pk}/voorstel/"
    response = client.post(url, {"share": share_of(round).pk})
    if who in TEAM:
        assert response.status_code == 302
        assert Item.objects.get(pk=item.pk).budget_proposal.share == share_of(round)
    else:
        assert response.status_code in (403, 404) and not Proposal.objects.filter(item=item).exists()


def test_promote_link_on_the_item_desk_and_odd_choices(client, roles):
    round = make_round(roles, workflow.REVIEW)
    item = item_transition(item=submit(roles), actor=None, target=item_workflow.PUBLISHED)
    sign_in_verified(client, roles.civil_servant)
    assert f"/werkplek/wijkbudget/inbreng/{item.pk}/voorstel/" in text(client.get(f"/werkplek/inbreng/{item.pk}/"))
    url = f"/werkplek/wijkbudget/inbreng/{item.pk}/voorstel/"
    assert round.title in text(client.get(url))
    for odd in ("", "abc", "99999999999999999999", "-1"):
        response = client.post(url, {"share": odd})
        assert response.status_code == 400 and "Kies een ronde" in text(response)


def test_a_point_picked_on_the_map_is_offered_and_used(client, roles):
    from wijkgericht.participation.testing import point_in

    round = make_round(roles)
    share = share_of(round)
    client.force_login(roles.resident)
    url = f"/wijkbudget/{round.slug}/voorstel-indienen/"
    lat, lon = point_in("BU04890918")
    page = text(client.get(url, {"lat": lat, "lon": lon}))
    assert "De plek die u op de kaart koos" in page and f'value="{share.pk}:punt" selected' in page
    assert 'data-pick="' in page  # the map sends a click back here
    response = client.post(url, form_data(roles, round, where=f"{share.pk}:punt", lat=lat, lon=lon))
    assert response.status_code == 302
    item = Proposal.objects.get(share=share).item
    assert (round_(item.lat), round_(item.lon)) == (round_(lat), round_(lon))
    for odd in ({"lat": "x", "lon": "4"}, {"lat": "51.9", "lon": "4.48"}, {"lat": "٣", "lon": "9" * 400}):
        page = client.get(url, odd)
        assert page.status_code == 200 and "De plek die u op de kaart koos" not in text(page)
    response = client.post(url, form_data(roles, round, where=f"{share.pk}:punt"))  # no point sent
    assert response.status_code == 400 and "Kies een buurt uit de lijst" in text(response)


def round_(value: float) -> float:
    return round(value, 5)


def test_a_municipality_round_shows_each_district_and_lets_the_resident_choose(client, roles):
    from wijkgericht.budgets.services.rounds import round_create
    from wijkgericht.budgets.tests.round_setup import dates
    from wijkgericht.districts.models import District

    nieuweland = District.objects.get(code="WK048909")
    other = District.objects.filter(municipality=roles.municipality).exclude(pk=nieuweland.pk).first()
    round = round_create(municipality=roles.municipality, actor=None, shares={nieuweland: 30_000, other: 20_000},
                         title="Barendrecht beslist mee", slug="heel-barendrecht", amount=50_000,
                         **dates(workflow.PROPOSALS))
    from django.utils import timezone

    from wijkgericht.budgets.models import Round
    Round.objects.filter(pk=round.pk).update(published_at=timezone.now())
    page = text(client.get("/wijkbudget/heel-barendrecht/"))
    assert f"Voorstellen in {nieuweland.name}" in page and f"Voorstellen in {other.name}" in page
    assert "€ 30.000" in page and "€ 20.000" in page
    client.force_login(roles.resident)
    form = text(client.get("/wijkbudget/heel-barendrecht/voorstel-indienen/?wijk=nieuweland"))
    assert f"De hele wijk {other.name}" in form and 'name="share"' in form
    share = round.shares.get(district=nieuweland)
    theme = Theme.objects.get(municipality=roles.municipality, slug="sport")
    wrong = {"share": share.pk, "title": "Bankjes", "description": "Meer plekken om te zitten.", "theme": theme.pk,
             "where": f"{round.shares.get(district=other).pk}:wijk", "estimated_cost": "8000"}
    response = client.post("/wijkbudget/heel-barendrecht/voorstel-indienen/", wrong)
    assert response.status_code == 400 and "ligt niet in de wijk" in text(response)
