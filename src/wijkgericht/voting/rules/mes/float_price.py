"""One project in one round of the float pass: is it affordable, and what is its price ``rho``, as certified
intervals.

The float pass computes budgets in float64 and carries a rigorous bound ``E`` on the absolute error of every budget
(see ``docs/adr/0002-voting-engine.md``). Each quantity that decides the outcome is turned into an interval that
provably contains the exact value:

* affordability: the float sum of supporters' money ± (weight × E + rounding of the sum);
* ``rho``: if every supporter certainly holds more than the equal share (``b_i − E > c / W``), nobody is capped and
  ``rho`` is exactly ``1 / support`` (a Fraction); otherwise ``rho`` is the float water-filling result ±
  (weight × E + rounding) / (smallest satisfaction), because ``sum_i min(b_i, rho × s_i)`` grows with slope at
  least ``s_min`` near its root and moves by at most weight × E when every budget moves by at most E.

Where an interval does not decide, :class:`~.result.NeedExact` is raised.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .numeric import U, dot
from .result import NeedExact
from .water_filling import water_fill_binary

if TYPE_CHECKING:
    from .engine import MesEngine

# what evaluating a project gathered, kept for its payment if it wins the round: supporters' budgets, their error
# bounds (None if not gathered), and for binary water-filling the float per-supporter payment q and the weight of
# the supporters holding less than q (None otherwise)
Gathered = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None, float | None, float | None]


def exact_total(engine: MesEngine, p: int, beta: Fraction, history: list[tuple[int, Fraction]]) -> Fraction:
    """Supporters' exact money while every purchase so far was exact and capped nobody."""
    total = beta * int(engine.total_weight[p])
    members = engine.groups[p]
    ws = engine.weights[p]
    for s, rho in history:
        mask = np.zeros(engine.num_groups, dtype=bool)
        mask[engine.groups[s]] = True
        inside = mask[members]
        if not inside.any():
            continue
        if engine.sats[s] is None:
            total -= rho * engine.profile.costs[s] * int(ws[inside].sum())
        else:
            pos = {int(gr): k for k, gr in enumerate(engine.groups[s].tolist())}
            utils = engine.utils[s]
            assert utils is not None
            for gr in members[inside].tolist():
                total -= rho * utils[pos[gr]] * engine.profile.costs[s] * engine.group_weights[gr]
    return total


