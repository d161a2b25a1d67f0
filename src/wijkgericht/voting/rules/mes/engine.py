"""The MES engine: per-project arrays precomputed once for a profile, and one pass run on them.

A pass is the certified float pass (:mod:`.float_pass`); if floats cannot certify one of its decisions it raises
:class:`~.result.NeedExact` and the pass is recomputed by the exact pass (:mod:`.exact_pass`).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from ...profile import Profile
from .exact_pass import run_exact
from .float_pass import run_float
from .numeric import BLAS_GEMV_MAX, U
from .result import MesResult, NeedExact, RoundTrace


def mes_eligible(profile: Profile, initial: Iterable[int] = ()) -> list[int]:
    taken = set(initial)
    return [
        p
        for p in range(profile.num_projects)
        if p not in taken and profile.costs[p] > 0 and profile.support[p] > 0
    ]


def locality_order(profile: Profile) -> npt.NDArray[np.intp]:
    """Groups ordered so that supporters of the same projects sit together: by the three most popular projects
    each group supports (popularity ranks, ascending; groups without support last). Groups supporting the most
    popular project come first, among them those with the same next project, and so on — a truncated
    lexicographic order of the ballots. Only the memory layout depends on it."""
    num_groups = len(profile.group_weights)
    m = profile.num_projects
    counts = np.diff(profile.sup_indptr)
    popularity = np.empty(m, dtype=np.int64)
    popularity[np.argsort(-counts, kind="stable")] = np.arange(m, dtype=np.int64)
    groups = profile.sup_groups.astype(np.int64)
    ranks = np.repeat(popularity, counts)
    entries = np.lexsort((ranks, groups))  # by group, then by the project's popularity rank
    groups, ranks = groups[entries], ranks[entries]
    first = np.searchsorted(groups, np.arange(num_groups, dtype=np.int64))
    within = np.arange(len(groups), dtype=np.int64) - first[groups]
    base = m + 1  # the rank m stands for "no further project"
    key = np.full(num_groups, m * base * base + m * base + m, dtype=np.int64)
    for level, scale in enumerate((base * base, base, 1)):
        at = within == level
        key[groups[at]] -= (m - ranks[at]) * scale
    return np.argsort(key, kind="stable").astype(np.intp)


class MesEngine:
    """Precomputed per-project arrays, reused by every pass (add1 runs hundreds of passes)."""

    def __init__(self, profile: Profile, initial: Iterable[int] = ()) -> None:
        self.profile = profile
        self.initial = list(initial)
        self.eligible = mes_eligible(profile, self.initial)
        self.num_groups = len(profile.group_weights)
        # the engine numbers the groups anew (see locality_order): a project's supporters then lie close together
        # in the budget arrays, and gathering and scattering their budgets misses the cache less (Warszawa: ≈ 12 %
        # of add1); every array below is in the new numbering, nothing outside the engine sees it
        perm = locality_order(profile)
        rank = np.empty(self.num_groups, dtype=np.intp)
        rank[perm] = np.arange(self.num_groups, dtype=np.intp)
        self.group_weights: list[int] = profile.group_weights[perm].tolist()
        w = profile.group_weights[perm].astype(np.float64)
        # exact utilities per project in the order of self.groups[p] (None: binary, all 1)
        self.utils: dict[int, list[Fraction] | None] = {}
        # supporter indices as intp: numpy converts any other index type on every gather and scatter (int32 indices
        # made ``b[g]`` ≈ 3× and ``b[g] = x`` ≈ 2× slower on Warszawa's supporter lists)
        self.groups: dict[int, npt.NDArray[np.intp]] = {}
        self.weights: dict[int, npt.NDArray[np.float64]] = {}
        self.sats: dict[int, npt.NDArray[np.float64] | None] = {}
        self.total_weight: dict[int, float] = {}
        self.cost_f: dict[int, float] = {}
        self.sat_min: dict[int, float] = {}
        self.sat_max: dict[int, float] = {}
        # the price when nobody is capped, exactly and as float, and the first lower bound of every pass
        self.rho_exact: dict[int, Fraction] = {p: Fraction(1) / profile.support[p] for p in self.eligible}
        self.rho_exact_f: dict[int, float] = {p: float(r) for p, r in self.rho_exact.items()}
        self.lo0: dict[int, float] = {p: r * (1 - 4 * U) for p, r in self.rho_exact_f.items()}
        for p in self.eligible:
            g = rank[profile.supporters(p)]
            order = np.argsort(g, kind="stable")
            g = g[order]
            self.groups[p] = g
            if profile.binary:
                self.utils[p] = None
            else:
                utils = profile.utils(p)
                self.utils[p] = [utils[k] for k in order.tolist()]
            self.weights[p] = w[g]
            self.total_weight[p] = float(w[g].sum())
            c = float(profile.costs[p])
            self.cost_f[p] = c
            if profile.binary:
                self.sats[p] = None
                self.sat_min[p] = self.sat_max[p] = c
            else:
                s = np.asarray([float(u * profile.costs[p]) for u in self.utils[p] or ()], dtype=np.float64)
                self.sats[p] = s
                self.sat_min[p] = float(s.min())
                self.sat_max[p] = float(s.max())
        # binary water-filling scratch: row 0 the weights, row 1 weight × budget (only where OpenBLAS runs the
        # matrix-vector product on one thread, see numeric.BLAS_GEMV_MAX)
        self.stacks: dict[int, npt.NDArray[np.float64]] = {
            p: np.stack([self.weights[p], self.weights[p]])
            for p in self.eligible
            if self.sats[p] is None and len(self.groups[p]) <= BLAS_GEMV_MAX
        }
        self.eligible_arr = np.asarray(self.eligible, dtype=np.int64)
        self.weight_arr = np.asarray([self.total_weight[p] for p in self.eligible], dtype=np.float64)
        self.cost_arr = np.asarray([self.cost_f[p] for p in self.eligible], dtype=np.float64)

    def initial_beta(self) -> Fraction:
        return self.profile.budget / self.profile.num_voters

    def run(
        self,
        beta: Fraction | None = None,
        *,
        force_exact: bool = False,
        trace: bool = False,
        anchor: list[RoundTrace] | None = None,
        hint: list[int] | None = None,
    ) -> MesResult:
        """One pass. With ``trace`` the float pass records what :func:`mes_add1` needs to skip passes; with an
        ``anchor`` (the trace of a pass with a smaller budget) it also reports whether every pass in between is
        certainly identical (``verified``). An exact pass carries no trace and verifies nothing."""
        if beta is None:
            beta = self.initial_beta()
        if not self.eligible:
            return MesResult(beta, [], [], True, np.full(self.num_groups, float(beta)), self)
        if not force_exact:
            try:
                return run_float(self, beta, trace=trace, anchor=anchor, hint=hint)
            except NeedExact:
                result = run_exact(self, beta)
                result.fallback = True
                return result
        return run_exact(self, beta)


def method_of_equal_shares(
    profile: Profile, *, initial: Iterable[int] = (), force_exact: bool = False
) -> MesResult:
    if profile.num_voters == 0:
        return MesResult(Fraction(0), [], [], True)
    return MesEngine(profile, initial).run(force_exact=force_exact)
