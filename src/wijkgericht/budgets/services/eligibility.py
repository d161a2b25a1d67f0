"""Who may vote in a round with their account (issue #12 §3): a verified resident of one of the round's districts
(or of the neighbourhoods a share names), old enough, and — when the round includes them — someone who works or
studies there. Voting codes are checked by the code itself (the letter went to an eligible address).

Age: the verification holds only the year of birth, so a voter counts as old enough when they reach the minimum age
in the year voting closes (someone born in 2010 may vote from 16 in a round closing in 2026).

Verification: a civil servant records it (services.verification), or DigiD does: verification_from_claims, called at
every OIDC sign-in (accounts' oidc_claims_received signal, connected in budgets.apps)."""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkgericht.budgets.models import DistrictShare, ResidentVerification, Round
from wijkgericht.budgets.services.verification import OLDEST_BIRTH_YEAR
from wijkgericht.districts.models import Address, Neighbourhood
from wijkgericht.districts.postcodes import parse_house_number, parse_postcode

log = logging.getLogger(__name__)

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


# The house number at the end of a street address line: "Middenbaan 12", "Dorpsstraat 3a", "Kerkweg 14 bis",
# "Laan 7-2" (number, then at most a house letter and an addition of up to 4 letters or digits, as in the BAG).
_STREET_NUMBER = re.compile(r"(?:^|\s)([0-9]{1,5})\s*[A-Za-z]?(?:\s*[-/]?\s*[A-Za-z0-9]{1,4})?\s*\Z")
# OIDC's birthdate: YYYY-MM-DD, or YYYY alone when the provider gives only the year.
_BIRTHDATE = re.compile(r"([0-9]{4})(-[0-9]{2}-[0-9]{2})?\Z")


def _claims_house_number(claims: dict[str, Any], address: dict[str, Any]) -> int | None:
    """A broker's own `house_number` claim (top level, or inside `address`), else the number that ends the first
    line of `address.street_address`."""
    for raw in (claims.get("house_number"), address.get("house_number")):
        if raw is not None and not isinstance(raw, bool):
            return parse_house_number(raw)
    street = address.get("street_address")
    if not isinstance(street, str) or not street.strip():
        return None
    found = _STREET_NUMBER.search(street.strip().splitlines()[0])
    return parse_house_number(found.group(1)) if found else None


def _claims_birth_year(claims: dict[str, Any]) -> int | None:
    raw = claims.get("birthdate")
    found = _BIRTHDATE.match(raw.strip()) if isinstance(raw, str) else None
    if found is None:
        return None
    if found.group(2):
        try:
            datetime.date.fromisoformat(found.group(0))
        except ValueError:
            return None
    year = int(found.group(1))
    return year if OLDEST_BIRTH_YEAR <= year <= timezone.localdate().year else None


def verification_from_claims(user, claims: dict[str, Any]) -> ResidentVerification | None:
    """Record where `user` lives from a DigiD broker's claims at sign-in: the neighbourhood of the `address` claim
    (`postal_code`, and the house number from a `house_number` claim or the end of `street_address`) in the postcode
    table of its municipality's active CBS year, and the year of `birthdate`. Neither the address nor the full date
    is stored, or logged.

    DigiD is authoritative: it updates the account's verification, OIDC-sourced or recorded by a civil servant (which
    it replaces, also one for someone who works or studies here: living here is the stronger right). Without a
    usable address or birth date nothing changes. An address outside the postcode table (moved away, or another
    municipality) records nothing and removes an earlier OIDC-sourced verification, which is then stale; a civil
    servant's record stays (it may be for work or study, which DigiD's address says nothing about)."""
    address = claims.get("address")
    if not isinstance(address, dict):
        return None
    postcode = parse_postcode(address.get("postal_code") if isinstance(address.get("postal_code"), str) else None)
    number = _claims_house_number(claims, address)
    birth_year = _claims_birth_year(claims)
    if postcode is None or number is None or birth_year is None:
        log.info("OIDC sign-in without a usable address or birth date: no residence verification recorded")
        return None
    place = (Address.objects.filter(postcode=postcode, number=number,
                                    neighbourhood__year=F("neighbourhood__municipality__division_year"))
             .order_by("pk").values_list("neighbourhood_id", flat=True).first())
    if place is None:
        log.info("OIDC sign-in with an address not in the postcode table: no residence verification recorded")
        ResidentVerification.objects.filter(user=user, source=ResidentVerification.Source.OIDC).delete()
        return None
    verification, _created = ResidentVerification.objects.update_or_create(
        user=user, defaults={"neighbourhood_id": place, "birth_year": birth_year, "works_or_studies": False,
                             "source": ResidentVerification.Source.OIDC, "verified_by": None,
                             "verified_at": timezone.now()})
    return verification
