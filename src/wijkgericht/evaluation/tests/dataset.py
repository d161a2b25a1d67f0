"""A hand-made data set with known answers for every measure: a municipality of its own (Proefstad, GM9999) with
three districts, so nothing of the demo mixes in. The period under test is March 2025 (31 days); its comparison
period is 29 January – 28 February 2025. Every expected figure is worked out in the comments and in test_measures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from wijkgericht.accounts.models import User
from wijkgericht.agenda.models import (
    Activity,
    ActivityKind,
    FollowUpAction,
    MeetingRequest,
    Partner,
    VisitReport,
)
from wijkgericht.budgets import workflow as budget_workflow
from wijkgericht.budgets.models import DistrictShare, Proposal, RealisationUpdate, Result, Round, Voter
from wijkgericht.districts.models import CbsDistrict, District, Municipality, Neighbourhood
from wijkgericht.evaluation import rollup, tallies
from wijkgericht.evaluation.measures import Period
from wijkgericht.evaluation.models import Answer, Question, Response, Survey, Wave
from wijkgericht.governance.models import Portfolio
from wijkgericht.participation import workflow
from wijkgericht.participation.models import AdviceRequest, Item, StatusChange, Support, Theme
from wijkgericht.participation.services import item_moments_refresh

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MARCH = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def at(month: int, day: int, hour: int = 12, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


@dataclass
class Dataset:
    municipality: Municipality
    a: District
    b: District
    c: District
    survey: Survey
    wave: Wave
    q_ten: Question
    q_five: Question
    q_open: Question


def _activity(m: Municipality, kind: ActivityKind, title: str, when: dt.datetime, districts: list[District],
              **extra) -> Activity:
    activity = Activity.objects.create(municipality=m, kind=kind, title=title, starts_at=when,
                                       ends_at=when + dt.timedelta(hours=2), place="Dorpshuis", **extra)
    activity.districts.set(districts)
    return activity


def _action(report: VisitReport, due: dt.date, done: dt.datetime | None) -> FollowUpAction:
    return FollowUpAction.objects.create(report=report, what="Bankje plaatsen", owner_department="Wijkzaken",
                                         due_date=due, status="done" if done else "open", done_at=done)


def _item(m: Municipality, district: District, theme: Theme, kind: str, created: dt.datetime,
          status: str = workflow.PUBLISHED) -> Item:
    item = Item.objects.create(municipality=m, district=district, kind=kind, title="Punt", description="Tekst",
                               theme=theme, lat=51.85, lon=4.5, status=status)
    Item.objects.filter(pk=item.pk).update(created_at=created)
    item.refresh_from_db()
    return item


def _change(item: Item, target: str, when: dt.datetime) -> None:
    change = StatusChange.objects.create(item=item, target=target)
    StatusChange.objects.filter(pk=change.pk).update(created_at=when)
    item_moments_refresh(Item.objects.filter(pk=item.pk))  # history written by hand: the item's moments follow


def _advice(item: Item, portfolio: Portfolio, asked: dt.datetime, answer: str = "",
            answered: dt.datetime | None = None) -> None:
    advice = AdviceRequest.objects.create(item=item, portfolio=portfolio, question="Advies?", answer=answer,
                                          reasoning="Omdat." if answer else "", answered_at=answered)
    AdviceRequest.objects.filter(pk=advice.pk).update(requested_at=asked)


def build() -> Dataset:  # noqa: PLR0915 - one data set, told in order
    m = Municipality.objects.create(code="GM9999", name="Proefstad", slug="proefstad", division_year=2024)
    a = District.objects.create(municipality=m, code="WK999901", name="Aawijk", slug="aawijk",
                                key_figures={"aantal_inwoners": 2000})
    b = District.objects.create(municipality=m, code="WK999902", name="Beewijk", slug="beewijk",
                                key_figures={"aantal_inwoners": 500})
    c = District.objects.create(municipality=m, code="WK999903", name="Ceewijk", slug="ceewijk",
                                key_figures={"aantal_inwoners": 1500})
    cbs_a = CbsDistrict.objects.create(municipality=m, year=2024, name="Aawijk", code="WK999901")
    cbs_b = CbsDistrict.objects.create(municipality=m, year=2024, name="Beewijk", code="WK999902")
    nb_a = Neighbourhood.objects.create(municipality=m, year=2024, name="Aa", code="BU99990101", cbs_district=cbs_a,
                                        district=a, key_figures={"aantal_inwoners": 2000})
    nb_b1 = Neighbourhood.objects.create(municipality=m, year=2024, name="Bee 1", code="BU99990201",
                                         cbs_district=cbs_b, district=b, key_figures={"aantal_inwoners": 300})
    Neighbourhood.objects.create(municipality=m, year=2024, name="Bee 2", code="BU99990202", cbs_district=cbs_b,
                                 district=b, key_figures={"aantal_inwoners": 200})

    # --- getting to know the district -------------------------------------------------------------------------
    evening = ActivityKind.objects.create(municipality=m, name="Wijkavond", slug="proef-avond")
    bike = ActivityKind.objects.create(municipality=m, name="Fietstocht", slug="proef-fiets")
    r1 = MeetingRequest.objects.create(municipality=m, district=a, kind=bike, topic="Fietsen", status="planned")
    r2 = MeetingRequest.objects.create(municipality=m, district=a, kind=bike, topic="Parkeren", status="declined")
    r3 = MeetingRequest.objects.create(municipality=m, district=b, kind=evening, topic="Speeltuin", status="planned")
    r4 = MeetingRequest.objects.create(municipality=m, district=b, kind=evening, topic="Groen", status="open")
    # Never placed by the moderator: they count neither for nor against honouring (acquaintance.PLACED).
    r5 = MeetingRequest.objects.create(municipality=m, district=a, kind=bike, topic="Wacht", status="pending")
    r6 = MeetingRequest.objects.create(municipality=m, district=b, kind=bike, topic="Scheldwoord", status="rejected")
    for request, day in ((r1, 1), (r2, 3), (r3, 2), (r4, 4), (r5, 5), (r6, 6)):
        MeetingRequest.objects.filter(pk=request.pk).update(created_at=at(3, day))
    a1 = _activity(m, evening, "Wijkavond Aawijk", at(3, 5), [a], request=r3)
    a2 = _activity(m, bike, "Fietstocht", at(3, 20), [a, b], request=r1)
    _activity(m, evening, "Afgelast", at(3, 10), [a], status=Activity.Status.CANCELLED)
    a4 = _activity(m, evening, "Wijkavond Beewijk", at(2, 10), [b])
    p1 = Partner.objects.create(municipality=m, name="Politie", kind="police")
    p2 = Partner.objects.create(municipality=m, name="Woonstad", kind="housing")
    rep1 = VisitReport.objects.create(activity=a1, attendance=30)
    rep1.partners_present.set([p1])
    rep2 = VisitReport.objects.create(activity=a2, attendance=12)
    rep2.partners_present.set([p1, p2])
    VisitReport.objects.create(activity=a4, attendance=7)
    _action(rep1, dt.date(2025, 3, 15), at(3, 14))
    _action(rep1, dt.date(2025, 3, 25), at(3, 27))
    _action(rep1, dt.date(2025, 3, 31), None)
    _action(rep2, dt.date(2025, 3, 28), at(3, 28, 18))
    _action(rep2, dt.date(2025, 4, 10), None)

    # --- resident voice and coordination ------------------------------------------------------------------------
    sport = Portfolio.objects.create(municipality=m, name="Sport")
    traffic = Portfolio.objects.create(municipality=m, name="Verkeer")
    t_sport = Theme.objects.create(municipality=m, name="Sport", slug="sport", portfolio=sport)
    t_traffic = Theme.objects.create(municipality=m, name="Verkeer", slug="verkeer", portfolio=traffic)
    i1 = _item(m, a, t_sport, "idea", at(3, 1))
    i2 = _item(m, a, t_traffic, "report", at(3, 2))
    _item(m, a, t_traffic, "report", at(3, 3), status=workflow.REJECTED)
    i4 = _item(m, b, t_sport, "initiative", at(3, 5))
    i5 = _item(m, a, t_sport, "idea", at(2, 2))
    i6 = _item(m, a, t_traffic, "report", at(1, 6))
    i7 = _item(m, b, t_traffic, "report", at(1, 7))
    i8 = _item(m, a, t_traffic, "report", at(1, 8))
    _change(i1, workflow.UNDER_CONSIDERATION, at(3, 10))  # 9 days: in time
    _change(i2, workflow.UNDER_CONSIDERATION, at(3, 20))  # 18 days: late
    _change(i1, workflow.ACCEPTED, at(3, 21))  # 20 days to a decision
    _change(i5, workflow.DECLINED, at(3, 4))  # 30 days to a decision
    _change(i6, workflow.DONE, at(3, 10))
    _change(i6, workflow.REOPENED, at(3, 15))
    _change(i7, workflow.DONE, at(3, 12))
    _change(i8, workflow.DONE, at(2, 20))
    _change(i8, workflow.REOPENED, at(3, 2))
    residents = [User.objects.create_user(f"inwoner{n}@example.nl", "een-lang-wachtwoord") for n in range(3)]
    for user in residents:
        Support.objects.create(item=i1, user=user)
    Support.objects.create(item=i4, user=residents[0])
    Support.objects.filter(item__in=[i1, i4]).update(created_at=at(3, 12))
    _advice(i1, sport, at(3, 5), "agree", at(3, 9))
    _advice(i2, traffic, at(3, 6), "object", at(3, 16))
    _advice(i4, sport, at(3, 20))
    _advice(i5, sport, at(2, 20), "conditions", at(3, 2))

    # --- co-decision: a municipal round with a share for Aawijk and one for Bee 1 of Beewijk --------------------
    budget = Round.objects.create(municipality=m, title="Wijkbudget 2025", slug="wijkbudget-2025", amount=15000,
                                  proposals_from=dt.date(2025, 1, 1), review_from=dt.date(2025, 2, 1),
                                  voting_from=dt.date(2025, 3, 1), voting_until=dt.date(2025, 3, 20),
                                  realisation_from=dt.date(2025, 3, 21), phase=budget_workflow.REALISATION)
    share_a = DistrictShare.objects.create(round=budget, district=a, amount=10000)
    share_b = DistrictShare.objects.create(round=budget, district=b, amount=5000)
    share_b.neighbourhoods.set([nb_b1])
    Voter.objects.bulk_create([Voter(round=budget, token=f"a{n}", way="account", neighbourhood=nb_a)
                               for n in range(100)]
                              + [Voter(round=budget, token=f"b{n}", way="code", neighbourhood=nb_b1)
                                 for n in range(30)])
    Result.objects.create(share=share_a, rule="mes", completion="add1", cost=8000)
    Result.objects.create(share=share_b, rule="mes", completion="add1", cost=4000)
    proposals = {}
    for name, share, status, cost in (("p1", share_a, "selected", 5000), ("p2", share_a, "selected", 3000),
                                      ("p3", share_a, "not_selected", 2500), ("p4", share_a, "not_feasible", None),
                                      ("p5", share_b, "selected", 4000), ("p6", share_b, "withdrawn", None)):
        item = _item(m, share.district, t_sport, "initiative", at(6, 1, year=2024))
        proposals[name] = Proposal.objects.create(share=share, item=item, status=status, cost=cost)
    for name, status, when in (("p1", "done", at(3, 25)), ("p2", "in_progress", at(3, 25)),
                               ("p5", "done", at(4, 5))):
        RealisationUpdate.objects.create(proposal=proposals[name], status=status, text="Voortgang", created_at=when)

    # --- involvement: a baseline wave closing 15 March, 12 answers in Aawijk, 5 in Beewijk ----------------------
    survey = Survey.objects.create(municipality=m, title="Betrokkenheid")
    q_ten = Question.objects.create(survey=survey, key="betrokken", text="Ik voel me betrokken bij mijn wijk",
                                    scale="ten", order=1)
    q_five = Question.objects.create(survey=survey, key="gemeente-weet", scale="five", order=2,
                                     text="De gemeente weet wat er in mijn wijk speelt")
    q_open = Question.objects.create(survey=survey, key="open", scale="open", order=3, text="Wat kan beter?")
    wave = Wave.objects.create(survey=survey, name="Nulmeting 2025", kind="baseline",
                               opens_on=dt.date(2025, 3, 1), closes_on=dt.date(2025, 3, 15))
    for district, tens, fives in ((a, [6] * 6 + [8] * 6, [3] * 12), (b, [10] * 5, [5] * 5)):
        for ten, five in zip(tens, fives, strict=True):
            response = Response.objects.create(wave=wave, district=district)
            Answer.objects.create(response=response, question=q_ten, wave=wave, district=district, value=ten)
            Answer.objects.create(response=response, question=q_five, wave=wave, district=district, value=five)
    rollup.rebuild(m.id)  # items and supports back-dated by hand: the daily rollup follows
    tallies.rebuild([wave.pk])  # answers written past the survey's service: its tallies follow
    return Dataset(m, a, b, c, survey, wave, q_ten, q_five, q_open)
