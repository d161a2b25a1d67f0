"""The count: when voting has closed, each share's ballots are tallied with wijkgericht.voting under the round's rule
and completion, the result is stored and published, and every proposal on the ballot is moved to chosen or not
chosen with a plain-Dutch explanation.

The anonymous ballots leave the site as a pabulib file (`ballots_pabulib`) built from the very `Election` the count
was computed on (same projects, same order, same ids), so `python -m wijkgericht.voting tally FILE --rule …
--completion …` reproduces the published selection exactly. Project ids are the proposals' ids; voters are numbered
1…n in the ballots' random-id order (nothing about who voted, or when, is in the file).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.accounts.roles import user_scope
from wijkgericht.budgets import explain, selectors, workflow
from wijkgericht.budgets.models import Ballot, DistrictShare, Proposal, ProposalChange, Result, Round, Voter
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.voting import PABULIB_RULE, Election, Outcome, Project, tally
from wijkgericht.voting.pabulib import election_as_string

log = logging.getLogger(__name__)

# The rule a council compares the published one with (never shown as the result).
ALTERNATIVE = {"greedy": ("mes", "add1"), "mes": ("greedy", "none")}


def _ballot_proposals(share: DistrictShare) -> list[Proposal]:
    """The proposals on the share's ballot with their cost (admitted; after the count, chosen or not), by id."""
    return sorted(selectors.ballot_proposals(share), key=lambda p: p.pk)


@dataclass
class Count:
    """What the count reads: the election as pabulib would write it, and per proposal how many chose it."""

    election: Election
    proposals: list[Proposal]
    voters: dict[str, int]   # ballots that chose each project
    points: dict[str, int]   # their points (the points method; equals voters otherwise)


def _meta(share: DistrictShare, *, ballots: int, projects: int) -> dict[str, str]:
    round_ = share.round
    cumulative = round_.method == Round.Method.POINTS
    meta = {
        "description": f"{round_.title} — {share.district.name}",
        "country": "Netherlands",
        "unit": round_.municipality.name,
        "subunit": share.district.name,
        "district": share.district.code,
        "instance": str(round_.voting_until.year),
        "num_projects": str(projects),
        "num_votes": str(ballots),
        "budget": str(share.amount),
        "currency": "EUR",
        "language": "nl",
        "date_begin": round_.voting_from.strftime("%d.%m.%Y"),
        "date_end": round_.voting_until.strftime("%d.%m.%Y"),
        "vote_type": "cumulative" if cumulative else "approval",
        "rule": PABULIB_RULE[(round_.rule, round_.completion if round_.rule == "mes" else "none")],
    }
    if cumulative and round_.points_total:
        meta["max_sum_points"] = str(round_.points_total)
    if round_.method == Round.Method.APPROVAL and round_.max_choices:
        meta["max_length"] = str(round_.max_choices)
    if round_.is_example:
        meta["comment"] = "voorbeeldgegevens (example data)"
    return meta


def count_of(share: DistrictShare) -> Count:
    """The election of one share: the proposals on its ballot (cost = the municipality's cost) and every ballot."""
    proposals = _ballot_proposals(share)
    ids = [str(p.pk) for p in proposals]
    index = {pid: j for j, pid in enumerate(ids)}
    cumulative = share.round.method == Round.Method.POINTS
    indptr = [0]
    indices: list[int] = []
    points_raw: list[str] | None = [] if cumulative else None
    voters = dict.fromkeys(ids, 0)
    points = dict.fromkeys(ids, 0)
    n = 0
    # random ids: this order says nothing about who voted or when
    for choices in Ballot.objects.filter(share=share).order_by("id").values_list("choices", flat=True).iterator(
            chunk_size=5000):
        chosen = [(index[str(k)], int(v)) for k, v in (choices or {}).items() if str(k) in index and int(v) > 0]
        if cumulative:
            chosen.sort(key=lambda c: (-c[1], c[0]))  # pabulib: decreasing points
            points_raw.append(",".join(str(v) for _, v in chosen))  # type: ignore[union-attr]
        else:
            chosen.sort()
        for j, v in chosen:
            voters[ids[j]] += 1
            points[ids[j]] += v if cumulative else 1
        indices.extend(j for j, _ in chosen)
        indptr.append(len(indices))
        n += 1
    projects = [
        Project(pid, Fraction(p.cost or 0), {"project_id": pid, "cost": str(p.cost or 0), "name": p.item.title[:120],
                                             "votes": str(voters[pid])})
        for pid, p in zip(ids, proposals, strict=True)
    ]
    if cumulative:
        for project in projects:
            project.fields["score"] = str(points[project.project_id])
    columns = ["project_id", "cost", "name", "votes"] + (["score"] if cumulative else [])
    election = Election(
        meta=_meta(share, ballots=n, projects=len(projects)),
        projects=projects,
        project_columns=columns,
        voter_ids=[str(v + 1) for v in range(n)],
        ballot_indptr=np.asarray(indptr, dtype=np.int64),
        ballot_indices=np.asarray(indices, dtype=np.int32),
        vote_columns=["voter_id", "vote"] + (["points"] if cumulative else []),
        points_raw=points_raw,
    )
    return Count(election, proposals, voters, points)


def _decisions(outcome: Outcome, count: Count) -> dict[str, dict[str, Any]]:
    return {pid: {"code": d.code, "stage": d.stage, "selected": d.selected, "numbers": dict(d.numbers),
                  "voters": count.voters.get(pid, 0), "points": count.points.get(pid, 0)}
            for pid, d in outcome.decisions.items()}


def _money(value: Fraction) -> int:
    return int(value)  # costs are whole euros


