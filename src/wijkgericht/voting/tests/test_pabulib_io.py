from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from wijkgericht.voting.model import Election
from wijkgericht.voting.pabulib import PabulibError, election_as_string, read_pabulib, read_pabulib_string

from .conftest import PABULIB_DIR, pabulib_dir

SHIPPED = sorted(p.name for p in PABULIB_DIR.glob("*.pb")) or ["(none)"]

VALID = '''META
key;value
description;"Wijk; test"
country;Netherlands
unit;Barendrecht
instance;2026
num_projects;3
num_votes;3
budget;1000
vote_type;approval
rule;greedy
min_length;1
max_length;2
max_sum_cost;900
PROJECTS
project_id;cost;name;votes
A;600;"Speeltuin ""De Bult""";2
B;400.50;Bankjes;2
C;300;Bomen;1
VOTES
voter_id;vote;age
1;A,B;34
2;A;51
3;B,C;
'''


def _same(a: Election, b: Election) -> None:
    assert a.meta == b.meta
    assert a.project_columns == b.project_columns
    assert [p.fields for p in a.projects] == [p.fields for p in b.projects]
    assert [p.cost for p in a.projects] == [p.cost for p in b.projects]
    assert a.vote_columns == b.vote_columns
    assert a.voter_ids == b.voter_ids
    assert a.ballot_indptr.tolist() == b.ballot_indptr.tolist()
    assert a.ballot_indices.tolist() == b.ballot_indices.tolist()
    assert a.voter_columns == b.voter_columns
    assert a.points_raw == b.points_raw


def test_reads_every_field() -> None:
    e = read_pabulib_string(VALID)
    assert e.meta["description"] == "Wijk; test"
    assert e.meta["max_sum_cost"] == "900"
    assert e.budget == 1000
    assert [p.project_id for p in e.projects] == ["A", "B", "C"]
    assert e.projects[1].cost == Fraction(801, 2)
    assert e.projects[0].fields["name"] == 'Speeltuin "De Bult"'
    assert e.ballot(0) == ["A", "B"] and e.ballot(2) == ["B", "C"]
    assert e.voter_columns["age"] == ["34", "51", ""]


def test_round_trip_small() -> None:
    e = read_pabulib_string(VALID)
    _same(e, read_pabulib_string(election_as_string(e)))


@pytest.mark.parametrize("name", SHIPPED)
def test_round_trip_shipped(name: str, tmp_path: Path) -> None:
    path = pabulib_dir() / name
    e = read_pabulib(path)
    out = tmp_path / name
    from wijkgericht.voting.pabulib import write_pabulib

    write_pabulib(e, out)
    _same(e, read_pabulib(out))


def _broken(replace: str, by: str) -> str:
    assert replace in VALID
    return VALID.replace(replace, by, 1)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param(VALID.split("VOTES")[0], 20, "missing section VOTES", id="missing-votes"),
        pytest.param(
            VALID[: VALID.index("PROJECTS")] + VALID[VALID.index("VOTES") :],
            15,
            "VOTES found where PROJECTS",
            id="missing-projects",
        ),
        pytest.param(
            _broken("PROJECTS\n", "VOTES\n"), 15, "VOTES found where PROJECTS", id="sections-out-of-order"
        ),
        pytest.param(
            _broken("B;400.50", "B;vierhonderd"),
            18,
            "cost of project 'B' is not a number",
            id="cost-not-number",
        ),
        pytest.param(_broken("C;300", "A;300"), 19, "duplicated project_id 'A'", id="duplicated-project"),
        pytest.param(_broken("2;A;51", "1;A;51"), 23, "duplicated voter_id '1'", id="duplicated-voter"),
        pytest.param(_broken("2;A;51", "2;A,Z;51"), 23, "unknown project 'Z'", id="unknown-project"),
        pytest.param(_broken("1;A,B;34", "1;A,B,C;34"), 22, "max_length is 2", id="exceeds-max-length"),
        pytest.param(
            _broken("num_votes;3", "num_votes;4"), 8, "num_votes is 4, found 3", id="num-votes-mismatch"
        ),
        pytest.param(
            _broken("budget;1000", "budget;veel"), 9, "budget is not a number", id="budget-not-number"
        ),
        pytest.param(
            _broken("vote_type;approval", "vote_type;likes"), 10, "unknown vote_type", id="unknown-vote-type"
        ),
        pytest.param(_broken("2;A;51", "2;A"), 23, "vote line has 2 fields", id="short-vote-line"),
        pytest.param(
            _broken("rule;greedy", "budget;5"), 11, "duplicated META key 'budget'", id="duplicated-meta"
        ),
        pytest.param(
            _broken("project_id;cost;name;votes", "project_id;prijs;name;votes"),
            16,
            "no cost column",
            id="no-cost-column",
        ),
        pytest.param("", 1, "missing section META", id="empty-file"),
    ],
)
def test_malformed_input_names_line_and_problem(text: str, line: int, words: str) -> None:
    with pytest.raises(PabulibError) as info:
        read_pabulib_string(text)
    assert info.value.line == line, str(info.value)
    assert words in str(info.value)
    assert str(info.value).startswith(f"line {line}: ")


def test_cumulative_points_are_checked() -> None:
    text = """META
key;value
budget;10
vote_type;cumulative
max_sum_points;3
PROJECTS
project_id;cost
1;5
2;5
VOTES
voter_id;vote;points
a;1,2;2,1
b;1,2;3
"""
    with pytest.raises(PabulibError) as info:
        read_pabulib_string(text)
    assert info.value.line == 13 and "2 projects but 1 points" in info.value.problem


def test_repeated_project_in_approval_vote_is_kept_and_counted_once() -> None:
    e = read_pabulib_string(_broken("3;B,C;", "3;B,C,B;"))
    assert e.ballot(2) == ["B", "C", "B"]
    _same(e, read_pabulib_string(election_as_string(e)))
