"""Plain data for a participatory-budgeting election: projects, ballots, outcome.

Ballots are stored column-wise (CSR: ``indptr``/``indices``) so that an election with hundreds of thousands of
voters costs memory proportional to the number of approvals, never voters × projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

VOTE_TYPES: Final = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
CARDINAL_VOTE_TYPES: Final = ("cumulative", "scoring")


@dataclass(frozen=True, slots=True)
class Project:
    """One project of the PROJECTS section.

    ``fields`` holds every column of the row as written in the file (including ``project_id`` and ``cost``), so that
    writing the election back reproduces it.
    """

    project_id: str
    cost: Fraction
    fields: dict[str, str]


@dataclass(slots=True)
class Election:
    """A participatory-budgeting election as read from (or to be written to) a pabulib file.

    ``ballot_indptr``/``ballot_indices`` hold the VOTES in CSR form: the ballot of voter ``v`` lists project
    indices ``ballot_indices[ballot_indptr[v]:ballot_indptr[v + 1]]`` in the order of the file (which is the
    preference order for ordinal ballots and decreasing points for cumulative/scoring ballots). ``points_raw`` keeps
    the points column of cardinal ballots as written; ``voter_columns`` every other column of VOTES.
    """

    meta: dict[str, str]
    projects: list[Project]
    project_columns: list[str]
    voter_ids: list[str]
    ballot_indptr: npt.NDArray[np.int64]
    ballot_indices: npt.NDArray[np.int32]
    vote_columns: list[str]
    voter_columns: dict[str, list[str]] = field(default_factory=dict)
    points_raw: list[str] | None = None

    @property
    def vote_type(self) -> str:
        return self.meta["vote_type"]

    @property
    def budget(self) -> Fraction:
        return parse_number(self.meta["budget"])

    @property
    def num_voters(self) -> int:
        return len(self.voter_ids)

    def project_index(self) -> dict[str, int]:
        return {p.project_id: i for i, p in enumerate(self.projects)}

    def ballot(self, voter: int) -> list[str]:
        start, end = int(self.ballot_indptr[voter]), int(self.ballot_indptr[voter + 1])
        return [self.projects[int(j)].project_id for j in self.ballot_indices[start:end]]

    def points(self) -> list[Fraction] | None:
        """Points of cardinal ballots, aligned with ``ballot_indices`` (exact)."""
        if self.points_raw is None:
            return None
        out: list[Fraction] = []
        cache: dict[str, Fraction] = {}
        for raw in self.points_raw:
            if raw:
                for x in raw.split(","):
                    value = cache.get(x)
                    if value is None:
                        value = cache[x] = parse_number(x)
                    out.append(value)
        return out


def parse_number(text: str) -> Fraction:
    """Parse a pabulib number exactly (``"1200"``, ``"1200.50"``, ``"1200,50"``); raise ValueError otherwise."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        raise ValueError("empty number")
    value = Fraction(cleaned)
    return value


def format_number(value: Fraction) -> str:
    """Write a number the way pabulib files do: integers without decimals, others as exact decimals if possible."""
    if value.denominator == 1:
        return str(value.numerator)
    # exact decimal if the denominator has only the factors 2 and 5
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den == 1:
        digits = max(twos, fives)
        scaled = value * 10**digits
        sign = "-" if scaled < 0 else ""
        n = abs(scaled.numerator)
        whole, frac_part = divmod(n, 10**digits)
        return f"{sign}{whole}.{frac_part:0{digits}d}".rstrip("0").rstrip(".")
    return f"{float(value)!r}"
