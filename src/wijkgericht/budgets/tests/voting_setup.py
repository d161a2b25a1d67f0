"""A round in its voting phase with proposals on the ballot, and verified voters: for the casting tests, the burst
server's seed and the benchmark. Made straight in the models (the rounds' and proposals' services are tested on
their own), so these tests depend on nothing but the schema."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wijkgericht.accounts.models import User
from wijkgericht.budgets import workflow
from wijkgericht.budgets.models import DistrictShare, Proposal, ResidentVerification, Round
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import item_submit

NIEUWELAND = "WK048909"
TITLES = ("Pannakooi bij de school", "Bankjes in het park", "Moestuin voor de buurt", "Speeltoestel voor peuters",
          "Bloemen langs de dijk", "Fietsenrekken bij de winkels")


def neighbourhood_in(municipality: Municipality, district_code: str = NIEUWELAND, index: int = 0) -> Neighbourhood:
    return list(Neighbourhood.objects.filter(district__code=district_code, district__municipality=municipality,
                                             year=municipality.division_year).order_by("code"))[index]


def voting_round(municipality: Municipality, *, district_code: str = NIEUWELAND, amount: int = 100_000,
                 costs: tuple[int, ...] = (40_000, 30_000, 25_000, 20_000, 15_000, 10_000), slug: str = "stem",
                 **fields) -> tuple[Round, DistrictShare, list[Proposal]]:
    district = District.objects.get(municipality=municipality, code=district_code)
    today = timezone.localdate()
    values = dict(municipality=municipality, district=district, title="Wijkbudget Nieuweland", slug=slug,
                  amount=amount, proposals_from=today - dt.timedelta(days=60),
                  review_from=today - dt.timedelta(days=30), voting_from=today - dt.timedelta(days=1),
                  voting_until=today + dt.timedelta(days=14), realisation_from=today + dt.timedelta(days=60),
                  method=Round.Method.CART, published_at=timezone.now(), random_order=True)
    values.update(fields)
    round = Round.objects.create(**values)  # noqa: A001
    Round.objects.filter(pk=round.pk).update(phase=workflow.VOTING)
    round.refresh_from_db()
    share = DistrictShare.objects.create(round=round, district=district, amount=amount)
    theme = Theme.objects.filter(municipality=municipality).order_by("pk").first()
    place = neighbourhood_in(municipality, district_code)
    from shapely.geometry import shape

    point = shape(place.geometry).representative_point()
    proposals = []
    for n, cost in enumerate(costs):
        item = item_submit(author=None, municipality=municipality, kind=Item.Kind.IDEA,
                           title=f"{TITLES[n % len(TITLES)]}{'' if n < len(TITLES) else f' {n}'}",
                           description="Een voorstel voor het wijkbudget.", theme=theme, lat=point.y, lon=point.x,
                           needs_decision=True, amount_requested=cost)
        proposals.append(Proposal.objects.create(share=share, item=item, cost=cost, status=workflow.ADMITTED))
    return round, share, proposals


def verify(user: User, municipality: Municipality, *, district_code: str = NIEUWELAND, index: int = 0,
           birth_year: int = 1980, works_or_studies: bool = False) -> ResidentVerification:
    return ResidentVerification.objects.update_or_create(user=user, defaults=dict(
        neighbourhood=neighbourhood_in(municipality, district_code, index), birth_year=birth_year,
        works_or_studies=works_or_studies, source=ResidentVerification.Source.STAFF))[0]
