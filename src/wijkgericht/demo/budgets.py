"""District budgets in the Barendrecht demo (issue #12): a finished round in Centrum (proposals, advice, ballots cast
with voting codes, the count published with its explanations, one project realised) and a round in Nieuweland
whose voting is open today, in which the demo resident (inwoner@demo.invalid, verified in Nieuweland) can vote.

Everything goes through the budgets' and participation's services (the system as actor where they allow it, the
demo's portfolio holders for their advice), so the demo shows what the real flow makes. Only the dates are moved
afterwards: a round is published before its voting opens (round_publish refuses otherwise), so each round is made
with dates just ahead of today, reviewed, and then given the dates it shows (as the participation examples'
histories are backdated). All rows are examples (Round.is_example, Item.is_example), which tell nobody.

The ballots are generated from a seeded random number generator, so every load casts the same choices; the codes
are new each load (only their hashes are stored; the letters' CSV in data/budgets/ makes new ones for the open
round). Loaded once: when the municipality has any round, nothing is added and nothing touched."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone
from shapely.geometry import shape

from wijkgericht.accounts.models import User
from wijkgericht.budgets import ballot_rules, hashing, workflow
from wijkgericht.budgets.models import (
    Ballot,
    Proposal,
    ProposalChange,
    RealisationUpdate,
    ResidentVerification,
    Result,
    Round,
    Voter,
    VotingCode,
)
from wijkgericht.budgets.services import codes, results, rounds, voting
from wijkgericht.budgets.services.proposals import proposal_promote, proposal_review
from wijkgericht.budgets.services.realisation import realisation_update
from wijkgericht.demo.participation import _backdate
from wijkgericht.districts.models import District, Municipality, Neighbourhood
from wijkgericht.governance.selectors import holds_portfolio
from wijkgericht.participation import workflow as item_workflow
from wijkgericht.participation.models import Item, Theme
from wijkgericht.participation.services import advice_answer, advice_request, item_submit, item_transition

FINISHED_DISTRICT = "WK048901"  # Centrum
OPEN_DISTRICT = "WK048909"      # Nieuweland, where the demo resident lives
RESIDENT_NEIGHBOURHOOD = "BU04890921"  # Nieuweland 4 (the resident's own items are there)
RESIDENT_BIRTH_YEAR = 1984
SEED = 2026
BALLOTS = 300  # cast in the finished round
THROUGH_SERVICE = 25  # of which cast one by one through ballot_cast (see _cast_with_codes)


@dataclass(frozen=True)
class Plan:
    neighbourhood: str
    theme: str            # participation theme slug (its portfolio answers the advice)
    title: str
    description: str
    cost: int             # the municipality's cost, whole euros
    appeal: float = 0.3   # how likely a voter is to want it (the generated ballots)
    refusal: str = ""     # not feasible, with this public reason


FINISHED = [
    Plan("BU04890102", "groen", "Nieuwe speeltoestellen in de speeltuin van Centrum Oost",
         "De glijbaan en het klimrek zijn oud en vaak kapot. Wij willen nieuwe toestellen, ook voor kinderen in een "
         "rolstoel.", 18_000, 0.55),
    Plan("BU04890101", "groen", "Zes bankjes op en rond het Dorpsplein",
         "Ouderen willen na het boodschappen doen even zitten. Nu is er bijna geen bankje.", 4_800, 0.5),
    Plan("BU04890103", "groen", "Twintig bomen in Centrum West",
         "Het is in de zomer heet in de straten zonder groen. Bomen geven schaduw en koelte.", 12_000, 0.45),
    Plan("BU04890101", "sport", "Ledverlichting op het trapveld",
         "In de winter is het na vijf uur donker op het trapveld. Met verlichting kunnen kinderen langer spelen.",
         9_500, 0.3),
    Plan("BU04890103", "sport", "Buitenfitness voor jong en oud",
         "Een plek met toestellen om buiten te sporten, gratis en voor iedereen.", 14_000, 0.25),
    Plan("BU04890101", "groen", "Overdekt fietsenrek bij de bibliotheek",
         "Bij de bibliotheek staan de fietsen overal. Een overdekt rek houdt de stoep vrij.", 3_200, 0.35),
    Plan("BU04890102", "groen", "Geveltuintjes in de oude dorpskern",
         "Bewoners willen een tegel eruit en planten erin. De gemeente helpt met aarde en planten.", 2_500, 0.3),
    Plan("BU04890102", "groen", "Watertappunt bij het speelveld",
         "Kinderen en sporters kunnen hier gratis water tappen.", 3_900, 0.2),
    Plan("BU04890103", "sport", "Jeu-de-boulesbaan bij het seniorencomplex",
         "De bewoners van het complex spelen graag jeu de boules, maar er is geen baan in de buurt.", 6_500, 0.2),
    Plan("BU04890101", "groen", "Bloembakken langs de winkelstraat",
         "Bloemen maken de winkelstraat gezelliger; de ondernemers geven ze water.", 5_200, 0.25),
    Plan("BU04890102", "cultuur", "Buurtfeest in het park",
         "Een dag met muziek, eten en spelletjes voor de hele buurt.", 7_500, 0.0,
         refusal="Een feest van één dag past niet bij het wijkbudget: dat is voor iets wat blijft. Vraag een "
                 "subsidie voor leefbaarheid aan; het wijkteam helpt daarbij."),
]

OPEN = [
    Plan("BU04890920", "groen", "Natuurspeeltuin bij de vijver",
         "Spelen met water, zand, boomstammen en stenen, in plaats van nog een gewoon speeltoestel.", 16_000),
    Plan("BU04890918", "groen", "Hondenuitlaatveld met een hek",
         "Honden kunnen dan los rennen zonder dat ze op het speelveld komen.", 7_500),
    Plan("BU04890919", "groen", "Bankjes langs het wandelpad",
         "Om de paar honderd meter een bankje, zodat ook wie slecht ter been is de hele ronde kan lopen.", 3_600),
    Plan("BU04890921", "sport", "Tafeltennistafel bij het speelveld",
         "Een stenen tafeltennistafel voor jongeren en volwassenen.", 2_800),
    Plan("BU04890922", "sport", "Verlichting op het basketbalveld",
         "Jongeren spelen hier graag, ook als het donker wordt.", 8_900),
    Plan("BU04890921", "groen", "Fruitbomen in de buurtmoestuin",
         "Appel-, peren- en kersenbomen; de moestuinclub zorgt ervoor en deelt de oogst.", 2_400),
    Plan("BU04890922", "sport", "De skatebaan groter maken",
         "De skatebaan is klein en vaak vol. Er kunnen een paar elementen bij.", 19_000),
    Plan("BU04890918", "groen", "Bloemstroken en insectenhotels",
         "Langs de sloten bloemen voor bijen en vlinders, met een paar insectenhotels.", 1_900),
]

ADVICE_QUESTION = "Dit voorstel dingt mee naar het wijkbudget. Past het bij uw beleid en kan het zo uitgevoerd worden?"
ADVICE_ANSWER = {
    "groen": "Past bij het beleid voor de openbare ruimte. De gemeente onderhoudt het daarna.",
    "sport": "Past bij het sportakkoord: meer bewegen in de wijk. Akkoord.",
}
REALISATION = [
    (workflow.PLANNED, "De opdracht is gegeven. De bewoners die meedachten, kiezen samen de toestellen uit.", 50),
    (workflow.IN_PROGRESS, "De oude toestellen zijn weg en de nieuwe worden geplaatst. De speeltuin is een paar "
                           "weken dicht.", 25),
    (workflow.DONE, "De speeltuin is klaar en weer open. Er is nu ook een schommel voor kinderen in een rolstoel.",
     8),
]


def load(municipality: Municipality, users: dict[str, User]) -> None:
    if Round.objects.filter(municipality=municipality).exists():
        return  # examples are loaded once; rounds staff made or changed are never touched
    themes = {t.slug: t for t in Theme.objects.filter(municipality=municipality).select_related("portfolio")}
    districts = {d.code: d for d in District.objects.filter(municipality=municipality,
                                                             code__in=[FINISHED_DISTRICT, OPEN_DISTRICT])}
    if len(districts) < 2 or not {"groen", "sport"} <= set(themes):
        return  # the municipality changed its districts or themes: nothing sensible to show
    holders = [u for u in users.values() if u is not None]
    _finished_round(municipality, districts[FINISHED_DISTRICT], themes, holders)
    _open_round(municipality, districts[OPEN_DISTRICT], themes, holders, users)


def _today() -> dt.date:
    return timezone.localdate()


def _days(n: int) -> dt.date:
    return _today() + dt.timedelta(days=n)


def _new_round(municipality: Municipality, district: District, *, title: str, slug: str, amount: int,
               explanation: str, **fields) -> Round:
    """A round published with dates just ahead of today (in its review phase), so proposals can be admitted."""
    round_ = rounds.round_create(
        municipality=municipality, actor=None, district=district, title=title, slug=slug, amount=amount,
        explanation=explanation, proposals_from=_days(-10), review_from=_today(), voting_from=_days(1),
        voting_until=_days(2), realisation_from=_days(3), method=Round.Method.CART, rule=Round.Rule.MES,
        completion=Round.Completion.ADD1, min_choices=1, vote_with_account=True, vote_with_code=True,
        is_example=True, **fields)
    return rounds.round_publish(round=round_, actor=None)


def _redate(round_: Round, **dates: int) -> Round:
    """Give the round the dates it shows (days from today) and bring its phase up to date."""
    Round.objects.filter(pk=round_.pk).update(**{name: _days(n) for name, n in dates.items()})
    round_.refresh_from_db()
    return rounds.round_tick(round_)


def _proposals(round_: Round, plans: list[Plan], themes: dict[str, Theme], holders: list[User]) -> list:
    """Each plan as an example item, moderated and considered, its portfolio holder's advice asked and answered,
    promoted to a proposal and admitted to the ballot with the municipality's cost (or refused with a reason)."""
    share = round_.shares.get()
    made = []
    holder_of: dict[int, User | None] = {}
    for plan in plans:
        theme = themes.get(plan.theme)
        area = Neighbourhood.objects.filter(code=plan.neighbourhood, year=round_.municipality.division_year).first()
        if theme is None or area is None:
            continue
        point = shape(area.geometry).representative_point()
        item = item_submit(author=None, municipality=round_.municipality, kind=Item.Kind.INITIATIVE,
                           title=plan.title, description=plan.description, theme=theme, lat=point.y, lon=point.x,
                           needs_decision=True, amount_requested=plan.cost, is_example=True)
        item = item_transition(item=item, actor=None, target=item_workflow.PUBLISHED)
        proposal = proposal_promote(item=item, share=share, actor=None)
        if plan.refusal:
            proposal = proposal_review(proposal=proposal, actor=None, target=workflow.NOT_FEASIBLE,
                                       reason=plan.refusal)
            made.append((plan, proposal))
            continue
        item = item_transition(item=item, actor=None, target=item_workflow.UNDER_CONSIDERATION)
        advice = advice_request(item=item, actor=None, question=ADVICE_QUESTION)
        if advice.portfolio_id not in holder_of:
            holder_of[advice.portfolio_id] = next(
                (u for u in holders if holds_portfolio(user_id=u.pk, portfolio_id=advice.portfolio_id)), None)
        holder = holder_of[advice.portfolio_id]
        if holder is None:
            continue  # no demo sign-in holds this portfolio: the proposal waits for its advice
        advice_answer(advice=advice, actor=holder, answer="agree", reasoning=ADVICE_ANSWER.get(plan.theme, ""))
        proposal = proposal_review(proposal=proposal, actor=None, target=workflow.FEASIBLE, cost=plan.cost,
                                   reason="Het kan op deze plek; de gemeente heeft de kosten geraamd.")
        proposal = proposal_review(proposal=proposal, actor=None, target=workflow.ADMITTED)
        made.append((plan, proposal))
    return made


