"""Who may plan, report, keep the district agenda and manage partners — the role × action matrix of
`permissions.can_in_districts` on Nieuweland (Proos's district, the civil servant's) and on Barendrecht-Centrum
(nobody's here but the administrator's), and the services refusing a role that acts outside its districts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wijkgericht.accounts.roles import user_scope
from wijkgericht.agenda import permissions as p
from wijkgericht.agenda.models import Activity, ActivityKind, AgendaItem, MeetingRequest
from wijkgericht.agenda.services.activities import activity_cancel, activity_create, activity_update
from wijkgericht.agenda.services.district_agenda import agenda_item_save, agenda_reorder
from wijkgericht.agenda.services.follow_up import action_create, action_done
from wijkgericht.agenda.services.kinds import kinds_ensure_defaults
from wijkgericht.agenda.services.meeting_requests import request_decline, request_plan
from wijkgericht.agenda.services.partners import partner_save
from wijkgericht.agenda.services.reports import report_save, topic_add, topic_promote
from wijkgericht.agenda.testing import request_placed
from wijkgericht.districts.models import District
from wijkgericht.governance.models import Alderman

pytestmark = pytest.mark.django_db

ACTIONS = (p.PLAN, p.REPORT, p.KEEP_AGENDA, p.MANAGE_PARTNER)
ALL = set(ACTIONS)
NIEUWELAND, CENTRUM = "WK048909", "WK048901"

OWN_DISTRICT = {
    "resident": set(),
    "district_alderman": ALL,
    "portfolio_holder": set(),  # Schaap is district alderman elsewhere, not of Nieuweland
    "civil_servant": ALL,
    "moderator": set(),
    "administrator": ALL,
}
OTHER_DISTRICT = {role: (ALL if role == "administrator" else set()) for role in OWN_DISTRICT}


def district(code: str) -> District:
    return District.objects.get(code=code)


def allowed(scope, code: str, *, host_user_ids=()) -> set[str]:
    d = district(code)
    return {action for action in ACTIONS if p.can_in_districts(scope, action, municipality_id=d.municipality_id,
                                                               district_ids=[d.pk], host_user_ids=host_user_ids)}


@pytest.mark.parametrize("code,expected", [(NIEUWELAND, OWN_DISTRICT), (CENTRUM, OTHER_DISTRICT)])
def test_each_role_can_do_exactly_its_actions(roles, code, expected):
    for role, user in roles.all().items():
        assert allowed(user_scope(user), code) == expected[role], role


def test_anonymous_can_do_nothing(roles):
    assert allowed(user_scope(None), NIEUWELAND) == set()
    assert not p.can_see_contacts(user_scope(None))


def test_a_host_alderman_may_write_the_report_of_a_visit_outside_their_districts(roles):
    schaap = roles.portfolio_holder
    assert allowed(user_scope(schaap), NIEUWELAND, host_user_ids=[schaap.pk]) == {p.REPORT}
    # Hosting is personal: listing someone else as host gives nothing.
    assert allowed(user_scope(roles.moderator), NIEUWELAND, host_user_ids=[schaap.pk]) == set()


def test_any_of_the_districts_is_enough(roles):
    """An activity across Nieuweland and Centrum may be planned by Nieuweland's team (documented: 'any of them')."""
    ids = [district(NIEUWELAND).pk, district(CENTRUM).pk]
    scope = user_scope(roles.civil_servant)
    assert p.can_in_districts(scope, p.PLAN, municipality_id=roles.municipality.pk, district_ids=ids)
    assert not p.can_in_districts(scope, p.PLAN, municipality_id=roles.municipality.pk, district_ids=[])


def test_an_administrator_acts_only_in_their_own_municipality(roles):
    scope = user_scope(roles.administrator)
    assert not p.can_in_districts(scope, p.PLAN, municipality_id=roles.municipality.pk + 1000,
                                  district_ids=[district(NIEUWELAND).pk])


def test_an_unknown_action_is_an_error_for_every_role(roles):
    for user in roles.all().values():
        with pytest.raises(ValueError):
            p.can_in_districts(user_scope(user), "publish", municipality_id=roles.municipality.pk,
                               district_ids=[district(NIEUWELAND).pk])


def test_partners_contact_persons_are_for_staff_only(roles):
    seen = {role for role, user in roles.all().items() if p.can_see_contacts(user_scope(user))}
    assert seen == {"district_alderman", "portfolio_holder", "civil_servant", "moderator", "administrator"}


# --- the services enforce it ----------------------------------------------------------------------------------

@pytest.fixture
def kind(roles) -> ActivityKind:
    kinds_ensure_defaults(roles.municipality)
    return ActivityKind.objects.get(municipality=roles.municipality, slug="werkbezoek")


def _activity(roles, kind, *, code: str, days: int, hosts=()) -> Activity:
    start = timezone.now() + dt.timedelta(days=days)
    return activity_create(actor=None, municipality=roles.municipality, kind=kind, title="Werkbezoek",
                           districts=[district(code)], starts_at=start, ends_at=start + dt.timedelta(hours=1),
                           place="Sporthal", hosts=hosts, capacity=5, allow_past=days < 0)


