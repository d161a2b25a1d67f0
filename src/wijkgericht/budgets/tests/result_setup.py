"""A round whose voting has just closed, with generated ballots, for the count's, the result pages' and the API's
tests. Made straight in the models (B2's voting_setup for the round and proposals), so the count is tested apart
from casting."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from wijkgericht.budgets.models import Ballot, DistrictShare, Proposal, Round, Voter
from wijkgericht.budgets.tests.voting_setup import neighbourhood_in, voting_round
from wijkgericht.districts.models import Municipality

# Two camps of voters with different wishes, and costs that make greedy and Equal Shares choose differently.
COSTS = (12_000, 4_500, 9_000, 3_000, 15_000, 2_500, 6_000, 8_000)
CAMP_A = (0, 1, 2, 3)     # 65 % of the voters mostly like these
CAMP_B = (4, 5, 6, 7)


def ballots_for(method: str, proposals: list[Proposal], *, voters: int, seed: int, budget: int,
                points_total: int = 10) -> list[dict[str, int]]:
    rng = random.Random(seed)
    out = []
    for v in range(voters):
        camp, other = (CAMP_A, CAMP_B) if rng.random() < 0.65 else (CAMP_B, CAMP_A)
        liked = [j for j in camp if rng.random() < 0.75] + [j for j in other if rng.random() < 0.12]
        if v % 37 == 0:
            liked = []  # now and then an empty ballot (it still counts for Equal Shares' budget per voter)
        rng.shuffle(liked)
        if method == Round.Method.APPROVAL:
            liked = liked[:4]
            out.append({str(proposals[j].pk): 1 for j in liked})
        elif method == Round.Method.CART:
            cart, total = {}, 0
            for j in liked:
                if total + COSTS[j] <= budget:
                    cart[str(proposals[j].pk)] = 1
                    total += COSTS[j]
            out.append(cart)
        else:
            points: dict[str, int] = {}
            left = points_total
            for n, j in enumerate(liked):
                give = left if n == len(liked) - 1 else rng.randint(1, max(1, left - (len(liked) - n - 1)))
                give = min(give, left)
                if give > 0:
                    points[str(proposals[j].pk)] = give
                    left -= give
            out.append(points)
    return out


def _public(proposals: list[Proposal]) -> None:
    """The backing items passed moderation (public pages list only those)."""
    from wijkgericht.participation.models import Item

    Item.objects.filter(budget_proposal__in=proposals).update(status="published")


def closed_round(municipality: Municipality, *, method: str = Round.Method.APPROVAL, rule: str = Round.Rule.MES,
                 completion: str = Round.Completion.ADD1, voters: int = 160, seed: int = 7, amount: int = 30_000,
                 slug: str = "telling", **fields) -> tuple[Round, DistrictShare, list[Proposal]]:
    """A round with COSTS on the ballot, `voters` ballots cast, and voting closed yesterday (not yet counted)."""
    extra = {"points_total": 10} if method == Round.Method.POINTS else {}
    if method == Round.Method.APPROVAL:
        extra["max_choices"] = 4
    extra.update(fields)
    round_, share, proposals = voting_round(municipality, amount=amount, costs=COSTS, slug=slug, method=method,
                                            rule=rule, completion=completion, **extra)
    today = timezone.localdate()
    Round.objects.filter(pk=round_.pk).update(voting_from=today - dt.timedelta(days=10),
                                              voting_until=today - dt.timedelta(days=1))
    round_.refresh_from_db()
    _public(proposals)
    cast = ballots_for(method, proposals, voters=voters, seed=seed, budget=amount)
    Ballot.objects.bulk_create([Ballot(share=share, choices=c) for c in cast])
    where = neighbourhood_in(municipality)
    Voter.objects.bulk_create([Voter(round=round_, token=f"stemmer-{seed}-{n}", way=Voter.Way.ACCOUNT,
                                     neighbourhood=where) for n in range(voters)])
    return round_, share, proposals


def second_share(round_: Round, municipality: Municipality, *, amount: int = 10_000,
                 costs: tuple[int, ...] = (6_000, 5_000, 3_000),
                 ballots: tuple[tuple[int, ...], ...] = ((0,), (0, 2), (1, 2), (1,), (2,))) -> DistrictShare:
    """Make `round_` a municipality round (no district of its own) with a second district's share: its proposals and
    ballots (`ballots`: per ballot the indexes of the chosen proposals)."""
    from shapely.geometry import shape

    from wijkgericht.budgets import workflow
    from wijkgericht.budgets.tests.voting_setup import NIEUWELAND
    from wijkgericht.districts.models import District
    from wijkgericht.participation.models import Item, Theme
    from wijkgericht.participation.services import item_submit

    district = District.objects.filter(municipality=municipality).exclude(code=NIEUWELAND).order_by("code").first()
    Round.objects.filter(pk=round_.pk).update(district=None)
    round_.refresh_from_db()
    share = DistrictShare.objects.create(round=round_, district=district, amount=amount)
    point = shape(neighbourhood_in(municipality, district.code).geometry).representative_point()
    theme = Theme.objects.filter(municipality=municipality).order_by("pk").first()
    proposals = []
    for n, cost in enumerate(costs):
        item = item_submit(author=None, municipality=municipality, kind=Item.Kind.IDEA, title=f"Plan {n + 1}",
                           description="Een voorstel.", theme=theme, lat=point.y, lon=point.x, needs_decision=True,
                           amount_requested=cost)
        proposals.append(Proposal.objects.create(share=share, item=item, cost=cost, status=workflow.ADMITTED))
    _public(proposals)
    Ballot.objects.bulk_create([Ballot(share=share, choices={str(proposals[j].pk): 1 for j in chosen})
                                for chosen in ballots])
    return share