def _ballots(made: list, budget: int, *, count: int, seed: int) -> list[dict[int, int]]:
    """Carts within the budget: each voter wants each project with its appeal, in a random order of preference,
    and takes what still fits."""
    rng = random.Random(seed)
    admitted = [(plan, p) for plan, p in made if p.status == workflow.ADMITTED]
    carts = []
    for _n in range(count):
        wanted = [(rng.random() / max(plan.appeal, 0.01), p) for plan, p in admitted if rng.random() < plan.appeal]
        if not wanted:
            wanted = [(0.0, max(admitted, key=lambda pair: pair[0].appeal + rng.random() / 3)[1])]
        cart, total = {}, 0
        for _rank, proposal in sorted(wanted, key=lambda pair: pair[0]):
            if total + proposal.cost <= budget:
                cart[proposal.pk] = 1
                total += proposal.cost
        carts.append(cart)
    return carts


def _addresses(share, first: int, count: int) -> bytes:
    """Fictitious addresses (a street that does not exist) spread over the share's neighbourhoods."""
    areas = list(Neighbourhood.objects.filter(district=share.district, year=share.round.municipality.division_year)
                 .order_by("code").values_list("code", flat=True))
    lines = ["straat;huisnummer;postcode;woonplaats;buurtcode"]
    lines += [f"Voorbeeldstraat;{n};2991ZZ;Barendrecht;{areas[n % len(areas)]}"
              for n in range(first, first + count)]
    return ("\n".join(lines) + "\n").encode()


