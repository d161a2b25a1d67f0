"""Method of Equal Shares (MES) with cost satisfaction, fast and exact.

Semantics (pabutools' ``method_of_equal_shares`` with ``Cost_Sat``, resolute, lexicographic tie-breaking): every
voter starts with ``budget / number of voters`` (ballots without support count too). A project ``p`` with cost
``c`` and supporters ``i`` with satisfaction ``s_i = u_i × c`` is *affordable* if its supporters hold at least
``c`` together; its price per unit of satisfaction ``rho`` is the least value with
``sum_i min(b_i, rho × s_i) = c``. Each round buys the affordable project with the smallest ``rho`` (ties: the
smallest project id in ``str`` order) and each supporter pays ``min(b_i, rho × s_i)``. Projects without support or
without cost never take part. The rule stops when nothing is affordable.

Exactness. The fast engine computes budgets in float64 and carries a rigorous bound ``E`` on the absolute error of
every budget (see ``docs/adr/0002-voting-engine.md``). Each quantity that decides the outcome is turned into an
interval that provably contains the exact value:

* affordability: the float sum of supporters' money ± (weight × E + rounding of the sum);
* ``rho``: if every supporter certainly holds more than the equal share (``b_i − E > c / W``), nobody is capped and
  ``rho`` is exactly ``1 / support`` (a Fraction); otherwise ``rho`` is the float water-filling result ±
  (weight × E + rounding) / (smallest satisfaction), because ``sum_i min(b_i, rho × s_i)`` grows with slope at
  least ``s_min`` near its root and moves by at most weight × E when every budget moves by at most E.

A decision is taken in floats only when the intervals separate it, or when all contenders have exact Fractions
(genuine ties). Otherwise the pass raises :class:`NeedExact` and is recomputed by :func:`mes_exact`, which does the
same in ``fractions.Fraction`` throughout. So the float engine returns either the exact outcome or nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from ..profile import Profile

_U = 2.0**-52  # a generous unit round-off for float64 (the true one is 2**-53)


# OpenBLAS runs dot products of more than 10,000 entries on several threads; on a busy machine those threads spin
# and a 12,000-entry dot costs tens of microseconds of CPU instead of a few. Above this length: numpy's own loop.
_BLAS_DOT_MAX = 8192
# OpenBLAS threads a matrix-vector product from 2 × 4,608 entries on (2304 × GEMM_MULTITHREAD_THRESHOLD 4 = 9,216)
_BLAS_GEMV_MAX = 4096


def _dot(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64] | npt.NDArray[np.bool_]) -> float:
    """``a @ b`` as float without threaded BLAS. The error bounds below hold for any summation order."""
    if a.shape[0] <= _BLAS_DOT_MAX:
        # np.dot casts a boolean mask to float64 first, ≈ 1.5× faster than ``a @ mask`` (the matmul ufunc's loop)
        return float(np.dot(a, b))
    return float(np.einsum("i,i->", a, b))


class NeedExact(Exception):
    """Floats cannot certify a decision of this pass; recompute it exactly."""


# what evaluating a project gathered, kept for its payment if it wins the round: supporters' budgets, their error
# bounds (None if not gathered), and for binary water-filling the float per-supporter payment q and the weight of
# the supporters holding less than q (None otherwise)
_Gathered = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None, float | None, float | None]


@dataclass(frozen=True, slots=True)
class RoundTrace:
    """What iterated MES needs to know about one round of a pass to certify that nearby passes match it."""

    project: int
    rho_hi: float  # certified upper bound on the winner's rho
    exact: bool  # rho is exactly 1 / support (nobody capped)


@dataclass(slots=True)
class _PassState:
    """Everything a float MES pass carries from round to round."""

    beta: Fraction
    beta_f: float
    b: npt.NDArray[np.float64]  # budget per group
    e: npt.NDArray[np.float64]  # bound on |b - exact budget| per group
    e_max: float  # max(e): the cheap tests use it and only water-filling needs the per-group bounds
    lo: dict[int, float]  # certified lower bound on each project's rho
    active: set[int]
    selected: list[int]
    purchases: list[Purchase]
    history: list[tuple[int, Fraction]] | None  # exact rho of every purchase while all are exact
    trace: list[RoundTrace] | None = None  # recorded when asked for
    anchor: list[RoundTrace] | None = None  # an earlier pass (smaller budget) this one is compared with
    same: bool = True  # so far, the anchor's structure holds on the whole interval between the two passes


@dataclass(frozen=True, slots=True)
class Purchase:
    """A project bought by MES: the round, the price per unit of satisfaction and what supporters paid."""

    project: int
    round: int
    rho: Fraction | float
    share: float  # what a supporter with utility 1 pays: rho × cost (the equal share of a supporter)
    supporters: int
    capped: int  # supporters who paid all they had left, less than the share
    paid: float


@dataclass(slots=True)
class MesResult:
    beta: Fraction  # starting budget per voter
    selected: list[int]
    purchases: list[Purchase]
    exact: bool = False
    budgets: npt.NDArray[np.float64] | None = None  # each group's money at the end (per voter)
    engine: MesEngine | None = None
    trace: list[RoundTrace] | None = None
    verified: bool = (
        False  # every pass with a starting budget between the anchor's and this one has its outcome
    )
    # an anchored pass that is not verified: its round order differs from the anchor's (True) or the orders agree
    # so far but the certificate was too loose for the interval (False)
    diverged: bool = False
    # the float pass could not certify a decision (NeedExact) and the exact pass computed this result; a pass that
    # was exact for another reason (asked for, or nothing to compute) is no fallback
    fallback: bool = False

    def money_left(self) -> dict[int, float]:
        """Per project MES considered but did not buy: its supporters' money at the end (computed on demand,
        since add1 discards all passes but one)."""
        if self.engine is None or self.budgets is None:
            return {}
        chosen = set(self.selected)
        eng = self.engine
        return {p: _dot(eng.weights[p], self.budgets[eng.groups[p]]) for p in eng.eligible if p not in chosen}


def mes_eligible(profile: Profile, initial: Iterable[int] = ()) -> list[int]:
    taken = set(initial)
    return [
        p
        for p in range(profile.num_projects)
        if p not in taken and profile.costs[p] > 0 and profile.support[p] > 0
    ]


def _locality_order(profile: Profile) -> npt.NDArray[np.intp]:
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
        # the engine numbers the groups anew (see _locality_order): a project's supporters then lie close together
        # in the budget arrays, and gathering and scattering their budgets misses the cache less (Warszawa: ≈ 12 %
        # of add1); every array below is in the new numbering, nothing outside the engine sees it
        perm = _locality_order(profile)
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
        self.lo0: dict[int, float] = {p: r * (1 - 4 * _U) for p, r in self.rho_exact_f.items()}
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
        # a pass starts with every supporter holding beta: projects whose supporters hold less than the cost
        # together can never be bought in it (money only shrinks), so they are left out from the start
        # binary water-filling scratch: row 0 the weights, row 1 weight × budget (only where OpenBLAS runs the
        # matrix-vector product on one thread, see _BLAS_GEMV_MAX)
        self._stacks: dict[int, npt.NDArray[np.float64]] = {
            p: np.stack([self.weights[p], self.weights[p]])
            for p in self.eligible
            if self.sats[p] is None and len(self.groups[p]) <= _BLAS_GEMV_MAX
        }
        self._eligible_arr = np.asarray(self.eligible, dtype=np.int64)
        self._weight_arr = np.asarray([self.total_weight[p] for p in self.eligible], dtype=np.float64)
        self._cost_arr = np.asarray([self.cost_f[p] for p in self.eligible], dtype=np.float64)

    def initial_beta(self) -> Fraction:
        return self.profile.budget / self.profile.num_voters

    # -- float pass -------------------------------------------------------------------------------------------
    def _start(self, beta: Fraction) -> _PassState:
        beta_f = float(beta)
        # e[g] bounds |b[g] - exact budget of group g|; zero where the budget is exactly known (e.g. 0)
        e0 = 0.0 if Fraction(beta_f) == beta else beta_f * _U
        lo = dict(self.lo0)
        # total weight (an integer, exact in float) × beta_f carries relative error <= 2u against weight × beta, and
        # cost_f <= cost × (1 + u): the margin 16u makes "left out" certain (near-equality stays in and is decided
        # by _evaluate)
        may_afford = self._weight_arr * beta_f * (1 + 16 * _U) >= self._cost_arr
        return _PassState(
            beta=beta,
            beta_f=beta_f,
            b=np.full(self.num_groups, beta_f, dtype=np.float64),
            e=np.full(self.num_groups, e0, dtype=np.float64),
            e_max=e0,
            lo=lo,
            active=set(self._eligible_arr[may_afford].tolist()),
            selected=[],
            purchases=[],
            history=[],
        )

    def run_float(
        self,
        beta: Fraction,
        *,
        trace: bool = False,
        anchor: list[RoundTrace] | None = None,
        hint: list[int] | None = None,
    ) -> MesResult:
        st = self._start(beta)
        if trace or anchor is not None:
            st.trace = []
        st.anchor = anchor
        return self._continue(st, hint)

    def _continue(self, st: _PassState, hint: list[int] | None = None) -> MesResult:
        """Rounds until nothing is affordable. ``hint``: the round order of a nearby pass (add1's previous one). The
        hinted project of a round is evaluated first, so that its price bounds the round at once and the others
        mostly need only the cheap "certainly dearer" test. The order of evaluation never changes a decision:
        every project whose lower bound is not above the best upper bound is still evaluated."""
        ids = self.profile.project_ids
        lo = st.lo
        active = st.active
        while active:
            order = sorted(active, key=lo.__getitem__)
            t = len(st.selected)
            if hint is not None and t < len(hint) and hint[t] in active:
                first = hint[t]
                order.remove(first)
                order.insert(0, first)
            best_hi = math.inf
            gathered: dict[int, _Gathered] = {}
            evaluated: list[tuple[int, float, float, float, Fraction | None]] = []
            for p in order:
                if lo[p] > best_hi:
                    break  # the hint comes first with best_hi infinite; the rest is sorted
                res = self._evaluate(p, st.b, st.e, st.e_max, st.beta, st.history, best_hi, gathered, lo[p])
                if res is None:
                    active.discard(p)
                    continue
                if isinstance(res, float):
                    # certainly dearer than the best so far this round, and a lower bound on its price
                    if res > lo[p]:
                        lo[p] = res
                    continue
                rho_f, r_lo, r_hi, exact = res
                if r_lo > lo[p]:
                    lo[p] = r_lo
                evaluated.append((p, rho_f, r_lo, r_hi, exact))
                if r_hi < best_hi:
                    best_hi = r_hi
            if not evaluated:
                break
            win = self._winner(evaluated, best_hi, ids)
            if st.anchor is not None:
                st.same = self._others_lose_throughout(st, win)
                if not st.same:
                    # an anchored pass is only wanted if it certifies the interval: give up at once
                    t = len(st.selected)
                    diverged = t >= len(st.anchor) or st.anchor[t].project != win[0]
                    return MesResult(
                        st.beta, st.selected, st.purchases, False, None, None, None, False, diverged
                    )
            self._pay(st, *win, gathered=gathered.get(win[0]))
        result = self._finish(st.beta, st.selected, st.purchases, st.b, exact=False)
        result.trace = st.trace
        result.verified = st.anchor is not None and st.same and len(st.anchor) == len(st.selected)
        result.diverged = st.anchor is not None and len(st.anchor) != len(st.selected)
        return result

    def _others_lose_throughout(
        self, st: _PassState, win: tuple[int, float, float, float, Fraction | None]
    ) -> bool:
        """Certify, for round ``t`` of this pass (starting budget beta_b) against the same round of the anchor pass
        (beta_a < beta_b) with the same winner, that no other project can win round ``t`` for any starting budget
        in between.

        Induction on rounds: if rounds before ``t`` have the same winners for every starting budget in
        [beta_a, beta_b], then every voter's money at round ``t`` is non-decreasing in the starting budget (more
        money in, a water-filling price that can only drop, ``max(0, b - price)`` out), so it is at most its value
        in this pass, and the winner's price is at most the anchor's. A project's supporters can then pay at most
        ``sum_i min(b_i(beta_b), rho_a × s_i)`` at the winner's price; if that is below its cost it cannot be
        chosen (the winner stays affordable: its supporters have at least what they had in the anchor pass).

        Only projects still active in this pass are checked: one that left (unaffordable at beta_b in this round
        or an earlier one, certified) is unaffordable for every budget in between, since its supporters hold at
        most what they hold in this pass. Nor is one whose certified lower bound ``lo`` (valid at beta_b, hence
        for smaller budgets, whose prices are higher) lies above the anchor winner's price ``rho_a``, the winner's
        largest price on the interval."""
        assert st.anchor is not None
        t = len(st.selected)
        if t >= len(st.anchor) or st.anchor[t].project != win[0]:
            return False
        a = st.anchor[t]
        p = win[0]
        profile = self.profile
        ids = profile.project_ids
        exact_both = a.exact and win[4] is not None
        lo = st.lo
        above = a.rho_hi * (1 + 8 * _U)
        for q in st.active:
            if q == p or lo[q] > above:
                continue
            if exact_both and (
                profile.support[q] < profile.support[p]
                or (profile.support[q] == profile.support[p] and ids[q] > ids[p])
            ):
                continue  # its price is at least 1/support[q] >= the winner's exact price, and it loses ties
            g = self.groups[q]
            s = self.sats[q]
            cap = a.rho_hi * (1 + 8 * _U) * (self.cost_f[q] if s is None else s)
            reach = _dot(self.weights[q], np.minimum(st.b[g] + st.e[g], cap))
            if reach * (1 + (len(g) + 8) * _U) >= self.cost_f[q]:
                return False
        return True

    @staticmethod
    def _winner(
        evaluated: list[tuple[int, float, float, float, Fraction | None]], best_hi: float, ids: list[str]
    ) -> tuple[int, float, float, float, Fraction | None]:
        contenders = [x for x in evaluated if x[2] <= best_hi]
        if len(contenders) == 1:
            return contenders[0]
        exacts = [x[4] for x in contenders]
        if any(x is None for x in exacts):
            raise NeedExact()
        least = min(x for x in exacts if x is not None)
        return min((x for x in contenders if x[4] == least), key=lambda x: ids[x[0]])

    def _pay(
        self,
        st: _PassState,
        p: int,
        rho_f: float,
        r_lo: float,
        r_hi: float,
        exact: Fraction | None,
        *,
        gathered: _Gathered | None = None,
    ) -> None:
        """Buy ``p`` at the certified price. ``gathered``: the winner's supporters' budgets and error bounds as its
        evaluation this round gathered them (nothing changed ``b`` or ``e`` since), saving the gathers."""
        if exact is not None:
            rho_f = float(exact)
            rho_err = rho_f * 2 * _U
            if st.history is not None:
                st.history.append((p, exact))
        else:
            rho_err = max(rho_f - r_lo, r_hi - rho_f)
            st.history = None
        g = self.groups[p]
        bs, es, q, capped_w = (st.b[g], None, None, None) if gathered is None else gathered
        if es is None:
            es = st.e[g]
        s = self.sats[p]
        sat: npt.NDArray[np.float64] | float = self.cost_f[p] if s is None else s
        # binary with a water-filled q: every supporter owes q itself (rho_f = fl(q / c), so |q - rho × c| <=
        # rho_err × c + u × q, which due_err covers); the supporters below it are the water-filling's capped set
        due = rho_f * sat if q is None or exact is not None else q
        due_err = rho_err * sat + _U * due
        # e grows by the error of the price and the rounding of b - due, at most u × b <= u × beta (budgets only
        # shrink from beta): one pass over the supporters instead of three
        grow = due_err + _U * st.beta_f
        if exact is not None:
            # certified: every supporter holds more than its share, nobody is capped
            capped = 0
            new_b = bs - due
            new_e = es + grow
        else:
            if capped_w is None:
                capped_w = _dot(self.weights[p], bs < due)
            capped = int(capped_w)
            if s is None:
                # surely capped: exact budget <= bs + es <= bs + e_max < due - due_err <= exact due; the threshold
                # is rounded down (two subtractions, each within u relative)
                surely_capped = bs < (due - due_err - st.e_max) * (1 - 4 * _U)
            else:
                surely_capped = bs + es < due - due_err
            # where surely capped, max(bs - due, 0) is already 0: es, due_err >= 0 and rounding is monotone, so
            # bs <= fl(bs + es) < fl(due - due_err) <= due, and fl(bs - due) of a negative difference is negative
            new_b = np.subtract(bs, due)
            np.maximum(new_b, 0.0, out=new_b)
            new_e = es + grow
            np.multiply(new_e, ~surely_capped, out=new_e)
        if st.trace is not None:
            st.trace.append(RoundTrace(p, r_hi if exact is None else rho_f * (1 + 2 * _U), exact is not None))
        st.b[g] = new_b
        st.e[g] = new_e
        top = float(new_e.max())
        if top > st.e_max:
            st.e_max = top
        st.purchases.append(
            Purchase(
                project=p,
                round=len(st.selected) + 1,
                rho=exact if exact is not None else rho_f,
                share=rho_f * self.cost_f[p],
                supporters=int(self.total_weight[p]),
                capped=capped,
                paid=self.cost_f[p],
            )
        )
        st.selected.append(p)
        st.active.discard(p)

    @staticmethod
    def _water_fill_binary(
        bs: npt.NDArray[np.float64],
        ws: npt.NDArray[np.float64],
        c: float,
        weight: float,
        q0: float,
        stack: npt.NDArray[np.float64] | None = None,
    ) -> tuple[float, float]:
        """Float per-supporter payment q with sum(w × min(b, q)) = c, and the weight of supporters with b < q, by
        the poor/rich fixed point: start from ``q0`` (the equal share or a lower bound of q), cap whoever holds
        less, recompute the share of the rest; from below the root the capped set only grows, so this ends after at
        most a handful of rounds (sorting is the fallback). Whatever ``q0``, it only returns a q whose capped set
        {b < q} gave q itself: the capped sets are nested thresholds, so equal counts mean equal sets, and that q
        solves sum(w × min(b, q)) = c. ``stack``: a (2, n) scratch array whose row 0 holds ``ws``; both masked sums
        then come from one matrix-vector product (one cast of the mask, one call)."""
        if stack is not None:
            wb = np.multiply(ws, bs, out=stack[1])
        else:
            wb = ws * bs
        q = q0
        capped_count = -1
        rest = weight
        for _ in range(16):
            mask = bs < q
            count = np.count_nonzero(mask)
            if count == capped_count:
                # same count: the same set as the one last summed (integer weights, so the weight is exact)
                return q, weight - rest
            capped_count = count
            if stack is not None:
                sums = np.dot(stack, mask)
                rest = weight - float(sums[0])
                paid = float(sums[1])
            else:
                rest = weight - _dot(ws, mask)
                paid = _dot(wb, mask)
            if rest <= 0:
                break
            q = (c - paid) / rest
        order = bs.argsort(kind="stable")
        bsorted = bs[order]
        wsorted = ws[order]
        wbs = wsorted * bsorted
        paid_before = wbs.cumsum() - wbs
        weight_after = weight - (wsorted.cumsum() - wsorted)
        qs = (c - paid_before) / weight_after
        ok = (qs <= bsorted * (1 + 8 * _U)).nonzero()[0]
        if len(ok) == 0:
            raise NeedExact()
        q = float(qs[ok[0]])
        return q, _dot(ws, bs < q)

    def _exact_total(self, p: int, beta: Fraction, history: list[tuple[int, Fraction]]) -> Fraction:
        """Supporters' exact money while every purchase so far was exact and capped nobody."""
        total = beta * int(self.total_weight[p])
        members = self.groups[p]
        ws = self.weights[p]
        for s, rho in history:
            mask = np.zeros(self.num_groups, dtype=bool)
            mask[self.groups[s]] = True
            inside = mask[members]
            if not inside.any():
                continue
            if self.sats[s] is None:
                total -= rho * self.profile.costs[s] * int(ws[inside].sum())
            else:
                pos = {int(gr): k for k, gr in enumerate(self.groups[s].tolist())}
                utils = self.utils[s]
                assert utils is not None
                for gr in members[inside].tolist():
                    total -= rho * utils[pos[gr]] * self.profile.costs[s] * self.group_weights[gr]
        return total

    def _evaluate(
        self,
        p: int,
        b: npt.NDArray[np.float64],
        e: npt.NDArray[np.float64],
        e_max: float,
        beta: Fraction,
        history: list[tuple[int, Fraction]] | None,
        best_hi: float = math.inf,
        gathered: dict[int, _Gathered] | None = None,
        rho_lo: float = 0.0,
    ) -> tuple[float, float, float, Fraction | None] | float | None:
        """Return None if certainly unaffordable, a lower bound on rho (a float) if rho certainly exceeds
        ``best_hi``, else
        (rho, lower bound, upper bound, exact rho or None); then ``gathered[p]`` (if given) keeps the supporters'
        budgets and error bounds (None if not gathered) for the payment. ``rho_lo``: a certified lower bound on
        rho, where the binary water-filling starts (it only saves iterations)."""
        g = self.groups[p]
        ws = self.weights[p]
        bs = b[g]
        c = self.cost_f[p]
        weight = self.total_weight[p]
        n = len(g)
        total = _dot(ws, bs)
        rounding = (n + 4) * _U * (total + c)
        coarse = weight * e_max + rounding
        if total + coarse < c:
            return None
        es: npt.NDArray[np.float64] | None = None
        if total - coarse <= c:
            # too close for the coarse bound: use each supporter's own error bound
            es = e[g]
            total_err = _dot(ws, es) + rounding
            if total + total_err < c:
                return None
            if total - total_err > c:
                pass
            elif history is None:
                raise NeedExact()
            else:
                exact_total = self._exact_total(p, beta, history)
                if exact_total < self.profile.costs[p]:
                    return None
                raise NeedExact()
        s = self.sats[p]
        if best_hi < math.inf:
            # cheap test: even with every budget at its upper bound, paying at most best_hi per unit of
            # satisfaction does not cover the cost, so rho > best_hi
            cap = best_hi * (c if s is None else s)
            high = bs + e_max  # e_max >= es: a coarser, still valid bound
            reach_hi = _dot(ws, np.minimum(high, cap)) * (1 + (n + 8) * _U)
            if reach_hi < c:
                # and a better lower bound than best_hi: F(r) = sum w min(high, r s) is concave, nondecreasing and
                # at least the supporters' exact payment at price r, so c <= F(rho) <= F(best_hi) + F'(best_hi+) ×
                # (rho - best_hi), F' being the satisfaction weight of supporters not capped at best_hi
                free = high > cap
                slope_hi = (_dot(ws, free) * c if s is None else _dot(ws * s, free)) * (1 + (n + 8) * _U)
                if slope_hi <= 0:
                    return None  # everyone is capped already: even all their money stays below the cost
                return (best_hi + (c - reach_hi) / slope_hi) * (1 - 4 * _U)
        if s is None:
            # binary: every supporter's satisfaction is c, rho = q / c with q the per-supporter payment
            q0 = c / weight
            if float(bs.min()) - e_max > q0 * (1 + 8 * _U):
                rf = self.rho_exact_f[p]
                if gathered is not None:
                    gathered[p] = (bs, es, None, None)
                return rf, rf, rf, self.rho_exact[p]
            if es is None:
                es = e[g]
            low = bs - es
            # start from the certified lower bound, a little lower still: the float root lies within 1e-7 of the
            # exact one (else NeedExact below), so the fixed point is approached from below in fewer steps
            q_capped = self._water_fill_binary(
                bs, ws, c, weight, max(q0, rho_lo * c * (1 - 1e-6)), self._stacks.get(p)
            )
            qf = q_capped[0]
            # |f*(q) - f(q)| <= sum of errors of supporters that may be capped at q (see module docstring); the
            # set summed over is the complement of the certainly uncapped ones (low > q + tol, the slope's set),
            # a superset of the maybe capped (low <= q (1 + 8u)): one comparison gives both sums
            tol = qf * 1e-7
            not_surely_free = low <= qf + tol
            stack = self._stacks.get(p)
            if stack is not None:
                np.multiply(ws, es, out=stack[1])  # row 1 was the water-filling's scratch
                sums = np.dot(stack, not_surely_free)
                slope = weight - float(sums[0])
                err_sum = float(sums[1])
            else:
                slope = weight - _dot(ws, not_surely_free)
                err_sum = _dot(ws * es, not_surely_free)
            delta_f = err_sum + (n + 8) * _U * (c + total) + 8 * _U * weight * qf
            if slope <= 0 or 2 * delta_f / slope > tol:
                raise NeedExact()
            rho = qf / c
            slack = 2 * delta_f / slope / c
        else:
            q_capped = (None, None)
            if es is None:
                es = e[g]
            low = bs - es
            ratio = bs / s
            low_ratio = low / s
            rho0 = c / _dot(ws, s)
            if float(low_ratio.min()) > rho0 * (1 + 8 * _U):
                rf = self.rho_exact_f[p]
                if gathered is not None:
                    gathered[p] = (bs, es, None, None)
                return rf, rf, rf, self.rho_exact[p]
            order = np.argsort(ratio, kind="stable")
            rsorted = ratio[order]
            wb = (ws * bs)[order]
            wsat = (ws * s)[order]
            paid_before = np.cumsum(wb) - wb
            sat_total = float(wsat.sum())
            sat_after = sat_total - (np.cumsum(wsat) - wsat)
            rhos = (c - paid_before) / sat_after
            ok = np.nonzero(rhos <= rsorted * (1 + 8 * _U))[0]
            if len(ok) == 0:
                raise NeedExact()
            rho = float(rhos[ok[0]])
            tol = rho * 1e-7
            maybe_capped = low_ratio <= rho * (1 + 8 * _U)
            delta_f = _dot(ws * es, maybe_capped) + (n + 8) * _U * (c + total) + 8 * _U * sat_total * rho
            unc = low_ratio > rho + tol
            slope = _dot(ws * s, unc)
            if slope <= 0 or 2 * delta_f / slope > tol:
                raise NeedExact()
            slack = 2 * delta_f / slope
        r_lo = (rho - slack) * (1 - 4 * _U)
        r_hi = (rho + slack) * (1 + 4 * _U)
        if gathered is not None:
            gathered[p] = (bs, es, *q_capped)
        return rho, r_lo, r_hi, None

    def _finish(
        self,
        beta: Fraction,
        selected: list[int],
        purchases: list[Purchase],
        budgets: npt.NDArray[np.float64],
        *,
        exact: bool,
    ) -> MesResult:
        return MesResult(beta, selected, purchases, exact, budgets, self)

    # -- exact pass -------------------------------------------------------------------------------------------
    def run_exact(self, beta: Fraction) -> MesResult:
        profile = self.profile
        ids = profile.project_ids
        weights = self.group_weights
        budgets: list[Fraction] = [beta] * self.num_groups
        groups = {p: self.groups[p].tolist() for p in self.eligible}
        sats = {
            p: [u * profile.costs[p] for u in self.utils[p] or [Fraction(1)] * len(groups[p])]
            for p in self.eligible
        }
        lower: dict[int, Fraction] = {p: Fraction(1) / profile.support[p] for p in self.eligible}
        active = set(self.eligible)
        selected: list[int] = []
        purchases: list[Purchase] = []
        while active:
            order = sorted(active, key=lambda p: (lower[p], ids[p]))
            best: Fraction | None = None
            tied: list[int] = []
            for p in order:
                if best is not None and lower[p] > best:
                    break
                c = profile.costs[p]
                members = groups[p]
                total = sum((weights[g] * budgets[g] for g in members), Fraction(0))
                if total < c:
                    active.discard(p)
                    continue
                rho = _water_fill_exact(
                    c, [(budgets[g], sats[p][k], weights[g]) for k, g in enumerate(members)]
                )
                lower[p] = rho
                if best is None or rho < best:
                    best, tied = rho, [p]
                elif rho == best:
                    tied.append(p)
            if best is None:
                break
            p = min(tied, key=lambda x: ids[x])
            capped = 0
            for k, g in enumerate(groups[p]):
                due = best * sats[p][k]
                if budgets[g] < due:
                    capped += weights[g]
                    budgets[g] = Fraction(0)
                else:
                    budgets[g] -= due
            purchases.append(
                Purchase(
                    p,
                    len(selected) + 1,
                    best,
                    float(best * profile.costs[p]),
                    int(self.total_weight[p]),
                    capped,
                    float(profile.costs[p]),
                )
            )
            selected.append(p)
            active.discard(p)
        b = np.asarray([float(x) for x in budgets], dtype=np.float64)
        return self._finish(beta, selected, purchases, b, exact=True)

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
            return self._finish(beta, [], [], np.full(self.num_groups, float(beta)), exact=True)
        if not force_exact:
            try:
                return self.run_float(beta, trace=trace, anchor=anchor, hint=hint)
            except NeedExact:
                result = self.run_exact(beta)
                result.fallback = True
                return result
        return self.run_exact(beta)


def _water_fill_exact(cost: Fraction, members: list[tuple[Fraction, Fraction, int]]) -> Fraction:
    """Least rho with sum(w × min(b, rho × s)) = cost, given that the supporters can afford it."""
    members.sort(key=lambda m: m[0] / m[1])
    paid = Fraction(0)
    remaining_sat = sum((w * s for _, s, w in members), Fraction(0))
    for budget, sat, weight in members:
        rho = (cost - paid) / remaining_sat
        if rho * sat <= budget:
            return rho
        paid += weight * budget
        remaining_sat -= weight * sat
    raise AssertionError("water filling called on an unaffordable project")


def method_of_equal_shares(
    profile: Profile, *, initial: Iterable[int] = (), force_exact: bool = False
) -> MesResult:
    if profile.num_voters == 0:
        return MesResult(Fraction(0), [], [], True)
    return MesEngine(profile, initial).run(force_exact=force_exact)
