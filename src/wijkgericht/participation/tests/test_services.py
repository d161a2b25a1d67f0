"""Resident items through their workflow, with the seed's rule: a sports initiative is never decided without the
Sport alderman's answer."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.districts.models import Neighbourhood
from wijkgericht.governance.models import Alderman, Portfolio
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange, Theme
from wijkgericht.participation.services import advice_answer, advice_request, item_submit, item_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def sport(barendrecht):
    theme = Theme.objects.get(municipality=barendrecht, slug="sport")  # from the demo
    assert theme.portfolio == Portfolio.objects.get(name="Sport")
    return theme


@pytest.fixture
def resident():
    user = get_user_model().objects.create_user("bewoner@example.nl", "een-lang-wachtwoord")
    user.email_verified_at = timezone.now()
    user.save()
    return user


@pytest.fixture
def sport_alderman():
    user = get_user_model().objects.create_user("schaap@example.nl", "een-lang-wachtwoord")
    alderman = Alderman.objects.get(slug="cees-schaap")
    alderman.user = user
    alderman.save()
    return user


def _inside(code: str) -> tuple[float, float]:
    point = shape(Neighbourhood.objects.get(code=code).geometry).representative_point()
    return point.y, point.x


def _submit(barendrecht, resident, sport, **extra):
    lat, lon = _inside("BU04890918")
    fields = dict(author=resident, municipality=barendrecht, kind=Item.Kind.INITIATIVE,
                  title="Pannakooi bij de school", description="Wij bouwen hem zelf, vraag: €2.500 voor materiaal.",
                  theme=sport, lat=lat, lon=lon, needs_decision=True)
    fields.update(extra)
    return item_submit(**fields)


def test_submission_is_placed_in_its_district_by_the_lookup(barendrecht, resident, sport):
    item = _submit(barendrecht, resident, sport)
    assert item.district.code == "WK048909" and item.neighbourhood.code == "BU04890918"
    assert item.status == workflow.SUBMITTED
    assert list(item.changes.values_list("target", flat=True)) == [workflow.SUBMITTED]


def test_a_point_outside_the_municipality_is_refused(barendrecht, resident, sport):
    with pytest.raises(ValidationError, match="niet in gemeente Barendrecht"):
        _submit(barendrecht, resident, sport, lat=52.37, lon=4.89)
    assert not Item.objects.filter(author=resident).exists()


def test_submitting_twice_by_accident_creates_one_item(barendrecht, resident, sport):
    key = uuid.uuid4()
    first = _submit(barendrecht, resident, sport, submission_key=key)
    second = _submit(barendrecht, resident, sport, submission_key=key)
    assert first.pk == second.pk and Item.objects.filter(author=resident).count() == 1


def test_text_is_kept_plain_and_control_characters_dropped(barendrecht, resident, sport):
    item = _submit(barendrecht, resident, sport, title="<script>alert(1)</script>\x00 Bankje")
    assert item.title == "<script>alert(1)</script> Bankje"  # stored as typed, escaped on every page
    with pytest.raises(ValidationError):
        _submit(barendrecht, resident, sport, description="   ")


def test_the_sports_initiative_waits_for_the_sport_alderman(barendrecht, resident, sport, sport_alderman):
    item = _submit(barendrecht, resident, sport)
    item = item_transition(item=item, actor=None, target=workflow.PUBLISHED)
    item = item_transition(item=item, actor=None, target=workflow.UNDER_CONSIDERATION)
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=None, target=workflow.ACCEPTED, reason="Mooi plan")
    advice = advice_request(item=item, actor=None, question="Past dit bij het sportbeleid?")
    assert advice.portfolio.name == "Sport"
    with pytest.raises(ValidationError, match="portefeuillehouder"):
        item_transition(item=item, actor=None, target=workflow.ACCEPTED, reason="Mooi plan")
    stranger = get_user_model().objects.create_user("ander@example.nl", "een-lang-wachtwoord")
    with pytest.raises(PermissionDenied):
        advice_answer(advice=advice, actor=stranger, answer=AdviceRequest.Answer.AGREE, reasoning="Prima")


def test_portfolio_holder_of_the_running_term_answers(barendrecht, resident, sport, sport_alderman):
    """The portfolio holder of the running term answers, once."""
    from wijkgericht.governance.models import Term

    Term.objects.filter(municipality=barendrecht).update(end=None)
    item = _submit(barendrecht, resident, sport)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=None, target=target)
    advice = advice_request(item=item, actor=None, question="Past dit bij het sportbeleid?")
    advice_answer(advice=advice, actor=sport_alderman, answer=AdviceRequest.Answer.CONDITIONS,
                  reasoning="Akkoord als de vereniging het onderhoud doet.")
    with pytest.raises(ValidationError, match="al gegeven"):
        advice_answer(advice=advice, actor=sport_alderman, answer=AdviceRequest.Answer.OBJECT, reasoning="Toch niet")
    item = item_transition(item=item, actor=None, target=workflow.ACCEPTED, reason="Met de voorwaarde van Sport",
                           public_note="Het wijkbudget betaalt het materiaal.")
    for target in (workflow.IN_PROGRESS, workflow.DONE, workflow.REOPENED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=None, target=target)
    timeline = list(StatusChange.objects.filter(item=item).values_list("source", "target"))
    assert timeline[0] == ("", workflow.SUBMITTED) and timeline[-1] == (workflow.REOPENED,
                                                                        workflow.UNDER_CONSIDERATION)
    assert len(timeline) == 9


def test_an_item_without_money_or_decision_is_decided_directly(barendrecht, resident, sport):
    item = _submit(barendrecht, resident, sport, needs_decision=False, kind=Item.Kind.IDEA)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=None, target=target)
    item = item_transition(item=item, actor=None, target=workflow.DECLINED, reason="Valt buiten de wijk")
    assert item.status == workflow.DECLINED


def test_asking_for_money_always_needs_coordination(barendrecht, resident, sport):
    from decimal import Decimal

    item = _submit(barendrecht, resident, sport, needs_decision=False, amount_requested=Decimal("2500"))
    assert item.needs_decision


def test_an_outgoing_college_acts_until_the_next_is_entered(barendrecht, resident, sport, sport_alderman):
    """The demo's college ended in 2022 and no later one is entered, so its Sport alderman still answers; once a new
    term starts without him, he no longer may."""
    import datetime as dt

    from wijkgericht.governance.models import Term

    item = _submit(barendrecht, resident, sport)
    for target in (workflow.PUBLISHED, workflow.UNDER_CONSIDERATION):
        item = item_transition(item=item, actor=None, target=target)
    advice = advice_request(item=item, actor=None, question="Past dit bij het sportbeleid?")
    Term.objects.create(municipality=barendrecht, name="2026–2030", start=dt.date(2026, 4, 1))
    with pytest.raises(PermissionDenied):
        advice_answer(advice=advice, actor=sport_alderman, answer=AdviceRequest.Answer.AGREE, reasoning="Prima")
    Term.objects.filter(name="2026–2030").delete()
    advice_answer(advice=advice, actor=sport_alderman, answer=AdviceRequest.Answer.AGREE, reasoning="Prima")
