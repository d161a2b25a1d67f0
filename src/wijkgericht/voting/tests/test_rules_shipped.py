"""The engine on the shipped pabulib instances: against pabutools (live where it is quick, else the golden file
recorded from pabutools 1.2.3 by ``bench/voting/make_golden.py``) and against official selections."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from wijkgericht.voting import Election, read_pabulib, tally

from .conftest import pabulib_file

GOLDEN_FILE = Path(__file__).parent / "golden" / "pabutools_outcomes.json"
GOLDEN: dict[str, dict[str, object]] = json.loads(GOLDEN_FILE.read_text()) if GOLDEN_FILE.exists() else {}

# pabutools runs these in well under a second per rule: compared live, every run
LIVE_GREEDY_MES = [
    "Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb",
    "Netherlands_Amsterdam_166.pb",
    "Netherlands_Amsterdam_304.pb",
    "Netherlands_Amsterdam_324.pb",
    "Netherlands_Amsterdam_515.pb",
    "Netherlands_Amsterdam_522.pb",
    "Netherlands_Amsterdam_523.pb",
    "Netherlands_Amsterdam_619.pb",
    "Netherlands_Amsterdam_643.pb",
    "Poland_Poznan_2025_9_-_Stare_Miasto__large.pb",
    "Poland_Zabrze_2020_Osiedle_Mlodego_Gornika.pb",
    "US_Stanford_Dataset_2023_Youth_Power_PB_LB_vote_approvals.pb",
]
LIVE_ADD1 = [
    "Netherlands_Amsterdam_522.pb",
    "Netherlands_Amsterdam_523.pb",
    "Netherlands_Amsterdam_619.pb",
    "Netherlands_Amsterdam_643.pb",
    "Poland_Poznan_2025_9_-_Stare_Miasto__large.pb",
    "Poland_Zabrze_2020_Osiedle_Mlodego_Gornika.pb",
]


@lru_cache(maxsize=4)
def _election(name: str) -> Election:
    return read_pabulib(pabulib_file(name))


def _live_cases() -> list[tuple[str, str, str]]:
    cases = [(f, r, "none") for f in LIVE_GREEDY_MES for r in ("greedy", "mes")]
    cases += [(f, "mes", c) for f in LIVE_ADD1 for c in ("add1", "add1-utilitarian")]
    return cases


@pytest.mark.parametrize(("name", "rule", "completion"), _live_cases(), ids=lambda x: str(x))
def test_live_oracle(name: str, rule: str, completion: str) -> None:
    pytest.importorskip("pabutools")
    from .oracle import reference

    election = _election(name)
    assert sorted(tally(election, rule, completion).selected) == reference(election, rule, completion)


GOLDEN_CASES = sorted(GOLDEN)


@pytest.mark.skipif(not GOLDEN_CASES, reason="no golden file")
@pytest.mark.parametrize("case", GOLDEN_CASES)
def test_golden_pabutools_outcome(case: str) -> None:
    name, rule, completion = case.split("|")
    outcome = tally(_election(name), rule, completion)
    assert sorted(outcome.selected) == GOLDEN[case]["selected"]


# official selections published in the files (the `selected` column), under the rule the file names
OFFICIAL = [
    ("Poland_Warszawa_2026.pb", "greedy-threshold"),
    ("Poland_Katowice_2024.pb", "greedy-threshold"),
    ("Poland_Czestochowa_2024_Wrzosowiak.pb", "greedy"),
    ("Poland_Krakow_2020_Zwierzyniec.pb", "greedy"),
    ("Poland_Wroclaw_2015_150_-_500.pb", "greedy-no-skip"),
    ("Poland_Wroclaw_2015_from_500.pb", "greedy-no-skip"),
    ("Poland_Wroclaw_2015_up_to_150.pb", "greedy-no-skip"),
    ("Poland_Wroclaw_2020.pb", "greedy-no-skip"),
]
# not reproduced on purpose: Hungary_Budapest_2024 (rule unknown; ~10 % paper ballots are missing from the file),
# Poland_Poznan_2025_9_-_Stare_Miasto__large (greedy-custom, a city-specific rule)


@pytest.mark.parametrize(("name", "rule"), OFFICIAL, ids=lambda x: str(x))
def test_official_selection(name: str, rule: str) -> None:
    election = _election(name)
    official = sorted(
        p.project_id for p in election.projects if p.fields.get("selected", "0") not in ("0", "")
    )
    assert sorted(tally(election, rule).selected) == official
