"""A person's data in district budgets (accounts/personal_data.py describes a provider).

- ResidentVerification: the neighbourhood and year of birth verified for voting: exported, and erased with the
  account (CASCADE).
- ProposalChange.actor, RealisationUpdate.actor, ResidentVerification.verified_by: which staff member did the work;
  not part of the export, they lose their account on deletion (SET NULL).
- A proposal's resident text is its item's (participation's provider exports and erases it).
- Votes are not personal data here by design: a Voter row holds a keyed hash, not the account, and a ballot has no
  link to anyone (models.py). An erased account keeps its "has voted" token, so it cannot vote twice in an open
  round; nothing links it back to the person.
"""

from __future__ import annotations

from typing import Any

from wijkgericht.accounts.models import User
from wijkgericht.accounts.personal_data import Provider, when
from wijkgericht.budgets.models import ProposalChange, RealisationUpdate, ResidentVerification


def budgets_export(user: User) -> dict[str, Any]:
    return {"budget_verification": [{
        "neighbourhood": verification.neighbourhood.name,
        "birth_year": verification.birth_year,
        "works_or_studies": verification.works_or_studies,
        "source": verification.source,
        "verified_at": when(verification.verified_at),
    } for verification in ResidentVerification.objects.filter(user=user).select_related("neighbourhood")]}


def budgets_erase(user: User, *, keep_unpublished: bool) -> dict[str, int]:
    deleted, _ = ResidentVerification.objects.filter(user=user).delete()
    return {"budget_verifications": deleted}


provider = Provider(
    section="budgets", order=25,
    models=(ResidentVerification, ProposalChange, RealisationUpdate),
    export=budgets_export, erase=budgets_erase,
)
