"""Who may vote in a round with their account (issue #12 §3): a verified resident of one of the round's districts
(or of the neighbourhoods a share names), old enough, and — when the round includes them — someone who works or
studies there. Voting codes are checked by the code itself (the letter went to an eligible address).

Age: the verification holds only the year of birth, so a voter counts as old enough when they reach the minimum age
in the year voting closes (someone born in 2010 may vote from 16 in a round closing in 2026)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets.models import DistrictShare, ResidentVerification, Round
from wijkgericht.districts.models import Neighbourhood

NOT_SIGNED_IN = "not_signed_in"
NO_ACCOUNT_VOTING = "no_account_voting"
NOT_VERIFIED = "not_verified"
TOO_YOUNG = "too_young"
WORKERS_NOT_INCLUDED = "workers_not_included"
OTHER_DISTRICT = "other_district"
NEIGHBOURHOOD_NOT_INCLUDED = "neighbourhood_not_included"

REASONS = {
    NOT_SIGNED_IN: _("Log in om met uw account te stemmen."),
    NO_ACCOUNT_VOTING: _("In deze ronde stemt u met de stemcode uit de brief die u thuis kreeg, niet met uw "
                        "account."),
    NOT_VERIFIED: _("Uw adres is nog niet gecontroleerd. Dat is nodig om met uw account te stemmen."),
    TOO_YOUNG: _("U bent nog te jong om mee te stemmen in deze ronde."),
    WORKERS_NOT_INCLUDED: _("In deze ronde stemmen alleen bewoners. U werkt of studeert hier, maar woont er niet."),
    OTHER_DISTRICT: _("U woont niet in een wijk van deze ronde. U kunt hier niet stemmen."),
    NEIGHBOURHOOD_NOT_INCLUDED: _("Uw buurt doet niet mee aan deze ronde. U kunt hier niet stemmen."),
}


@dataclass(frozen=True)
class Eligibility:
    share: DistrictShare | None
    reason: str = ""  # a code of REASONS when share is None
    neighbourhood: Neighbourhood | None = None

    @property
    def allowed(self) -> bool:
        return self.share is not None

    @property
    def message(self) -> str:
        return str(REASONS.get(self.reason, ""))


def old_enough(birth_year: int, min_age: int, voting_until_year: int) -> bool:
    return voting_until_year - birth_year >= min_age


def eligibility(round: Round, user) -> Eligibility:  # noqa: A002 - the domain's word
    """May `user` vote in `round` with their account, and on which district's share."""
    if not round.vote_with_account:
        return Eligibility(None, NO_ACCOUNT_VOTING)
    if user is None or not user.is_authenticated:
        return Eligibility(None, NOT_SIGNED_IN)
    verification = (ResidentVerification.objects.select_related("neighbourhood").filter(user=user).first())
    if verification is None:
        return Eligibility(None, NOT_VERIFIED)
    where = verification.neighbourhood
    if verification.works_or_studies and not round.include_workers:
        return Eligibility(None, WORKERS_NOT_INCLUDED, where)
    if not old_enough(verification.birth_year, round.min_age, round.voting_until.year):
        return Eligibility(None, TOO_YOUNG, where)
    share = (round.shares.filter(district_id=where.district_id).annotate(listed=Count("neighbourhoods")).first()
             if where.district_id else None)
    if share is None:
        return Eligibility(None, OTHER_DISTRICT, where)
    if share.listed and not share.neighbourhoods.filter(code=where.code).exists():  # a list of codes: any CBS year
        return Eligibility(None, NEIGHBOURHOOD_NOT_INCLUDED, where)
    return Eligibility(share, "", where)


def eligible_share(round: Round, user) -> DistrictShare | None:  # noqa: A002
    """The share `user` votes on in `round`, or None (eligibility(...).reason says why)."""
    return eligibility(round, user).share