def _share_voters(share: DistrictShare, ballots: int) -> int:
    """Who voted for this share: the round's voters in its district (a round with one share: all its voters)."""
    voters = Voter.objects.filter(round_id=share.round_id)
    if share.round.shares.count() > 1:
        voters = voters.filter(neighbourhood__district_id=share.district_id)
    return voters.count() or ballots


def result_compute(share: DistrictShare, count: Count | None = None) -> Result:
    """The share's result (not saved): the round's rule and completion on its ballots, and for the council the
    outcome of the other rule (greedy ↔ Equal Shares with add1)."""
    round_ = share.round
    count = count or count_of(share)
    completion = round_.completion if round_.rule == "mes" else "none"
    outcome = tally(count.election, round_.rule, completion)
    other_rule, other_completion = ALTERNATIVE[round_.rule]
    other = tally(count.election, other_rule, other_completion)
    return Result(
        share=share, rule=round_.rule, completion=completion, selected=list(outcome.selected),
        decisions=_decisions(outcome, count),
        alternative={"rule": other_rule, "completion": other_completion, "selected": list(other.selected),
                     "cost": _money(other.cost), "decisions": _decisions(other, count)},
        voters=_share_voters(share, count.election.num_voters), ballots=count.election.num_voters,
        cost=_money(outcome.cost), computed_at=timezone.now(),
    )


def explanation_of(result: Result, proposal_id: int | str, *, alternative: bool = False) -> str:
    """The Dutch sentence(s) for one project of a result (in the active language)."""
    source = result.alternative if alternative else {"rule": result.rule, "decisions": result.decisions}
    decision = source.get("decisions", {}).get(str(proposal_id))
    if decision is None:
        return ""
    return explain.explanation(decision, rule=source["rule"], method=result.share.round.method)


def _count_outcome(proposal: Proposal, selected: bool, explanation: str) -> None:
    """B1's proposal_count_outcome (status, history, the backing item's decision, supporters told)."""
    try:
        from wijkgericht.budgets.services.proposals import proposal_count_outcome
    except ImportError:  # pragma: no cover - until the proposals service is in: the status and history only
        target = workflow.SELECTED if selected else workflow.NOT_SELECTED
        ProposalChange.objects.create(proposal=proposal, source=proposal.status, target=target, reason=explanation)
        Proposal.objects.filter(pk=proposal.pk).update(status=target, status_changed_at=timezone.now())
        return
    proposal_count_outcome(proposal=proposal, selected=selected, explanation=explanation)


def result_publish(round: Round) -> list[Result]:  # noqa: A002 - the interface's name
    """Count every share of a round whose voting has closed (the caller, rounds.round_tick, knows the day), store and publish the results: each proposal on the
    ballot becomes chosen or not chosen with its explanation (B1's proposal_count_outcome tells supporters), the
    round's result_published_at is set, the public pages are rebuilt. Done once; a second call returns the stored
    results."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.result_published_at is not None:
            return list(Result.objects.filter(share__round=locked).select_related("share__district"))
        if locked.phase not in (workflow.VOTING, workflow.RESULT, workflow.REALISATION):
            raise ValidationError(_("Er is nog niet gestemd in deze ronde."), code="not_voted")
        results = []
        shares = list(DistrictShare.objects.filter(round=locked).select_related("district", "round__municipality"))
        for share in shares:
            share.round = locked
            count = count_of(share)
            result = result_compute(share, count)
            Result.objects.filter(share=share).delete()
            result.save()
            chosen = set(result.selected)
            with translation.override("nl"):  # the public reason is stored in the site's language
                for proposal in count.proposals:
                    pid = str(proposal.pk)
                    _count_outcome(proposal, pid in chosen, explanation_of(result, pid))
            results.append(result)
        locked.result_published_at = timezone.now()
        locked.save(update_fields=["result_published_at"])
        round.result_published_at = locked.result_published_at
        public_pages_changed(locked.municipality_id)
    log.info("budget round %s: result published (%s)", locked.pk,
             ", ".join(f"{r.share.district.code}: {len(r.selected)} chosen of {r.ballots} ballots" for r in results))
    return results


PUBLISH_TASK = "wijkgericht.budgets.tasks.publish_result"


def result_publish_soon(round: Round) -> None:  # noqa: A002
    """The count of a round whose voting closed, where it belongs: in the background on the production set-up
    (Celery with a broker: the task, once this transaction has committed; a second request before it ran only
    queues a count that finds the result stored), here and now on the embedded default (no broker: eager)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        result_publish(round)
        return
    from celery import current_app

    round_id = round.pk
    transaction.on_commit(lambda: current_app.send_task(PUBLISH_TASK, args=[round_id]))


def ballots_pabulib(share: DistrictShare) -> str:
    """The share's anonymous ballots as a pabulib file, META rule as pabulib names the round's rule."""
    return election_as_string(count_of(share).election)


def may_compare(user: User | None, round: Round) -> bool:  # noqa: A002
    """The comparison of the published rule with the other one is for the council and the municipality's staff:
    aldermen (district or portfolio), the district teams of the round's districts and its administrators."""
    if user is None or not user.is_authenticated:
        return False
    scope = user_scope(user)
    if scope.administers(round.municipality_id) or scope.portfolio_ids or scope.alderman_district_ids:
        return True
    district_ids = set(DistrictShare.objects.filter(round=round).values_list("district_id", flat=True))
    return bool(district_ids & scope.team_district_ids)


def require_compare(user: User | None, round: Round) -> None:  # noqa: A002
    if not may_compare(user, round):
        raise PermissionDenied(_("Deze vergelijking is alleen voor de gemeenteraad en medewerkers van de gemeente."))


def published_results(round: Round) -> Iterable[Result]:  # noqa: A002
    return Result.objects.filter(share__round=round).select_related("share__district").order_by(
        "share__district__name")