def _cast_with_codes(round_: Round, made: list, *, count: int, seed: int) -> None:
    """A letter with a code for each of `count` fictitious addresses, and a ballot cast with each code. The first
    THROUGH_SERVICE go through voting.ballot_cast one by one; the rest are written in bulk as ballot_cast writes
    them (the voter's keyed token and neighbourhood, the anonymous ballot, the code used), each checked against the
    round's rules first: the demo loads for many tests, and 300 single casts took seconds."""
    share = round_.shares.select_related("district", "round__municipality").get()
    letters = []
    for start in range(0, count, codes.MAX_ROWS):
        rows = _addresses(share, start + 1, min(codes.MAX_ROWS, count - start))
        letters += codes.codes_generate(round=round_, csv_bytes=rows, actor=None)[0]
    carts = _ballots(made, share.amount, count=count, seed=seed)
    for letter, cart in zip(letters[:THROUGH_SERVICE], carts[:THROUGH_SERVICE], strict=True):
        voting.ballot_cast(round=round_, share=share, choices=cart, code=letter.code)
    rules, costs = voting.rules_for(share), voting.project_costs(share)
    rest = list(zip(letters[THROUGH_SERVICE:], carts[THROUGH_SERVICE:], strict=True))
    if any(ballot_rules.problems(rules, costs, cart) for _letter, cart in rest):
        raise ValueError("a generated demo ballot breaks the round's rules")
    where = dict(VotingCode.objects.filter(round=round_, code_hash__in=[hashing.code_hash(letter.code)
                                                                         for letter, _cart in rest])
                 .values_list("code_hash", "neighbourhood_id"))
    Voter.objects.bulk_create([
        Voter(round=round_, token=hashing.voter_token(round_.pk, code=letter.code), way=Voter.Way.CODE,
              neighbourhood_id=where[hashing.code_hash(letter.code)]) for letter, _cart in rest])
    Ballot.objects.bulk_create([Ballot(share=share, choices={str(pid): int(points) for pid, points in
                                                             sorted(cart.items())}) for _letter, cart in rest])
    VotingCode.objects.filter(round=round_, code_hash__in=list(where)).update(status=VotingCode.Status.USED)


