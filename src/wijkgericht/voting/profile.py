"""The numeric view of an election that the rules work on.

Voters with identical ballots always end a rule in identical states, so they are merged into one *group* with a
weight (its number of voters). Each project keeps the groups that support it (CSR per project) with their
satisfaction. Memory is proportional to the number of distinct approvals, never groups × projects.

Satisfaction is *cost satisfaction*, as pabutools' ``Cost_Sat``: a voter who approves project ``p`` gets
``u × cost(p)``, where ``u`` is 1 for approval, choose-1 and ordinal ballots (a ranked project counts as approved)
and the points given for cumulative and scoring ballots (so that greedy orders projects by votes or by points).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .model import CARDINAL_VOTE_TYPES, Election


@dataclass(frozen=True, slots=True)
class Profile:
    project_ids: list[str]
    costs: list[Fraction]
    budget: Fraction
    num_voters: int
    binary: bool
    group_weights: npt.NDArray[np.int64]
    # per project p: supporters sup_groups[sup_indptr[p]:sup_indptr[p+1]] with utility sup_utils[...] (exact)
    sup_indptr: npt.NDArray[np.int64]
    sup_groups: npt.NDArray[np.int32]
    sup_utils: list[Fraction] | None  # None when binary (every utility is 1)
    # per project: the weighted utility sum (number of approvals for binary ballots)
    support: list[Fraction]

    @property
    def num_projects(self) -> int:
        return len(self.project_ids)

    def supporters(self, p: int) -> npt.NDArray[np.int32]:
        return self.sup_groups[self.sup_indptr[p] : self.sup_indptr[p + 1]]

    def utils(self, p: int) -> list[Fraction]:
        start, end = int(self.sup_indptr[p]), int(self.sup_indptr[p + 1])
        if self.sup_utils is None:
            return [Fraction(1)] * (end - start)
        return self.sup_utils[start:end]


def build_profile(election: Election) -> Profile:
    m = len(election.projects)
    n = election.num_voters
    indptr = election.ballot_indptr.tolist()
    indices = election.ballot_indices
    binary = election.vote_type not in CARDINAL_VOTE_TYPES
    points = election.points() if not binary else None

    groups: dict[object, int] = {}
    weights: list[int] = []
    ballots: list[tuple[int, ...]] = []
    ballot_utils: list[tuple[Fraction, ...]] = []
    for v in range(n):
        a, b = indptr[v], indptr[v + 1]
        key: object
        if binary:
            ballot = tuple(sorted(set(indices[a:b].tolist())))
            key = ballot
            utils: tuple[Fraction, ...] = ()
        else:
            assert points is not None
            pairs = sorted((j, u) for j, u in zip(indices[a:b].tolist(), points[a:b], strict=True) if u > 0)
            ballot = tuple(j for j, _ in pairs)
            utils = tuple(u for _, u in pairs)
            key = (ballot, utils)
        g = groups.get(key)
        if g is None:
            g = len(weights)
            groups[key] = g
            weights.append(1)
            ballots.append(ballot)
            ballot_utils.append(utils)
        else:
            weights[g] += 1

    # transpose group ballots into per-project supporter lists
    counts = np.zeros(m + 1, dtype=np.int64)
    flat_projects = np.fromiter((j for ballot in ballots for j in ballot), dtype=np.int64)
    flat_groups = np.fromiter((g for g, ballot in enumerate(ballots) for _ in ballot), dtype=np.int64)
    np.add.at(counts, flat_projects + 1, 1)
    sup_indptr = np.cumsum(counts)
    order = np.argsort(flat_projects, kind="stable")
    sup_groups = flat_groups[order].astype(np.int32)
    sup_utils: list[Fraction] | None = None
    w = np.asarray(weights, dtype=np.int64)
    if binary:
        support = [Fraction(int(w[sup_groups[sup_indptr[p] : sup_indptr[p + 1]]].sum())) for p in range(m)]
    else:
        flat_utils = [u for utils in ballot_utils for u in utils]
        sup_utils = [flat_utils[i] for i in order.tolist()]
        support = []
        for p in range(m):
            a, b = int(sup_indptr[p]), int(sup_indptr[p + 1])
            support.append(sum((u * int(w[g]) for g, u in zip(sup_groups[a:b].tolist(), sup_utils[a:b], strict=True)),
                               Fraction(0)))
    return Profile(
        project_ids=[p.project_id for p in election.projects],
        costs=[p.cost for p in election.projects],
        budget=election.budget,
        num_voters=n,
        binary=binary,
        group_weights=w,
        sup_indptr=sup_indptr,
        sup_groups=sup_groups,
        sup_utils=sup_utils,
        support=support,
    )
