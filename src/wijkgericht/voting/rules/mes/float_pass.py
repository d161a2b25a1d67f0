"""The certified float pass of MES: rounds until nothing is affordable, each decided on certified intervals.

Every round evaluates the active projects (:func:`.float_price.evaluate`), in order of their certified lower
bounds on ``rho``, and buys the winner (:func:`pay`), updating each supporter's float budget and its error bound.
A decision is taken in floats only when the intervals separate it, or when all contenders have exact Fractions
(genuine ties); otherwise the pass raises :class:`~.result.NeedExact` and the caller recomputes it exactly. So this
pass returns either the exact outcome or nothing.

Lazy evaluation: a stored lower bound of a project's ``rho`` stays valid for the rest of the pass, because prices
only rise as money shrinks; a round stops evaluating once the lower bounds exceed the best certified upper bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .certificate import others_lose_throughout
from .float_price import Gathered, evaluate
from .numeric import U, dot
from .result import MesResult, NeedExact, Purchase, RoundTrace

if TYPE_CHECKING:
    from .engine import MesEngine

# an evaluated project of a round: (project, float rho, certified lower and upper bound on rho, exact rho or None)
Candidate = tuple[int, float, float, float, Fraction | None]


@dataclass(slots=True)
class PassState:
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


def start_pass(engine: MesEngine, beta: Fraction) -> PassState:
    beta_f = float(beta)
    # e[g] bounds |b[g] - exact budget of group g|; zero where the budget is exactly known (e.g. 0)
    e0 = 0.0 if Fraction(beta_f) == beta else beta_f * U
    lo = dict(engine.lo0)
    # a pass starts with every supporter holding beta: projects whose supporters hold less than the cost
    # together can never be bought in it (money only shrinks), so they are left out from the start.
    # total weight (an integer, exact in float) × beta_f carries relative error <= 2u against weight × beta, and
    # cost_f <= cost × (1 + u): the margin 16u makes "left out" certain (near-equality stays in and is decided
    # by evaluate)
    may_afford = engine.weight_arr * beta_f * (1 + 16 * U) >= engine.cost_arr
    return PassState(
        beta=beta,
        beta_f=beta_f,
        b=np.full(engine.num_groups, beta_f, dtype=np.float64),
        e=np.full(engine.num_groups, e0, dtype=np.float64),
        e_max=e0,
        lo=lo,
        active=set(engine.eligible_arr[may_afford].tolist()),
        selected=[],
        purchases=[],
        history=[],
    )


def run_float(
    engine: MesEngine,
    beta: Fraction,
    *,
    trace: bool = False,
    anchor: list[RoundTrace] | None = None,
    hint: list[int] | None = None,
) -> MesResult:
    """The float pass with starting budget ``beta`` per voter; raises :class:`~.result.NeedExact` where floats
    cannot certify a decision. ``trace``, ``anchor``, ``hint``: see :meth:`.engine.MesEngine.run`."""
    st = start_pass(engine, beta)
    if trace or anchor is not None:
        st.trace = []
    st.anchor = anchor
    return continue_pass(engine, st, hint)


def continue_pass(engine: MesEngine, st: PassState, hint: list[int] | None = None) -> MesResult:
    """Rounds until nothing is affordable. ``hint``: the round order of a nearby pass (add1's previous one). The
    hinted project of a round is evaluated first, so that its price bounds the round at once and the others
    mostly need only the cheap "certainly dearer" test. The order of evaluation never changes a decision:
    every project whose lower bound is not above the best upper bound is still evaluated."""
    ids = engine.profile.project_ids
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
        gathered: dict[int, Gathered] = {}
        evaluated: list[Candidate] = []
        for p in order:
            if lo[p] > best_hi:
                break  # the hint comes first with best_hi infinite; the rest is sorted
            res = evaluate(engine, p, st.b, st.e, st.e_max, st.beta, st.history, best_hi, gathered, lo[p])
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
        win = winner(evaluated, best_hi, ids)
        if st.anchor is not None:
            st.same = others_lose_throughout(engine, st, win)
            if not st.same:
                # an anchored pass is only wanted if it certifies the interval: give up at once
                t = len(st.selected)
                diverged = t >= len(st.anchor) or st.anchor[t].project != win[0]
                return MesResult(st.beta, st.selected, st.purchases, False, None, None, None, False, diverged)
        pay(engine, st, *win, gathered=gathered.get(win[0]))
    result = MesResult(st.beta, st.selected, st.purchases, False, st.b, engine)
    result.trace = st.trace
    result.verified = st.anchor is not None and st.same and len(st.anchor) == len(st.selected)
    result.diverged = st.anchor is not None and len(st.anchor) != len(st.selected)
    return result


def winner(evaluated: list[Candidate], best_hi: float, ids: list[str]) -> Candidate:
    """The round's winner among the evaluated projects whose interval reaches below ``best_hi`` (the least upper
    bound): the only one, or among exact prices the least, ties to the smallest project id; else NeedExact."""
    contenders = [x for x in evaluated if x[2] <= best_hi]
    if len(contenders) == 1:
        return contenders[0]
    exacts = [x[4] for x in contenders]
    if any(x is None for x in exacts):
        raise NeedExact()
    least = min(x for x in exacts if x is not None)
    return min((x for x in contenders if x[4] == least), key=lambda x: ids[x[0]])


def pay(
    engine: MesEngine,
    st: PassState,
    p: int,
    rho_f: float,
    r_lo: float,
    r_hi: float,
    exact: Fraction | None,
    *,
    gathered: Gathered | None = None,
) -> None:
    """Buy ``p`` at the certified price. ``gathered``: the winner's supporters' budgets and error bounds as its
    evaluation this round gathered them (nothing changed ``b`` or ``e`` since), saving the gathers."""
    if exact is not None:
        rho_f = float(exact)
        rho_err = rho_f * 2 * U
        if st.history is not None:
            st.history.append((p, exact))
    else:
        rho_err = max(rho_f - r_lo, r_hi - rho_f)
        st.history = None
    g = engine.groups[p]
    bs, es, q, capped_w = (st.b[g], None, None, None) if gathered is None else gathered
    if es is None:
        es = st.e[g]
    s = engine.sats[p]
    sat: npt.NDArray[np.float64] | float = engine.cost_f[p] if s is None else s
    # binary with a water-filled q: every supporter owes q itself (rho_f = fl(q / c), so |q - rho × c| <=
    # rho_err × c + u × q, which due_err covers); the supporters below it are the water-filling's capped set
    due = rho_f * sat if q is None or exact is not None else q
    due_err = rho_err * sat + U * due
    # e grows by the error of the price and the rounding of b - due, at most u × b <= u × beta (budgets only
    # shrink from beta): one pass over the supporters instead of three
    grow = due_err + U * st.beta_f
    if exact is not None:
        # certified: every supporter holds more than its share, nobody is capped
        capped = 0
        new_b = bs - due
        new_e = es + grow
    else:
        if capped_w is None:
            capped_w = dot(engine.weights[p], bs < due)
        capped = int(capped_w)
        if s is None:
            # surely capped: exact budget <= bs + es <= bs + e_max < due - due_err <= exact due; the threshold
            # is rounded down (two subtractions, each within u relative)
            surely_capped = bs < (due - due_err - st.e_max) * (1 - 4 * U)
        else:
            surely_capped = bs + es < due - due_err
        # where surely capped, max(bs - due, 0) is already 0: es, due_err >= 0 and rounding is monotone, so
        # bs <= fl(bs + es) < fl(due - due_err) <= due, and fl(bs - due) of a negative difference is negative
        new_b = np.subtract(bs, due)
        np.maximum(new_b, 0.0, out=new_b)
        new_e = es + grow
        np.multiply(new_e, ~surely_capped, out=new_e)
    if st.trace is not None:
        st.trace.append(RoundTrace(p, r_hi if exact is None else rho_f * (1 + 2 * U), exact is not None))
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
            share=rho_f * engine.cost_f[p],
            supporters=int(engine.total_weight[p]),
            capped=capped,
            paid=engine.cost_f[p],
        )
    )
    st.selected.append(p)
    st.active.discard(p)