def _finished_round(municipality: Municipality, district: District, themes: dict[str, Theme],
                    holders: list[User]) -> None:
    round_ = _new_round(
        municipality, district, title="Wijkbudget Centrum (voorbeeld)", slug="voorbeeld-wijkbudget-centrum",
        amount=50_000,
        explanation="Voorbeeldgegevens. Bewoners van Centrum bedachten plannen voor hun wijk en kozen samen waar "
                    "€ 50.000 naartoe gaat. Iedereen van 16 jaar en ouder kreeg een brief met een stemcode.")
    made = _proposals(round_, FINISHED, themes, holders)
    round_ = _redate(round_, proposals_from=-150, review_from=-120, voting_from=-3, voting_until=0,
                     realisation_from=40)
    _cast_with_codes(round_, made, count=BALLOTS, seed=SEED)
    round_ = _redate(round_, proposals_from=-150, review_from=-120, voting_from=-95, voting_until=-81,
                     realisation_from=-60)  # voting closed: the count is due
    results.result_publish(round_)  # here and now, also where a worker would count
    round_.refresh_from_db()
    round_ = rounds.round_tick(round_)
    result = round_.shares.get().result
    # the playground (the realisation's texts are about it), when the voters chose it
    chosen = next((p for plan, p in made if plan is FINISHED[0] and str(p.pk) in result.selected), None)
    if chosen is not None:
        for status, text, days_ago in REALISATION:
            update = realisation_update(proposal=chosen, actor=None, status=status, text=text)
            RealisationUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now()
                                                                  - dt.timedelta(days=days_ago))
    _backdate_round(round_, made, published=150, changes=(125, 96), result=80)


