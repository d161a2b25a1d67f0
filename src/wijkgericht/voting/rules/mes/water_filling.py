"""Water-filling: the price at which a project's supporters cover its cost, each paying at most what they hold.

The price ``rho`` is the least value with ``sum_i w_i × min(b_i, rho × s_i) = c`` (``w_i`` a group's weight,
``b_i`` its money, ``s_i`` its satisfaction). In floats for binary ballots (where every ``s_i`` is the cost, and
the unknown is the per-supporter payment ``q = rho × c``; the float pass certifies the result), and in Fractions
for the exact pass.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt

from .numeric import U, dot
from .result import NeedExact


def water_fill_binary(
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
            rest = weight - dot(ws, mask)
            paid = dot(wb, mask)
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
    ok = (qs <= bsorted * (1 + 8 * U)).nonzero()[0]
    if len(ok) == 0:
        raise NeedExact()
    q = float(qs[ok[0]])
    return q, dot(ws, bs < q)


def water_fill_exact(cost: Fraction, members: list[tuple[Fraction, Fraction, int]]) -> Fraction:
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
