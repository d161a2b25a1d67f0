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


def _group_binary(election: Election) -> tuple[list[int], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Group identical approval sets, vectorised: returns (weights, flat projects, flat groups) of the groups.

    Voters are keyed by (length, two random 64-bit sums over their approved projects); the grouping is then
    verified entry by entry against each group's first voter, so a hash collision can never merge different
    ballots (it would raise and the caller falls back to exact tuples).
    """
    n = election.num_voters
    m = len(election.projects)
    indptr = election.ballot_indptr
    voter_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    proj = election.ballot_indices.astype(np.int64)
    key = voter_of * m + proj
    if len(key) > 1 and not bool(np.all(key[1:] >= key[:-1])):
        order = np.argsort(key, kind="stable")
        voter_of = voter_of[order]
        proj = proj[order]
    if len(proj):
        keep = np.ones(len(proj), dtype=bool)
        keep[1:] = (voter_of[1:] != voter_of[:-1]) | (proj[1:] != proj[:-1])
        voter_of = voter_of[keep]
        proj = proj[keep]
    lengths = np.bincount(voter_of, minlength=n).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)))
    rng = np.random.default_rng(20240611)
    # sums of random 30-bit values stay below 2**53, so float64 bincount sums are exact
    s1 = np.bincount(voter_of, weights=rng.integers(1, 2**30, size=m)[proj].astype(np.float64), minlength=n)
    s2 = np.bincount(voter_of, weights=rng.integers(1, 2**30, size=m)[proj].astype(np.float64), minlength=n)
    by_key = np.lexsort((s2, s1, lengths))
    k0, k1, k2 = lengths[by_key], s1[by_key], s2[by_key]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (k0[1:] != k0[:-1]) | (k1[1:] != k1[:-1]) | (k2[1:] != k2[:-1])
    group_sorted = np.cumsum(new_group) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[by_key] = group_sorted
    first = by_key[new_group]
    counts = np.diff(np.concatenate((np.nonzero(new_group)[0], [n])))
    rep = first[inverse]  # representative voter of each voter's group
    pos = np.arange(len(proj), dtype=np.int64)
    mirrored = pos - starts[voter_of] + starts[rep[voter_of]]
    if not np.array_equal(proj, proj[mirrored]):
        raise ValueError("hash collision while grouping ballots")
    # the groups' own ballots: entries of representative voters
    is_rep_entry = rep[voter_of] == voter_of
    flat_projects = proj[is_rep_entry]
    flat_groups = inverse[voter_of[is_rep_entry]].astype(np.int64)
    return counts.astype(np.int64).tolist(), flat_projects, flat_groups


def build_profile(election: Election) -> Profile:
    binary = election.vote_type not in CARDINAL_VOTE_TYPES
    if binary and election.num_voters:
        try:
            weights, flat_projects, flat_groups = _group_binary(election)
        except ValueError:
            pass
        else:
            return _assemble(election, weights, flat_projects, flat_groups, None)
    return _build_profile_tuples(election)


def _assemble(
    election: Election,
    weights: list[int],
    flat_projects: npt.NDArray[np.int64],
    flat_groups: npt.NDArray[np.int64],
    flat_utils: list[Fraction] | None,
) -> Profile:
    m = len(election.projects)
    counts = (
        np.bincount(flat_projects, minlength=m).astype(np.int64)
        if len(flat_projects)
        else np.zeros(m, np.int64)
    )
    sup_indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    order = np.argsort(flat_projects, kind="stable")
    sup_groups = flat_groups[order].astype(np.int32)
    w = np.asarray(weights, dtype=np.int64)
    sup_utils: list[Fraction] | None = None
    if flat_utils is None:
        per_project = np.zeros(m, dtype=np.int64)
        if len(sup_groups):
            np.add.at(per_project, flat_projects, w[flat_groups])
        support = [Fraction(int(x)) for x in per_project]
    else:
        sup_utils = [flat_utils[i] for i in order.tolist()]
        support = []
        for p in range(m):
            a, b = int(sup_indptr[p]), int(sup_indptr[p + 1])
            support.append(
                sum(
                    (u * int(w[g]) for g, u in zip(sup_groups[a:b].tolist(), sup_utils[a:b], strict=True)),
                    Fraction(0),
                )
            )
    return Profile(
        project_ids=[p.project_id for p in election.projects],
        costs=[p.cost for p in election.projects],
        budget=election.budget,
        num_voters=election.num_voters,
        binary=flat_utils is None,
        group_weights=w,
        sup_indptr=sup_indptr,
        sup_groups=sup_groups,
        sup_utils=sup_utils,
        support=support,
    )


def _build_profile_tuples(election: Election) -> Profile:
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
    flat_projects = np.fromiter((j for ballot in ballots for j in ballot), dtype=np.int64)
    flat_groups = np.fromiter((g for g, ballot in enumerate(ballots) for _ in ballot), dtype=np.int64)
    flat_utils = None if binary else [u for utils in ballot_utils for u in utils]
    return _assemble(election, weights, flat_projects, flat_groups, flat_utils)
