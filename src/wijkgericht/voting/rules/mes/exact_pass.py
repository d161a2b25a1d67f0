"""The exact MES pass: the rule as defined (see the package docstring), in ``fractions.Fraction`` throughout.

It computes what the float pass cannot certify (and everything, when asked to be exact). Lazy evaluation as in the
float pass: a project's price only rises during a pass, so its last price is a lower bound and a round stops
evaluating once the lower bounds exceed the best price found.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from .result import MesResult, Purchase
from .water_filling import water_fill_exact

if TYPE_CHECKING:
    from .engine import MesEngine


def run_exact(engine: MesEngine, beta: Fraction) -> MesResult:
    profile = engine.profile
    ids = profile.project_ids
    weights = engine.group_weights
    budgets: list[Fraction] = [beta] * engine.num_groups
    groups = {p: engine.groups[p].tolist() for p in engine.eligible}
    sats = {
        p: [u * profile.costs[p] for u in engine.utils[p] or [Fraction(1)] * len(groups[p])]
        for p in engine.eligible
    }
    lower: dict[int, Fraction] = {p: Fraction(1) / profile.support[p] for p in engine.eligible}
    active = set(engine.eligible)
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
            rho = water_fill_exact(c, [(budgets[g], sats[p][k], weights[g]) for k, g in enumerate(members)])
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
                int(engine.total_weight[p]),
                capped,
                float(profile.costs[p]),
            )
        )
        selected.append(p)
        active.discard(p)
    b = np.asarray([float(x) for x in budgets], dtype=np.float64)
    return MesResult(beta, selected, purchases, True, b, engine)
