"""Deterministic synthetic approval elections for the voting benchmarks (and their pabulib files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wijkgericht.voting.model import Election, Project
from wijkgericht.voting.pabulib import write_pabulib


def generate(num_projects: int = 100, num_voters: int = 5000, seed: int = 3) -> Election:
    """Projects with skewed popularity; each voter approves about five of them; budget ≈ 20 % of all costs."""
    rng = np.random.default_rng(seed)
    costs = (rng.integers(50, 1000, size=num_projects) * 100).tolist()
    popularity = rng.beta(0.8, 12.0, size=num_projects)
    popularity = popularity / popularity.sum() * 5.0
    popularity = np.minimum(popularity, 0.9)
    approvals = rng.random((num_voters, num_projects)) < popularity
    indptr = [0]
    indices: list[int] = []
    for row in approvals:
        chosen = np.nonzero(row)[0].tolist()
        indices.extend(chosen)
        indptr.append(len(indices))
    budget = int(sum(costs) * 0.2) // 1000 * 1000
    projects = [
        Project(str(j + 1), __import__("fractions").Fraction(c), {"project_id": str(j + 1), "cost": str(c)})
        for j, c in enumerate(costs)
    ]
    meta = {
        "description": f"Synthetic benchmark election ({num_projects} projects, {num_voters} voters, seed {seed})",
        "country": "Netherlands",
        "unit": "Benchmark",
        "instance": str(seed),
        "num_projects": str(num_projects),
        "num_votes": str(num_voters),
        "budget": str(budget),
        "vote_type": "approval",
        "rule": "equalshares/add1",
        "experimental": "1",
    }
    return Election(
        meta=meta,
        projects=projects,
        project_columns=["project_id", "cost"],
        voter_ids=[str(v + 1) for v in range(num_voters)],
        ballot_indptr=np.asarray(indptr, dtype=np.int64),
        ballot_indices=np.asarray(indices, dtype=np.int32),
        vote_columns=["voter_id", "vote"],
    )


def write_generated(path: Path, num_projects: int = 100, num_voters: int = 5000, seed: int = 3) -> Path:
    write_pabulib(generate(num_projects, num_voters, seed), path)
    return path
