"""What an MES pass returns, and the signal that floats cannot certify it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .numeric import dot

if TYPE_CHECKING:
    from .engine import MesEngine


class NeedExact(Exception):
    """Floats cannot certify a decision of this pass; recompute it exactly."""


@dataclass(frozen=True, slots=True)
class RoundTrace:
    """What iterated MES needs to know about one round of a pass to certify that nearby passes match it."""

    project: int
    rho_hi: float  # certified upper bound on the winner's rho
    exact: bool  # rho is exactly 1 / support (nobody capped)


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
        return {p: dot(eng.weights[p], self.budgets[eng.groups[p]]) for p in eng.eligible if p not in chosen}