def test_planning_outside_ones_districts_is_refused(roles, kind):
    start = timezone.now() + dt.timedelta(days=5)
    fields = dict(municipality=roles.municipality, kind=kind, title="Wijkoverleg Centrum (proef)",
                  districts=[district(CENTRUM)], starts_at=start, ends_at=start + dt.timedelta(hours=1),
                  place="Raadhuis")
    for role in ("district_alderman", "civil_servant", "portfolio_holder", "moderator", "resident"):
        with pytest.raises(PermissionDenied):
            activity_create(actor=getattr(roles, role), **fields)
    assert not Activity.objects.filter(title="Wijkoverleg Centrum (proef)").exists()
    centrum = activity_create(actor=roles.administrator, **fields)

    for act in (lambda u: activity_update(actor=u, activity=centrum, place="Elders"),
                lambda u: activity_cancel(actor=u, activity=centrum, reason="Nee"),
                lambda u: activity_update(actor=u, activity=_activity(roles, kind, code=NIEUWELAND, days=3),
                                          districts=[district(CENTRUM)])):
        with pytest.raises(PermissionDenied):
            act(roles.district_alderman)
    centrum.refresh_from_db()
    assert centrum.place == "Raadhuis" and centrum.status == "planned" and centrum.sequence == 0


def test_requests_are_planned_or_declined_by_their_districts_team_only(roles, kind):
    request = request_placed(author=roles.resident, district=district(CENTRUM), kind=kind,
                             topic="Werkbezoek bij de tennisclub")
    centrum = _activity(roles, kind, code=CENTRUM, days=9)
    with pytest.raises(PermissionDenied):
        request_plan(request=request, activity=centrum, actor=roles.district_alderman)
    with pytest.raises(PermissionDenied):
        request_decline(request=request, actor=roles.civil_servant, response="Nee")
    with pytest.raises(PermissionDenied):
        request_decline(request=request, actor=roles.resident, response="Nee")
    assert MeetingRequest.objects.get(pk=request.pk).status == "open"


def test_a_host_alderman_reports_but_does_not_keep_another_districts_agenda(roles, kind):
    schaap = Alderman.objects.get(slug="cees-schaap")
    hosted = _activity(roles, kind, code=NIEUWELAND, days=-2, hosts=[schaap])
    other = _activity(roles, kind, code=NIEUWELAND, days=-2)

    with pytest.raises(PermissionDenied):  # not hosting this one
        report_save(actor=roles.portfolio_holder, activity=other, attendance=3)
    report = report_save(actor=roles.portfolio_holder, activity=hosted, attendance=12,
                         impressions="De sporthal is te klein voor de jeugd.")
    assert report.author == roles.portfolio_holder
    topic = topic_add(actor=roles.portfolio_holder, report=report, text="Zaalruimte voor de jeugd")
    action = action_create(actor=roles.portfolio_holder, report=report, what="Zaalrooster bekijken",
                           owner_department="Sport", due_date=timezone.localdate() + dt.timedelta(days=14))
    with pytest.raises(PermissionDenied):  # the district agenda is the district team's
        topic_promote(actor=roles.portfolio_holder, topic=topic, district=district(NIEUWELAND))
    assert topic_promote(actor=roles.district_alderman, topic=topic, district=district(NIEUWELAND))
    assert action_done(actor=roles.portfolio_holder, action=action).status == "done"

    for outsider in (roles.moderator, roles.resident):
        with pytest.raises(PermissionDenied):
            report_save(actor=outsider, activity=hosted, attendance=1)
        with pytest.raises(PermissionDenied):
            topic_add(actor=outsider, report=report, text="Iets")
        with pytest.raises(PermissionDenied):
            action_create(actor=outsider, report=report, what="Iets", owner_department="Sport",
                          due_date=timezone.localdate())


def test_the_district_agenda_is_kept_by_its_own_team(roles):
    centrum = district(CENTRUM)
    item = agenda_item_save(actor=roles.administrator, district=centrum, title="Winkelcentrum", source="other")
    for user in (roles.district_alderman, roles.civil_servant, roles.portfolio_holder, roles.moderator):
        with pytest.raises(PermissionDenied):
            agenda_item_save(actor=user, district=centrum, title="Nog iets", source="other")
        with pytest.raises(PermissionDenied):
            agenda_reorder(actor=user, district=centrum, ordered_ids=[item.pk])
    assert list(AgendaItem.objects.filter(district=centrum, is_example=False)) == [item]


def test_partners_are_managed_for_ones_own_districts(roles):
    nieuweland, centrum = district(NIEUWELAND), district(CENTRUM)
    with pytest.raises(PermissionDenied):
        partner_save(actor=roles.civil_servant, municipality=roles.municipality, name="Winkeliers Centrum",
                     kind="business", districts=[centrum])
    theirs = partner_save(actor=roles.administrator, municipality=roles.municipality,
                          name="Winkeliers Centrum", kind="business", districts=[centrum])
    with pytest.raises(PermissionDenied):  # moving someone else's partner into one's own district
        partner_save(actor=roles.civil_servant, municipality=roles.municipality, partner=theirs,
                     name="Winkeliers Nieuweland", kind="business", districts=[nieuweland])
    ours = partner_save(actor=roles.civil_servant, municipality=roles.municipality,
                        name="Speeltuinvereniging Nieuweland", kind="residents", districts=[nieuweland])
    assert list(ours.districts.all()) == [nieuweland]
    theirs.refresh_from_db()
    assert theirs.name == "Winkeliers Centrum"