def _open_round(municipality: Municipality, district: District, themes: dict[str, Theme], holders: list[User],
                users: dict[str, User]) -> None:
    round_ = _new_round(
        municipality, district, title="Wijkbudget Nieuweland (voorbeeld)", slug="voorbeeld-wijkbudget-nieuweland",
        amount=40_000, allow_change=True,
        explanation="Voorbeeldgegevens. Er is € 40.000 voor plannen van bewoners van Nieuweland. Kies de plannen "
                    "die u het belangrijkst vindt, samen niet meer dan het budget. U stemt met uw account of met "
                    "de stemcode uit de brief. Tot het stemmen sluit, mag u uw keuze nog veranderen.")
    made = _proposals(round_, OPEN, themes, holders)
    round_ = _redate(round_, proposals_from=-60, review_from=-30, voting_from=-5, voting_until=16,
                     realisation_from=45)
    _backdate_round(round_, made, published=60, changes=(28, 8), result=None)
    resident, staff = users.get("resident"), users.get("civil_servant")
    area = Neighbourhood.objects.filter(code=RESIDENT_NEIGHBOURHOOD, year=municipality.division_year).first()
    if resident is None or staff is None or area is None or ResidentVerification.objects.filter(
            user=resident).exists():
        return  # a verification made or changed by staff stays as it is
    # As resident_verify records it, without its access log: nobody looked anyone up, the demo made this up.
    ResidentVerification.objects.create(user=resident, neighbourhood=area, birth_year=RESIDENT_BIRTH_YEAR,
                                        source=ResidentVerification.Source.STAFF, verified_by=staff,
                                        verified_at=timezone.now() - dt.timedelta(days=70))


def _backdate_round(round_: Round, made: list, *, published: int, changes: tuple[int, int],
                    result: int | None) -> None:
    """Give the round's publication, its proposals' histories and items, and the count realistic moments."""
    now = timezone.now()
    Round.objects.filter(pk=round_.pk).update(published_at=now - dt.timedelta(days=published))
    if result is not None:
        Round.objects.filter(pk=round_.pk).update(result_published_at=now - dt.timedelta(days=result))
        Result.objects.filter(share__round=round_).update(computed_at=now - dt.timedelta(days=result))
    first, last = changes
    for n, (_plan, proposal) in enumerate(made):
        _backdate(proposal.item, days_ago=first + n)
        review = now - dt.timedelta(days=last + n % 5)
        steps = list(ProposalChange.objects.filter(proposal=proposal).order_by("pk"))
        for k, change in enumerate(steps):
            if change.target in workflow.BY_THE_COUNT and result is not None:
                moment = now - dt.timedelta(days=result)
            elif k == 0:
                moment = now - dt.timedelta(days=first + n)
            else:
                moment = review + dt.timedelta(hours=k)
            ProposalChange.objects.filter(pk=change.pk).update(created_at=moment)
        if steps:
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=now - dt.timedelta(days=first + n),
                status_changed_at=ProposalChange.objects.filter(pk=steps[-1].pk).values_list(
                    "created_at", flat=True).get())