def evaluate(
    engine: MesEngine,
    p: int,
    b: npt.NDArray[np.float64],
    e: npt.NDArray[np.float64],
    e_max: float,
    beta: Fraction,
    history: list[tuple[int, Fraction]] | None,
    best_hi: float = math.inf,
    gathered: dict[int, Gathered] | None = None,
    rho_lo: float = 0.0,
) -> tuple[float, float, float, Fraction | None] | float | None:
    """Return None if certainly unaffordable, a lower bound on rho (a float) if rho certainly exceeds
    ``best_hi``, else
    (rho, lower bound, upper bound, exact rho or None); then ``gathered[p]`` (if given) keeps the supporters'
    budgets and error bounds (None if not gathered) for the payment. ``rho_lo``: a certified lower bound on
    rho, where the binary water-filling starts (it only saves iterations)."""
    g = engine.groups[p]
    ws = engine.weights[p]
    bs = b[g]
    c = engine.cost_f[p]
    weight = engine.total_weight[p]
    n = len(g)
    total = dot(ws, bs)
    rounding = (n + 4) * U * (total + c)
    coarse = weight * e_max + rounding
    if total + coarse < c:
        return None
    es: npt.NDArray[np.float64] | None = None
    if total - coarse <= c:
        # too close for the coarse bound: use each supporter's own error bound
        es = e[g]
        total_err = dot(ws, es) + rounding
        if total + total_err < c:
            return None
        if total - total_err > c:
            pass
        elif history is None:
            raise NeedExact()
        else:
            if exact_total(engine, p, beta, history) < engine.profile.costs[p]:
                return None
            raise NeedExact()
    s = engine.sats[p]
    if best_hi < math.inf:
        # cheap test: even with every budget at its upper bound, paying at most best_hi per unit of
        # satisfaction does not cover the cost, so rho > best_hi
        cap = best_hi * (c if s is None else s)
        high = bs + e_max  # e_max >= es: a coarser, still valid bound
        reach_hi = dot(ws, np.minimum(high, cap)) * (1 + (n + 8) * U)
        if reach_hi < c:
            # and a better lower bound than best_hi: F(r) = sum w min(high, r s) is concave, nondecreasing and
            # at least the supporters' exact payment at price r, so c <= F(rho) <= F(best_hi) + F'(best_hi+) ×
            # (rho - best_hi), F' being the satisfaction weight of supporters not capped at best_hi
            free = high > cap
            slope_hi = (dot(ws, free) * c if s is None else dot(ws * s, free)) * (1 + (n + 8) * U)
            if slope_hi <= 0:
                return None  # everyone is capped already: even all their money stays below the cost
            return (best_hi + (c - reach_hi) / slope_hi) * (1 - 4 * U)
    if s is None:
        # binary: every supporter's satisfaction is c, rho = q / c with q the per-supporter payment
        q0 = c / weight
        if float(bs.min()) - e_max > q0 * (1 + 8 * U):
            rf = engine.rho_exact_f[p]
            if gathered is not None:
                gathered[p] = (bs, es, None, None)
            return rf, rf, rf, engine.rho_exact[p]
        if es is None:
            es = e[g]
        low = bs - es
        # start from the certified lower bound, a little lower still: the float root lies within 1e-7 of the
        # exact one (else NeedExact below), so the fixed point is approached from below in fewer steps
        q_capped = water_fill_binary(
            bs, ws, c, weight, max(q0, rho_lo * c * (1 - 1e-6)), engine.stacks.get(p)
        )
        qf = q_capped[0]
        # |f*(q) - f(q)| <= sum of errors of supporters that may be capped at q (see the module docstring); the
        # set summed over is the complement of the certainly uncapped ones (low > q + tol, the slope's set),
        # a superset of the maybe capped (low <= q (1 + 8u)): one comparison gives both sums
        tol = qf * 1e-7
        not_surely_free = low <= qf + tol
        stack = engine.stacks.get(p)
        if stack is not None:
            np.multiply(ws, es, out=stack[1])  # row 1 was the water-filling's scratch
            sums = np.dot(stack, not_surely_free)
            slope = weight - float(sums[0])
            err_sum = float(sums[1])
        else:
            slope = weight - dot(ws, not_surely_free)
            err_sum = dot(ws * es, not_surely_free)
        delta_f = err_sum + (n + 8) * U * (c + total) + 8 * U * weight * qf
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
        rho0 = c / dot(ws, s)
        if float(low_ratio.min()) > rho0 * (1 + 8 * U):
            rf = engine.rho_exact_f[p]
            if gathered is not None:
                gathered[p] = (bs, es, None, None)
            return rf, rf, rf, engine.rho_exact[p]
        order = np.argsort(ratio, kind="stable")
        rsorted = ratio[order]
        wb = (ws * bs)[order]
        wsat = (ws * s)[order]
        paid_before = np.cumsum(wb) - wb
        sat_total = float(wsat.sum())
        sat_after = sat_total - (np.cumsum(wsat) - wsat)
        rhos = (c - paid_before) / sat_after
        ok = np.nonzero(rhos <= rsorted * (1 + 8 * U))[0]
        if len(ok) == 0:
            raise NeedExact()
        rho = float(rhos[ok[0]])
        tol = rho * 1e-7
        maybe_capped = low_ratio <= rho * (1 + 8 * U)
        delta_f = dot(ws * es, maybe_capped) + (n + 8) * U * (c + total) + 8 * U * sat_total * rho
        unc = low_ratio > rho + tol
        slope = dot(ws * s, unc)
        if slope <= 0 or 2 * delta_f / slope > tol:
            raise NeedExact()
        slack = 2 * delta_f / slope
    r_lo = (rho - slack) * (1 - 4 * U)
    r_hi = (rho + slack) * (1 + 4 * U)
    if gathered is not None:
        gathered[p] = (bs, es, *q_capped)
    return rho, r_lo, r_hi, None
