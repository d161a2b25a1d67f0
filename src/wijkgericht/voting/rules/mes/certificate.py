"""Skipping add1 passes: certify that every pass between an anchor pass and this one has the anchor's outcome.

Used by the float pass when it runs with an ``anchor`` (the trace of a pass with a smaller starting budget); see
:func:`wijkgericht.voting.completion.mes_add1`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .numeric import U, dot

if TYPE_CHECKING:
    from .engine import MesEngine
    from .float_pass import Candidate, PassState


def others_lose_throughout(engine: MesEngine, st: PassState, win: Candidate) -> bool:
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
    profile = engine.profile
    ids = profile.project_ids
    exact_both = a.exact and win[4] is not None
    lo = st.lo
    above = a.rho_hi * (1 + 8 * U)
    for q in st.active:
        if q == p or lo[q] > above:
            continue
        if exact_both and (
            profile.support[q] < profile.support[p]
            or (profile.support[q] == profile.support[p] and ids[q] > ids[p])
        ):
            continue  # its price is at least 1/support[q] >= the winner's exact price, and it loses ties
        g = engine.groups[q]
        s = engine.sats[q]
        cap = a.rho_hi * (1 + 8 * U) * (engine.cost_f[q] if s is None else s)
        reach = dot(engine.weights[q], np.minimum(st.b[g] + st.e[g], cap))
        if reach * (1 + (len(g) + 8) * U) >= engine.cost_f[q]:
            return False
    return True
